-- wrk script of bench/serve.sh: POSTs BODY_FILE (raw image bytes) and counts, per wrk thread,
-- the responses by the version their X-Model-Version header names (and those without one).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/octet-stream"
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()

local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args)
  unnamed = 0
  for v = 1, 9 do _G["version_" .. v] = 0 end
end

function response(status, headers, body)
  local version = tonumber(headers["X-Model-Version"] or headers["x-model-version"] or "")
  if version and version >= 1 and version <= 9 then
    _G["version_" .. version] = _G["version_" .. version] + 1
  else
    unnamed = unnamed + 1
  end
end

function done(summary, latency, requests)
  local versions, unnamedTotal = {}, 0
  for _, thread in ipairs(threads) do
    unnamedTotal = unnamedTotal + thread:get("unnamed")
    for v = 1, 9 do versions[v] = (versions[v] or 0) + thread:get("version_" .. v) end
  end
  local named = {}
  for v = 1, 9 do if versions[v] > 0 then table.insert(named, string.format('"%d": %d', v, versions[v])) end end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "unnamed": %d, "by_version": {%s}}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    unnamedTotal, table.concat(named, ", ")))
end
