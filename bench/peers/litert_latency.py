"""Batch-1 latency of .tflite models in LiteRT, one thread, as a long-lived peer.

Usage: litert_latency.py   (then one command per line on standard input)

  load NAME MODEL.tflite RESOLVER WARMUP   make interpreter NAME (builtin, xnnpack or
                                           reference kernels), set a seeded random input,
                                           run it WARMUP times untimed
  time NAME RUNS                           time RUNS calls of invoke() alone

Each command is answered with one JSON line: {"ok": true} for load, {"name", "runs",
"median_ms", "p10_ms", "p90_ms"} for time, {"error": ...} for a bad command. The
interpreters stay loaded between commands, so `triscale bench latency` can alternate
Triscale and LiteRT in many short rounds (a speed change of the machine then hits
both sides of a round, not one) without paying a process start per round.
"""

import json
import pathlib
import sys
import time

import numpy as np
from ai_edge_litert.interpreter import Interpreter

# The kernel choices are scripts/litert_run.py's, so both scripts mean the same by "builtin".
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
from litert_run import RESOLVERS  # noqa: E402


def load(interpreters: dict, name: str, model: str, resolver: str, warmup: str) -> dict:
    if resolver not in RESOLVERS:
        return {"error": f"unknown resolver {resolver!r}; use one of {sorted(RESOLVERS)}"}
    interpreter = Interpreter(
        model_path=model, num_threads=1, experimental_op_resolver_type=RESOLVERS[resolver]
    )
    interpreter.allocate_tensors()
    detail = interpreter.get_input_details()[0]
    rng = np.random.default_rng(0)
    if np.issubdtype(detail["dtype"], np.integer):
        image = rng.integers(-128, 128, size=detail["shape"]).astype(detail["dtype"])
    else:
        image = rng.standard_normal(detail["shape"]).astype(detail["dtype"])
    interpreter.set_tensor(detail["index"], image)
    for _ in range(int(warmup)):
        interpreter.invoke()
    interpreters[name] = interpreter
    return {"ok": True}


def timed(interpreters: dict, name: str, runs: str) -> dict:
    if name not in interpreters:
        return {"error": f"no interpreter {name!r}; load it first"}
    count = int(runs)
    if count < 1:
        return {"error": "time at least one run"}
    invoke = interpreters[name].invoke
    times = []
    for _ in range(count):
        start = time.perf_counter()
        invoke()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "name": name,
        "runs": count,
        "median_ms": times[count // 2],
        "p10_ms": times[count // 10],
        "p90_ms": times[(count * 9) // 10],
    }


def main() -> None:
    interpreters: dict = {}
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "load" and len(words) == 5:
                reply = load(interpreters, *words[1:])
            elif words[0] == "time" and len(words) == 3:
                reply = timed(interpreters, *words[1:])
            else:
                reply = {"error": f"unknown command {line.strip()!r}"}
        except Exception as error:  # the reply names it; the peer stays up
            reply = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
