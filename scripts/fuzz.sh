#!/usr/bin/env bash
# Coverage-guided fuzzing of Triscale's file readers with libFuzzer: builds the fuzz package
# (fuzz/, `swift build --sanitize=fuzzer`) and runs each target for RUNS executions, one after
# the other, with a 1 s limit per input and a 1 GiB RSS limit. docs/fuzzing.md describes the targets.
#
# Usage: scripts/fuzz.sh [--runs N] [--summary FILE] [TARGET...]
#   --runs N        executions per target (default 1000000)
#   --summary FILE  where the JSON summary goes (default runs/fuzz/summary.json; the recorded
#                   results are docs/results/fuzzing.json)
#   TARGET          fuzz-float-model fuzz-int8-model fuzz-yaml fuzz-cifar10 fuzz-idx
#                   fuzz-tflite-export (default: all)
# Environment: JOBS (build jobs, default 2).
#
# Each target's working corpus is runs/fuzz/TARGET/corpus (seeded from fuzz/corpus/TARGET and
# kept between runs), its log runs/fuzz/TARGET/fuzz.log, and any crashing, slow (> 1 s) or
# memory-hungry (> 1 GiB) input is saved in runs/fuzz/TARGET/findings/. Exits 1 when any target
# has a finding, after running the others. Installs nothing: it needs the Swift toolchain
# (which ships libFuzzer on Linux) and python3 for the summary.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

INVOCATION="scripts/fuzz.sh $*"
ALL=(fuzz-float-model fuzz-int8-model fuzz-yaml fuzz-cifar10 fuzz-idx fuzz-tflite-export)
RUNS=1000000
SUMMARY=runs/fuzz/summary.json
TARGETS=()
while (($#)); do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --summary) SUMMARY=$2; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    fuzz-*) TARGETS+=("$1"); shift ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
((${#TARGETS[@]})) || TARGETS=("${ALL[@]}")
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "error: --runs takes a positive count, not '$RUNS'" >&2; exit 2; }
for target in "${TARGETS[@]}"; do
  [[ " ${ALL[*]} " == *" $target "* ]] || {
    echo "error: unknown target '$target'; targets: ${ALL[*]}" >&2
    exit 2
  }
done

# The largest input each target tries: a few seed files' worth, so that mutations stay near
# real files while allowing growth (YAML larger, to reach slow-parse cases).
max_len() {
  case "$1" in
    fuzz-yaml) echo 16384 ;;
    fuzz-cifar10) echo 12400 ;;
    fuzz-idx) echo 4096 ;;
    *) echo 8192 ;;
  esac
}
dictionary() {
  case "$1" in
    fuzz-yaml) echo fuzz/dictionaries/yaml.dict ;;
    fuzz-float-model | fuzz-int8-model | fuzz-tflite-export) echo fuzz/dictionaries/model.dict ;;
  esac
}

for target in "${TARGETS[@]}"; do
  swift build -c release -j "${JOBS:-2}" --package-path fuzz --sanitize=fuzzer --product "$target"
done
BIN=$(swift build -c release --package-path fuzz --sanitize=fuzzer --show-bin-path)

RECORDS=runs/fuzz/records.tsv
mkdir -p runs/fuzz
: >"$RECORDS"
status=0
for target in "${TARGETS[@]}"; do
  work=runs/fuzz/$target
  mkdir -p "$work/corpus" "$work/findings"
  for seed in fuzz/corpus/"$target"/*; do
    [[ -e $work/corpus/${seed##*/} ]] || cp "$seed" "$work/corpus/"
  done
  flags=(-runs="$RUNS" -timeout=1 -rss_limit_mb=1024 -max_len="$(max_len "$target")"
    -artifact_prefix="$work/findings/" -print_final_stats=1)
  dict=$(dictionary "$target")
  [[ -n $dict ]] && flags+=(-dict="$dict")
  command="SWIFT_BACKTRACE=enable=no $BIN/$target ${flags[*]} $work/corpus"
  echo "== $target: $command"
  before=$(find "$work/findings" -type f | wc -l)
  start=$(date +%s.%N)
  # The Swift runtime's backtracer would catch a crash before libFuzzer saves the input.
  set +e
  SWIFT_BACKTRACE=enable=no "$BIN/$target" "${flags[@]}" "$work/corpus" >"$work/fuzz.log" 2>&1
  rc=$?
  set -e
  end=$(date +%s.%N)
  findings=$(($(find "$work/findings" -type f | wc -l) - before))
  tail -n 12 "$work/fuzz.log"
  if ((rc != 0 || findings > 0)); then
    echo "FINDING in $target (exit $rc); inputs in $work/findings/, log $work/fuzz.log" >&2
    status=1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$rc" "$findings" "$start" "$end" \
    "$(max_len "$target")" "$work/fuzz.log" "$command" >>"$RECORDS"
done

python3 - "$RECORDS" "$SUMMARY" "$RUNS" "$INVOCATION" <<'EOF'
import datetime, json, os, re, subprocess, sys

records, summary, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def cpu():
    model, flags = "unknown", []
    with open("/proc/cpuinfo") as info:
        for line in info:
            key, _, value = line.partition(":")
            if key.strip() == "model name" and model == "unknown":
                model = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = value.split()
    return {"model": model, "cores": os.cpu_count(), "flags": " ".join(flags)}

def stat(log, name):
    found = re.findall(rf"^stat::{name}:\s+(\d+)", log, re.M)
    return int(found[-1]) if found else None

targets = []
for line in open(records):
    target, rc, findings, start, end, max_len, log_path, command = line.rstrip("\n").split("\t")
    log = open(log_path, errors="replace").read()
    wall = float(end) - float(start)
    executions = stat(log, "number_of_executed_units")
    targets.append({
        "target": target,
        "command": command,
        "maxLength": int(max_len),
        "executions": executions,
        "executionsPerSecond": round(executions / wall) if executions else None,
        "wallSeconds": round(wall, 1),
        "peakRSSMegabytes": stat(log, "peak_rss_mb"),
        "slowestInputSeconds": stat(log, "slowest_unit_time_sec"),
        "findings": int(findings),
        "exitCode": int(rc),
        "clean": rc == "0" and findings == "0" and executions is not None and executions >= runs,
    })
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
swift = subprocess.run(["swift", "--version"], capture_output=True, text=True)
result = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "command": sys.argv[4],
    "commit": commit.stdout.strip(),
    "swift": swift.stdout.splitlines()[0] if swift.stdout else "",
    "limits": {"timeoutSeconds": 1, "rssLimitMegabytes": 1024, "runsPerTarget": runs},
    "cpu": cpu(),
    "loadAverageAtEnd": [round(x, 2) for x in os.getloadavg()],
    "targets": targets,
}
os.makedirs(os.path.dirname(summary) or ".", exist_ok=True)
with open(summary, "w") as out:
    json.dump(result, out, indent=2)
    out.write("\n")
for t in targets:
    print("%-20s %10s execs %8s/s %6ss  rss %5s MB  findings %d  %s" % (
        t["target"], t["executions"], t["executionsPerSecond"], t["wallSeconds"],
        t["peakRSSMegabytes"], t["findings"], "clean" if t["clean"] else "NOT CLEAN"))
print("summary:", summary)
EOF
exit $status
