#!/usr/bin/env bash
# Batch-1, one-thread inference latency: Triscale's int8 runtime (and its fp32 oneDNN path) against
# LiteRT 2.3.0 with its builtin kernels and with XNNPACK, on the same exported .tflite, in the same
# run (`triscale bench latency`: ROUNDS short interleaved rounds, each timing every runtime RUNS
# times, LiteRT kept loaded in one peer process; each ratio is taken within a round and reported as
# the median over the rounds with its interquartile range, and a result whose spread exceeds
# MAX_SPREAD of the median is refused, not written). It also checks that the int8 outputs equal
# LiteRT's on CHECK real test images.
#
# Usage: bench/latency.sh
# Environment:
#   RESNET8   trained float resnet8 (default models/resnet8-cifar10/resnet8.tsm, committed with the
#             command that made it); quantized here with `triscale quantize`.
#   DSCNN     float dscnn-micro (default: trained here for one epoch on the built-in dataset —
#             latency does not depend on the weights' values).
#   DATA_DIR  CIFAR-10 binary batches (default ../shared/datasets/cifar10)
#   ROUNDS RUNS CHECK MAX_SPREAD  (defaults 30 100 1000 0.25)
# Writes bench/results/latency-resnet8.json and bench/results/latency-dscnn-micro.json. Measure on a
# quiet machine: other processes on the same core change the absolute times (the ratios less).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
scripts/install-system-deps.sh
scripts/setup-litert.sh
swift build -c release --product triscale
B=.build/release/triscale
RESNET8=${RESNET8:-models/resnet8-cifar10/resnet8.tsm}
DATA_DIR=${DATA_DIR:-../shared/datasets/cifar10}
ROUNDS=${ROUNDS:-30}
RUNS=${RUNS:-100}
CHECK=${CHECK:-1000}
MAX_SPREAD=${MAX_SPREAD:-0.25}
WORK=runs/bench-latency
mkdir -p "$WORK"

if [ ! -f "$RESNET8" ]; then
  echo "error: no trained resnet8 at $RESNET8; restore models/ from git or set RESNET8" >&2
  exit 1
fi
CIFAR=(--dataset cifar10 --data-dir "$DATA_DIR")
"$B" quantize "$RESNET8" --output "$WORK/resnet8.int8.tsm" "${CIFAR[@]}" --threads 1
"$B" bench latency --int8 "$WORK/resnet8.int8.tsm" --float "$RESNET8" "${CIFAR[@]}" \
  --rounds "$ROUNDS" --runs "$RUNS" --max-spread "$MAX_SPREAD" --check-images "$CHECK" --output bench/results/latency-resnet8.json

DSCNN=${DSCNN:-}
if [ -z "$DSCNN" ]; then
  DSCNN=$WORK/dscnn-micro.tsm
  "$B" train --model dscnn-micro --epochs 1 --threads 1 --output "$DSCNN"
fi
"$B" quantize "$DSCNN" --output "$WORK/dscnn-micro.int8.tsm" --threads 1
"$B" bench latency --int8 "$WORK/dscnn-micro.int8.tsm" --float "$DSCNN" \
  --rounds "$ROUNDS" --runs "$RUNS" --max-spread "$MAX_SPREAD" --check-images "$CHECK" --output bench/results/latency-dscnn-micro.json
