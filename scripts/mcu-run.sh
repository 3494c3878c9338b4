#!/usr/bin/env bash
# Generates, builds and runs an int8 model's C99 project on the host and on
# Cortex-M4 and Cortex-M7 under QEMU (mps2-an386, mps2-an500), on N CIFAR-10
# test images, comparing every int8 output with Triscale's host runtime
# (Int8Executor) and printing accuracy, flash, stack and instruction counts.
#
#   scripts/mcu-run.sh [MODEL [IMAGES [DATA_DIR [OUT_DIR]]]]
#
# Defaults: models/resnet8-cifar10/resnet8.int8.tsm, 1000 images,
# /work/shared/datasets/cifar10 (CIFAR-10 binary batches, read in place),
# .build/mcu (one project folder per target; each keeps its report.json).
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-models/resnet8-cifar10/resnet8.int8.tsm}"
images="${2:-1000}"
data="${3:-/work/shared/datasets/cifar10}"
out="${4:-.build/mcu}"
scripts/install-system-deps.sh
triscale="${TRISCALE_BINARY:-.build/debug/triscale}"
[[ -x "$triscale" ]] || swift build -j 2 --product triscale
mkdir -p "$out"
for target in host cortex-m4 cortex-m7; do
  "$triscale" deploy mcu "$model" --target "$target" --output "$out/$target" \
    --run-images "$images" --dataset cifar10 --data-dir "$data"
done
