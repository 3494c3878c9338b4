#!/usr/bin/env bash
# The main job: installs what is missing, builds in release mode and runs the
# multi-scale pipeline on the built-in dataset (examples/builtin.yaml): train,
# prune, quantize to int8, export to TFLite, generate C for a Cortex-M4 and run it under
# QEMU, and measure both tiers' latency.
# Extra arguments go to `triscale run` (e.g. --dry-run, --force cloud).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
swift build -c release --product triscale
exec .build/release/triscale run examples/builtin.yaml "$@"
