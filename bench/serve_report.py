"""Reads bench/serve.sh's wrk outputs and writes bench/results/serve.json and a summary.

Usage: serve_report.py WORK ROUNDS COMMAND
"""
import datetime
import json
import statistics
import sys


def wrk(path):
    for line in open(path):
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON "):])
    raise SystemExit(f"error: {path} has no WRK_JSON line (did wrk run?)")


def cpu():
    info = open("/proc/cpuinfo").read().split("\n\n")[0]
    fields = {key.strip(): value for key, value in (line.split(":", 1) for line in info.splitlines() if ":" in line)}
    flags = fields.get("flags", "").split()
    wanted = ["avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8"]
    return {"model": fields.get("model name", "?").strip(), "flags": [f for f in wanted if f in flags],
            "cores": open("/proc/cpuinfo").read().count("processor\t:")}


work, rounds, command = sys.argv[1], int(sys.argv[2]), sys.argv[3]
load = wrk(f"{work}/load.txt")
changes = [line.split()[-1] for line in open(f"{work}/changes.txt") if line.strip()]
per_round = []
for r in range(1, rounds + 1):
    t, p = wrk(f"{work}/triscale-{r}.txt"), wrk(f"{work}/peer-{r}.txt")
    rate = lambda w: w["requests"] / (w["duration_us"] / 1e6)
    per_round.append({"triscale_rps": rate(t), "peer_rps": rate(p), "ratio": rate(t) / rate(p),
                      "triscale": t, "peer": p})
ratios = sorted(r["ratio"] for r in per_round)
result = {
    "command": command,
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "cpu": cpu(),
    "model": "models/resnet8-cifar10/resnet8.int8.tsm (peer: resnet8.int8.tflite, the same model exported)",
    "load_test": {**load, "alias_changes": len(changes), "alias_changes_ok": changes.count("200")},
    "throughput": {"rounds": per_round, "median_ratio": statistics.median(ratios),
                   "min_ratio": ratios[0], "max_ratio": ratios[-1]},
}
json.dump(result, open("bench/results/serve.json", "w"), indent=1)
print(f"load test: {load['requests']} requests, {load['non_2xx']} non-2xx, {load['socket_errors']} socket errors, "
      f"p50 {load['p50_us'] / 1000:.2f} ms, p99 {load['p99_us'] / 1000:.2f} ms, by version {load['by_version']}, "
      f"{load['unnamed']} without a version; alias changes {changes.count('200')}/{len(changes)} ok")
for r in per_round:
    print(f"round: triscale {r['triscale_rps']:.0f} req/s, peer {r['peer_rps']:.0f} req/s, ratio {r['ratio']:.2f}")
print(f"median ratio {statistics.median(ratios):.2f} (range {ratios[0]:.2f}-{ratios[-1]:.2f}); bench/results/serve.json")
