#!/usr/bin/env bash
# Serving over HTTP on loopback: `triscale serve` against FastAPI + LiteRT (bench/peers/serve_litert.py)
# serving the same resnet8 int8 model, with the same wrk command, in the same run.
#
#  1. Load test (issue 13): wrk, DURATION s (default 60), CONNECTIONS connections (default 32),
#     batch-1 raw-image requests to /v1/models/resnet8:predict while the alias `production` is
#     promoted to version 2 and rolled back to version 1 CYCLES times (default 10) over HTTP. Counts
#     non-2xx and socket errors, p50/p99, and the responses by the version their X-Model-Version
#     header names.
#  2. Throughput: ROUNDS rounds (default 3) of ROUND_S s (default 20) per server, interleaved
#     (Triscale, peer, Triscale, peer, ...), same wrk command; the ratio of requests/s per round.
# Both servers get the 2 cores: Triscale with --threads 2 (two workers), uvicorn with --workers 2
# (uvloop, httptools; one XNNPACK interpreter per worker); wrk runs one thread beside them.
# Writes bench/results/serve.json (command, CPU model and flags, date, every figure).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
DURATION=${DURATION:-60} CONNECTIONS=${CONNECTIONS:-32} CYCLES=${CYCLES:-10}
ROUNDS=${ROUNDS:-3} ROUND_S=${ROUND_S:-20}
DATA_DIR=${DATA_DIR:-../shared/datasets/cifar10}
scripts/install-system-deps.sh
bench/setup-serve-peer.sh
swift build -c release --product triscale
B=.build/release/triscale
WORK=runs/bench-serve
rm -rf "$WORK" && mkdir -p "$WORK"
TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
PORT=${PORT:-18500} PEER_PORT=${PEER_PORT:-18501}

"$B" registry add models/resnet8-cifar10/resnet8.int8.tsm --name resnet8 --alias production \
  --registry "$WORK/registry" --note "post-training int8"
"$B" registry add models/resnet8-cifar10/resnet8.qat.int8.tsm --name resnet8 \
  --registry "$WORK/registry" --note "quantization-aware int8"
# One CIFAR-10 test image as raw HWC bytes (the binary batch holds CHW planes after a label byte).
python3 - "$DATA_DIR/test_batch.bin" "$WORK/image.bin" <<'PY'
import sys
record = open(sys.argv[1], "rb").read(3073)[1:]
open(sys.argv[2], "wb").write(bytes(record[c * 1024 + p] for p in range(1024) for c in range(3)))
PY

wait_for() { for _ in $(seq 100); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "error: $1 did not come up" >&2; exit 1; }
run_wrk() {  # URL SECONDS OUT
  BODY_FILE="$WORK/image.bin" wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency -s bench/serve_wrk.lua "$1" >"$3"
}
start_triscale() {
  "$B" serve --registry "$WORK/registry" --port "$PORT" --threads 2 --token "$TOKEN" >"$WORK/serve.log" 2>&1 &
  SERVER=$!
  wait_for "http://127.0.0.1:$PORT/v2/health/ready"
}
start_peer() {
  TFLITE=models/resnet8-cifar10/resnet8.int8.tflite bench/.venv-serve/bin/uvicorn serve_litert:app \
    --app-dir bench/peers --port "$PEER_PORT" --workers 2 --loop uvloop --http httptools \
    --log-level warning >"$WORK/peer.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf -o /dev/null -X POST -H 'Content-Type: application/octet-stream' \
    --data-binary @"$WORK/image.bin" "http://127.0.0.1:$PEER_PORT/v1/models/resnet8:predict" && break; sleep 0.2; done
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }

echo "== load test: $DURATION s, $CONNECTIONS connections, $CYCLES promote/rollback cycles"
start_triscale
run_wrk "http://127.0.0.1:$PORT/v1/models/resnet8:predict" "$DURATION" "$WORK/load.txt" &
WRK=$!
CHANGE="http://127.0.0.1:$PORT/v1/registry/resnet8/aliases/production"
PAUSE=$(python3 -c "print($DURATION / ($CYCLES * 2 + 1))")
: >"$WORK/changes.txt"
for cycle in $(seq "$CYCLES"); do
  sleep "$PAUSE"
  curl -s -w ' %{http_code}\n' -H "Authorization: Bearer $TOKEN" -d '{"version": 2, "reason": "bench"}' "$CHANGE:promote" >>"$WORK/changes.txt"
  sleep "$PAUSE"
  curl -s -w ' %{http_code}\n' -H "Authorization: Bearer $TOKEN" -d '{"reason": "bench"}' "$CHANGE:rollback" >>"$WORK/changes.txt"
done
wait "$WRK"
stop_server
cat "$WORK/load.txt"

echo "== throughput: $ROUNDS interleaved rounds of $ROUND_S s per server"
for round in $(seq "$ROUNDS"); do
  start_triscale
  run_wrk "http://127.0.0.1:$PORT/v1/models/resnet8:predict" "$ROUND_S" "$WORK/triscale-$round.txt"
  stop_server
  start_peer
  run_wrk "http://127.0.0.1:$PEER_PORT/v1/models/resnet8:predict" "$ROUND_S" "$WORK/peer-$round.txt"
  stop_server
  grep WRK_JSON "$WORK/triscale-$round.txt" "$WORK/peer-$round.txt"
done
python3 bench/serve_report.py "$WORK" "$ROUNDS" "bench/serve.sh (DURATION=$DURATION CONNECTIONS=$CONNECTIONS CYCLES=$CYCLES ROUNDS=$ROUNDS ROUND_S=$ROUND_S)"
