#!/usr/bin/env bash
# Creates .venv-tflm/ at the repository root with a pinned TensorFlow Lite
# Micro Python interpreter (the `tflite-micro` package), the peer that
# scripts/tflm_run.py measures beside `triscale deploy mcu`. Idempotent.
set -euo pipefail
exec "$(dirname "$0")/pinned-venv.sh" setup-tflm .venv-tflm tflite-micro 0.dev20261023182759 \
  "from tflite_micro.python.tflite_micro import runtime"
