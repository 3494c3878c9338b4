#!/usr/bin/env bash
# Training throughput of Triscale against PyTorch and TensorFlow/Keras, in one run on this machine:
# CPU only, fp32, same models, batch, threads, optimizer (SGD momentum 0.9, lr 0.05, weight decay
# 5e-4) and seeded random data; full training steps (forward + backward + update).
#
# For each model, the three frameworks run back to back (interleaved), ROUNDS times; the table shows
# the median samples/s and Triscale's ratio to each peer, and the results file keeps every figure.
#
# Usage: bench/train_throughput.sh [--peers-only]
#   --peers-only  measure PyTorch and Keras only (while `triscale bench train` is unavailable);
#                 the results file is then bench/results/peers-only-<date>.json.
# Environment:
#   TRISCALE  Triscale binary (default .build/release/triscale; build with `swift build -c release`)
#   MODELS    models to measure (default "resnet8 dscnn-micro"; also vgg-cloud)
#   BATCH THREADS WARMUP STEPS ROUNDS  (defaults 128 2 3 20 1)
#   QUIET_WAIT_S QUIET_BELOW  before each measurement, wait up to QUIET_WAIT_S seconds (default 120)
#             for other processes to use under QUIET_BELOW % of the CPUs (default 10); each run
#             records how much CPU other processes took meanwhile (bench/quiet_run.py). On a busy
#             machine PyTorch's OpenMP threads spin-wait and slow down several times: measure on a
#             quiet one.
#   OUT       results file (default bench/results/train_throughput.json)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
COMMAND="bench/train_throughput.sh $*"

PEERS_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --peers-only) PEERS_ONLY=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$arg'; the only option is --peers-only (see --help)" >&2; exit 2 ;;
  esac
done

TRISCALE=${TRISCALE:-.build/release/triscale}
MODELS=${MODELS:-resnet8 dscnn-micro}
BATCH=${BATCH:-128}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-3}
STEPS=${STEPS:-20}
ROUNDS=${ROUNDS:-1}
QUIET_WAIT_S=${QUIET_WAIT_S:-120}
QUIET_BELOW=${QUIET_BELOW:-10}
if ((PEERS_ONLY)); then
  OUT=${OUT:-bench/results/peers-only-$(date -u +%Y-%m-%d).json}
else
  OUT=${OUT:-bench/results/train_throughput.json}
fi

for name in BATCH THREADS WARMUP STEPS ROUNDS QUIET_BELOW; do
  if ! [[ ${!name} =~ ^[1-9][0-9]*$ ]]; then
    echo "error: $name='${!name}' must be a positive integer" >&2
    exit 2
  fi
done
if ! [[ $QUIET_WAIT_S =~ ^[0-9]+$ ]]; then
  echo "error: QUIET_WAIT_S='$QUIET_WAIT_S' must be a whole number of seconds (0: do not wait)" >&2
  exit 2
fi

if ((!PEERS_ONLY)) && [[ ! -x "$TRISCALE" ]]; then
  echo "error: no Triscale binary at '$TRISCALE'. Build it with 'swift build -c release', set TRISCALE=/path/to/triscale," >&2
  echo "       or pass --peers-only to measure PyTorch and Keras alone." >&2
  exit 1
fi

bash bench/setup-peers.sh
PYTHON=bench/.venv/bin/python

# Every library reads its own variable; all of them get the same thread count.
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS
export TF_NUM_INTRAOP_THREADS=$THREADS TF_NUM_INTEROP_THREADS=1 TF_CPP_MIN_LOG_LEVEL=2

RUN_DIR=$(mktemp -d)
trap 'rm -rf "$RUN_DIR"' EXIT
LOAD_AVERAGE=$(cat /proc/loadavg)

# run FRAMEWORK MODEL ROUND COMMAND...: one measurement, once the CPUs are quiet; its JSON to RUN_DIR.
run() {
  local framework=$1 model=$2 round=$3
  shift 3
  echo "[train_throughput] round $round/$ROUNDS: $framework $model" >&2
  if ! "$PYTHON" bench/quiet_run.py --out "$RUN_DIR/$model.$framework.$round.json" \
    --max-wait "$QUIET_WAIT_S" --quiet-below "$QUIET_BELOW" -- "$@"; then
    if [[ $framework == triscale ]]; then
      echo "       Does this Triscale build have 'bench train'? Use --peers-only to skip Triscale." >&2
    fi
    exit 1
  fi
}

for round in $(seq 1 "$ROUNDS"); do
  for model in $MODELS; do
    args=(--model "$model" --batch "$BATCH" --threads "$THREADS" --warmup "$WARMUP" --steps "$STEPS" --json)
    if ((!PEERS_ONLY)); then
      run triscale "$model" "$round" "$TRISCALE" bench train "${args[@]}"
    fi
    run torch "$model" "$round" "$PYTHON" bench/peers/train_throughput.py --framework torch "${args[@]}"
    run keras "$model" "$round" "$PYTHON" bench/peers/train_throughput.py --framework keras "${args[@]}"
  done
done

REPORT_FLAGS=()
if ((PEERS_ONLY)); then REPORT_FLAGS+=(--peers-only); else REPORT_FLAGS+=(--triscale-binary "$TRISCALE"); fi
"$PYTHON" bench/train_throughput_report.py "$RUN_DIR" "$OUT" \
  --command "$COMMAND" --models "$MODELS" --rounds "$ROUNDS" --quiet-below "$QUIET_BELOW" \
  --load-average "$LOAD_AVERAGE" \
  --settings "{\"batch\": $BATCH, \"threads\": $THREADS, \"warmup\": $WARMUP, \"steps\": $STEPS}" \
  "${REPORT_FLAGS[@]}"
