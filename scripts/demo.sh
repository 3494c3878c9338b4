#!/usr/bin/env bash
# The main job: installs what is missing, builds in release mode and runs `triscale demo`:
# the multi-scale pipeline on the built-in dataset (examples/builtin.yaml: cloud model,
# pruned and int8 edge variants, a searched and distilled microcontroller model whose C runs
# under QEMU, latencies, a cascade), then its trade-off report: the study's table printed,
# scenario recommendations, and runs/pipelines/builtin/report/report.html.
# Extra arguments go to `triscale demo` (e.g. --pipeline FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
swift build -c release --product triscale
exec .build/release/triscale demo "$@"
