#!/usr/bin/env bash
# Runs an int8 model's generated project on Cortex-M4 and M7 under QEMU with
# the reference and the DSP kernels, on the same N CIFAR-10 test images
# (each run checks every output against Int8Executor), and prints each
# run's instructions per image, the DSP/reference ratio and MACs per instruction.
#
#   scripts/mcu-dsp-run.sh [MODEL [IMAGES [DATA_DIR [OUT_DIR]]]]
#
# Defaults: models/resnet8-cifar10/resnet8.int8.tsm, 100 images,
# ../shared/datasets/cifar10, .build/mcu-dsp. With RESULTS=FILE.json it
# also writes the figures there (command, CPU, date, tool versions, reports).
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-models/resnet8-cifar10/resnet8.int8.tsm}"
images="${2:-100}"
data="${3:-../shared/datasets/cifar10}"
out="${4:-.build/mcu-dsp}"
triscale="${TRISCALE_BINARY:-.build/debug/triscale}"
[[ -x "$triscale" ]] || swift build -j 2 --product triscale
mkdir -p "$out"
for target in cortex-m4 cortex-m7; do
  for kernels in reference dsp; do
    "$triscale" deploy mcu "$model" --target "$target" --kernels "$kernels" \
      --output "$out/$target-$kernels" --run-images "$images" --dataset cifar10 \
      --data-dir "$data" | tee "$out/$target-$kernels.log"
  done
done

python3 - "$out" "${RESULTS:-}" "scripts/mcu-dsp-run.sh $*" <<'PY'
import datetime, json, os, platform, subprocess, sys
out, results, command = sys.argv[1:4]
def first_line(*argv):
    return subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()[0]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
summary = {
    "command": command,
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "cpu": f"{cpu}, {os.cpu_count()} cores",
    "tools": [first_line("qemu-system-arm", "--version"), first_line("arm-none-eabi-gcc", "--version")],
    "targets": {},
}
for target in ["cortex-m4", "cortex-m7"]:
    runs = {}
    for kernels in ["reference", "dsp"]:
        report = json.load(open(f"{out}/{target}-{kernels}/report.json"))
        lines = [l.strip() for l in open(f"{out}/{target}-{kernels}.log")]
        per_image = report["qemu_run"]["instructions_per_image"]
        runs[kernels] = {
            "instructions_per_image": per_image,
            "macs_per_instruction": round(report["macs"] / per_image, 4),
            "identical_to_int8executor": next(l for l in lines if "identical" in l),
            "code_bytes_model_and_kernels": report["measured"]["model_code_bytes"],
            "stack_bytes": report["qemu_run"]["stack_bytes"],
        }
    ratio = runs["dsp"]["instructions_per_image"] / runs["reference"]["instructions_per_image"]
    summary["targets"][target] = {"images": report["qemu_run"]["images"], "macs": report["macs"],
                                  "dsp_over_reference_instructions": round(ratio, 4), **runs}
    print(f"{target}: reference {runs['reference']['instructions_per_image']}, dsp {runs['dsp']['instructions_per_image']} instructions per image, ratio {ratio:.3f}, {runs['dsp']['macs_per_instruction']} MACs per instruction (reference {runs['reference']['macs_per_instruction']})")
if results:
    json.dump(summary, open(results, "w"), indent=2)
PY
