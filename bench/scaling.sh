#!/usr/bin/env bash
# Data-parallel scaling on this machine: Triscale over MPI against PyTorch DistributedDataParallel
# (gloo), one compute thread per rank, same model, per-rank batch, optimizer (SGD momentum 0.9,
# lr 0.05, weight decay 5e-4) and seeded random data; full training steps (forward + backward +
# gradient all-reduce + update).
#
# Four configurations run back to back (interleaved), ROUNDS times: Triscale 1 rank, Triscale RANKS
# ranks, PyTorch 1 process, PyTorch DDP RANKS processes. For each framework
#   scaling efficiency = median samples/s (RANKS ranks) / (RANKS * median samples/s (1 rank));
# the table shows both efficiencies, the study's reference (0.796), and the Triscale/PyTorch ratios
# of the RANKS-rank throughputs and of the efficiencies. The results file keeps the command, machine,
# date (UTC), versions and every figure.
#
# Usage: bench/scaling.sh
# Environment:
#   TRISCALE  Triscale binary (default .build/release/triscale; build with `swift build -c release`)
#   MPIRUN    Open MPI launcher for Triscale's ranks (default mpirun)
#   MODEL     model to measure (default resnet8; also dscnn-micro, vgg-cloud)
#   RANKS     ranks compared with 1 rank (default 2, one per core here)
#   BATCH WARMUP STEPS ROUNDS  per-rank batch and the rest (defaults 128 3 20 3)
#   QUIET_WAIT_S QUIET_BELOW  before each measurement, wait up to QUIET_WAIT_S seconds (default 120)
#             for other processes to use under QUIET_BELOW % of the CPUs (default 10); each run
#             records how much CPU other processes took meanwhile (bench/quiet_run.py).
#   OUT       results file (default bench/results/scaling.json)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
for arg in "$@"; do
  case "$arg" in
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$arg'; settings are environment variables (see --help)" >&2; exit 2 ;;
  esac
done

TRISCALE=${TRISCALE:-.build/release/triscale}
MPIRUN=${MPIRUN:-mpirun}
MODEL=${MODEL:-resnet8}
RANKS=${RANKS:-2}
BATCH=${BATCH:-128}
WARMUP=${WARMUP:-3}
STEPS=${STEPS:-20}
ROUNDS=${ROUNDS:-3}
QUIET_WAIT_S=${QUIET_WAIT_S:-120}
QUIET_BELOW=${QUIET_BELOW:-10}
OUT=${OUT:-bench/results/scaling.json}
THREADS=1
COMMAND="MODEL=$MODEL RANKS=$RANKS BATCH=$BATCH WARMUP=$WARMUP STEPS=$STEPS ROUNDS=$ROUNDS bench/scaling.sh"

for name in RANKS BATCH WARMUP STEPS ROUNDS QUIET_BELOW; do
  if ! [[ ${!name} =~ ^[1-9][0-9]*$ ]]; then
    echo "error: $name='${!name}' must be a positive integer" >&2
    exit 2
  fi
done
if ((RANKS < 2)); then
  echo "error: RANKS=$RANKS must be at least 2 (it is compared with 1 rank)" >&2
  exit 2
fi
if ! [[ $QUIET_WAIT_S =~ ^[0-9]+$ ]]; then
  echo "error: QUIET_WAIT_S='$QUIET_WAIT_S' must be a whole number of seconds (0: do not wait)" >&2
  exit 2
fi
if [[ ! -x "$TRISCALE" ]]; then
  echo "error: no Triscale binary at '$TRISCALE'. Build it with 'swift build -c release' or set TRISCALE=/path/to/triscale" >&2
  exit 1
fi
if ! command -v "$MPIRUN" >/dev/null; then
  echo "error: no '$MPIRUN' on PATH. Install Open MPI (apt-get install openmpi-bin) or set MPIRUN=/path/to/mpirun" >&2
  exit 1
fi

bash bench/setup-peers.sh
PYTHON=bench/.venv/bin/python

# One compute thread per rank, whatever library reads which variable.
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS

# Open MPI: allowed as root, more ranks than cores allowed, no pinning (the OS places the ranks),
# shared-memory transport between ranks on this host.
MPI_FLAGS=(--allow-run-as-root --oversubscribe --bind-to none --mca btl self,vader)

RUN_DIR=$(mktemp -d)
trap 'rm -rf "$RUN_DIR"' EXIT
LOAD_AVERAGE=$(cat /proc/loadavg)
# Every round runs this copy, so a rebuild of $TRISCALE during the run cannot mix two binaries.
BINARY="$RUN_DIR/triscale"
cp -p "$TRISCALE" "$BINARY"

# run FRAMEWORK RANKS ROUND COMMAND...: one measurement, once the CPUs are quiet; its JSON to RUN_DIR.
run() {
  local framework=$1 ranks=$2 round=$3
  shift 3
  echo "[scaling] round $round/$ROUNDS: $framework $MODEL, $ranks rank(s) x $THREADS thread" >&2
  if ! "$PYTHON" bench/quiet_run.py --out "$RUN_DIR/$framework.$ranks.$round.json" \
    --max-wait "$QUIET_WAIT_S" --quiet-below "$QUIET_BELOW" -- "$@"; then
    if [[ $framework == triscale ]]; then
      echo "       Does this Triscale build have 'bench train --distributed'?" >&2
    fi
    exit 1
  fi
}

triscale_args=(bench train --model "$MODEL" --batch "$BATCH" --threads "$THREADS" --warmup "$WARMUP" --steps "$STEPS" --json)
torch_args=(bench/peers/ddp_throughput.py --model "$MODEL" --batch "$BATCH" --warmup "$WARMUP" --steps "$STEPS" --json)
for round in $(seq 1 "$ROUNDS"); do
  run triscale 1 "$round" "$BINARY" "${triscale_args[@]}"
  run triscale "$RANKS" "$round" "$MPIRUN" -np "$RANKS" "${MPI_FLAGS[@]}" "$BINARY" "${triscale_args[@]}" --distributed
  run torch 1 "$round" "$PYTHON" "${torch_args[@]}" --world-size 1
  run torch "$RANKS" "$round" "$PYTHON" "${torch_args[@]}" --world-size "$RANKS"
done

LAUNCH=$(
  "$PYTHON" -c 'import json, sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' \
    triscale_1 "$TRISCALE ${triscale_args[*]}" \
    "triscale_$RANKS" "$MPIRUN -np $RANKS ${MPI_FLAGS[*]} $TRISCALE ${triscale_args[*]} --distributed" \
    torch_1 "$PYTHON ${torch_args[*]} --world-size 1" \
    "torch_$RANKS" "$PYTHON ${torch_args[*]} --world-size $RANKS"
)
"$PYTHON" bench/scaling_report.py "$RUN_DIR" "$OUT" \
  --command "$COMMAND" --model "$MODEL" --ranks "$RANKS" --rounds "$ROUNDS" --quiet-below "$QUIET_BELOW" \
  --load-average "$LOAD_AVERAGE" --triscale-binary "$TRISCALE" --triscale-copy "$BINARY" \
  --mpirun "$MPIRUN" --launch "$LAUNCH" \
  --settings "{\"batch_per_rank\": $BATCH, \"threads_per_rank\": $THREADS, \"warmup\": $WARMUP, \"steps\": $STEPS}"
