#!/usr/bin/env bash
# Generates, builds and runs an int8 model's C99 project on the host and on
# Cortex-M4, M7 and M33 under QEMU (mps2-an386, mps2-an500, mps2-an505), on N CIFAR-10
# test images, comparing every int8 output with Triscale's host runtime
# (Int8Executor) and printing accuracy, flash, stack and instruction counts.
#
#   scripts/mcu-run.sh [MODEL [IMAGES [DATA_DIR [OUT_DIR]]]]
#
# Defaults: models/resnet8-cifar10/resnet8.int8.tsm, 1000 images,
# ../shared/datasets/cifar10 (CIFAR-10 binary batches, read in place),
# .build/mcu (one project folder per target; each keeps its report.json).
# With RESULTS=FILE.json it also writes the figures there (command, CPU,
# date, tool versions, each target's report and printed lines, the peer's).
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-models/resnet8-cifar10/resnet8.int8.tsm}"
images="${2:-1000}"
data="${3:-../shared/datasets/cifar10}"
out="${4:-.build/mcu}"
scripts/install-system-deps.sh
triscale="${TRISCALE_BINARY:-.build/debug/triscale}"
[[ -x "$triscale" ]] || swift build -j 2 --product triscale
mkdir -p "$out"
for target in host cortex-m4 cortex-m7 cortex-m33; do
  "$triscale" deploy mcu "$model" --target "$target" --output "$out/$target" \
    --run-images "$images" --dataset cifar10 --data-dir "$data" | tee "$out/$target.log"
done

# The peer: TensorFlow Lite Micro on the same model exported to .tflite (next
# to MODEL as *.tflite): its smallest working arena, and its outputs on the
# host run's input.bin compared with the generated code's output.bin.
tflite="${model%.tsm}.tflite"
if [[ -f "$tflite" ]]; then
  scripts/setup-tflm.sh
  .venv-tflm/bin/python scripts/tflm_run.py "$tflite" "$out/host/input.bin" \
    "$out/tflm-output.bin" "$out/host/output.bin" | tee "$out/tflm.json"
fi

if [[ -n "${RESULTS:-}" ]]; then
  python3 - "$out" "$RESULTS" "scripts/mcu-run.sh $*" <<'PY'
import datetime, json, os, platform, subprocess, sys
out, results, command = sys.argv[1:4]
def first_line(*argv):
    return subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()[0]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
summary = {
    "command": command,
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "cpu": f"{cpu}, {os.cpu_count()} cores",
    "tools": [first_line("qemu-system-arm", "--version"), first_line("arm-none-eabi-gcc", "--version"), first_line("cc", "--version")],
    "targets": {},
}
for target in ["host", "cortex-m4", "cortex-m7", "cortex-m33"]:
    report = json.load(open(f"{out}/{target}/report.json"))
    report.pop("operations", None)
    lines = [l.strip() for l in open(f"{out}/{target}.log")]
    summary["targets"][target] = {"report": report, "lines": lines}
if os.path.exists(f"{out}/tflm.json"):
    summary["tflite_micro"] = json.load(open(f"{out}/tflm.json"))
json.dump(summary, open(results, "w"), indent=2)
print(f"wrote {results}")
PY
fi
