#!/usr/bin/env bash
# Creates .venv-tflm/ at the repository root with a pinned TensorFlow Lite
# Micro Python interpreter (the `tflite-micro` package), the peer that
# scripts/tflm_run.py measures beside `triscale deploy mcu`. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

TFLM_VERSION="0.dev20261023182759"
NUMPY_VERSION="2.2.6"
VENV=".venv-tflm"
PY="$VENV/bin/python"

installed_versions() {
  "$PY" - <<'PY' 2>/dev/null
from importlib.metadata import version
print(version("tflite-micro"), version("numpy"))
PY
}

if [[ -x "$PY" ]] && [[ "$(installed_versions || true)" == "$TFLM_VERSION $NUMPY_VERSION" ]]; then
  echo "setup-tflm: $VENV has tflite-micro $TFLM_VERSION, numpy $NUMPY_VERSION"
  exit 0
fi

echo "setup-tflm: creating $VENV (tflite-micro $TFLM_VERSION, numpy $NUMPY_VERSION)"
python3 -m venv "$VENV"
"$PY" -m pip install --quiet --disable-pip-version-check \
  "tflite-micro==$TFLM_VERSION" "numpy==$NUMPY_VERSION"
"$PY" -c "from tflite_micro.python.tflite_micro import runtime" \
  || { echo "setup-tflm: tflite_micro does not import; delete $VENV and rerun" >&2; exit 1; }
echo "setup-tflm: ready"
