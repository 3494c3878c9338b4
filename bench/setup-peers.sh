#!/usr/bin/env bash
# Creates bench/.venv with pinned PyTorch and TensorFlow/Keras (CPU) for the
# training-throughput peers of `bench/train_throughput.sh`.
#
# Idempotent: when bench/.venv already holds the pinned versions it does nothing.
#
# Which torch build, and why:
#   PyPI's Linux x86_64 `torch` wheel is the CUDA build (~530 MB) and depends on
#   ~3 GB of nvidia-*/cuda-* wheels. Installing it with `--no-deps` does NOT
#   work: `import torch` preloads the CUDA libraries and fails with
#   "libcublasLt.so.*[0-9] not found" (checked with torch 2.13.0). PyPI has no
#   CPU-only torch build. This machine image ships the CPU-only wheel
#   torch-2.13.0+cpu (192 MB, no nvidia dependencies) in /opt/wheels, which pip
#   reads through its find-links setting (/etc/pip.conf, PIP_FIND_LINKS), so we
#   ask for `torch==2.13.0+cpu` first. Only where that wheel is absent do we fall
#   back to PyPI's `torch==2.13.0` with its CUDA dependencies (several GB), which
#   also runs on CPU. The CPU oneDNN/MKL kernels are the same in both builds.
#   `tensorflow-cpu` is PyPI's CPU-only TensorFlow (no CUDA wheels); it brings
#   Keras 3.
#
# Environment: PYTHON (default python3) picks the interpreter; it must be 3.11.
set -euo pipefail

TORCH_VERSION=2.13.0
TORCH_CPU_LOCAL_LABEL=+cpu
TENSORFLOW_VERSION=2.21.0
KERAS_VERSION=3.15.1
NUMPY_VERSION=2.4.6

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV="$BENCH_DIR/.venv"
PYTHON=${PYTHON:-python3}

log() { echo "[setup-peers] $*" >&2; }

# Prints nothing and succeeds when the venv holds every pinned version.
venv_is_current() {
  [[ -x "$VENV/bin/python" ]] || return 1
  "$VENV/bin/python" - "$TORCH_VERSION" "$TENSORFLOW_VERSION" "$KERAS_VERSION" "$NUMPY_VERSION" <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, version

torch_v, tf_v, keras_v, numpy_v = sys.argv[1:]
try:
    ok = (
        version("torch").split("+")[0] == torch_v
        and version("tensorflow-cpu") == tf_v
        and version("keras") == keras_v
        and version("numpy") == numpy_v
    )
except PackageNotFoundError:
    ok = False
sys.exit(0 if ok else 1)
EOF
}

if venv_is_current; then
  log "bench/.venv already has torch $TORCH_VERSION, tensorflow-cpu $TENSORFLOW_VERSION, keras $KERAS_VERSION; nothing to do"
  exit 0
fi

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
  log "error: '$PYTHON' is not Python 3.11 ($("$PYTHON" --version 2>&1 || echo 'not found')); set PYTHON=/path/to/python3.11"
  exit 1
fi

if [[ ! -x "$VENV/bin/python" ]]; then
  log "creating $VENV with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)

log "installing torch $TORCH_VERSION (CPU-only build when available)"
if "${PIP[@]}" install --quiet "torch==$TORCH_VERSION$TORCH_CPU_LOCAL_LABEL" "numpy==$NUMPY_VERSION"; then
  log "installed torch $TORCH_VERSION$TORCH_CPU_LOCAL_LABEL (CPU-only wheel)"
else
  log "warning: torch $TORCH_VERSION$TORCH_CPU_LOCAL_LABEL is not available to pip here;"
  log "warning: falling back to PyPI torch $TORCH_VERSION with its CUDA dependencies (several GB)"
  "${PIP[@]}" install --quiet "torch==$TORCH_VERSION" "numpy==$NUMPY_VERSION"
fi

log "installing tensorflow-cpu $TENSORFLOW_VERSION and keras $KERAS_VERSION"
"${PIP[@]}" install --quiet "tensorflow-cpu==$TENSORFLOW_VERSION" "keras==$KERAS_VERSION" "numpy==$NUMPY_VERSION"

log "checking that both frameworks import and take a training step"
TF_CPP_MIN_LOG_LEVEL=2 "$VENV/bin/python" - <<'EOF'
import numpy as np
import torch

model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                            torch.nn.Flatten(), torch.nn.Linear(4 * 8 * 8, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
loss = torch.nn.functional.cross_entropy(model(torch.randn(2, 3, 8, 8)), torch.tensor([1, 2]))
loss.backward()
optimizer.step()

import keras
import tensorflow as tf

net = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(4, 3, padding="same"),
                        keras.layers.BatchNormalization(), keras.layers.ReLU(), keras.layers.Flatten(),
                        keras.layers.Dense(10)])
net.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
net.fit(np.zeros((2, 8, 8, 3), np.float32), np.array([1, 2]), verbose=0)
print(f"[setup-peers] ok: torch {torch.__version__}, tensorflow {tf.__version__}, keras {keras.__version__}")
EOF
