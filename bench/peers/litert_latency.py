"""Batch-1 latency of a .tflite model in LiteRT, one thread.

Usage: litert_latency.py MODEL.tflite --resolver builtin|xnnpack|reference
                         [--runs 200] [--warmup 20]

Times `invoke()` alone (the input is set once beforehand) and prints one JSON
object: {"resolver", "runs", "median_ms", "p10_ms", "p90_ms"}. `triscale bench
latency` runs it beside Triscale's own runtime, in the same run.
"""

import argparse
import json
import pathlib
import sys
import time

import numpy as np
from ai_edge_litert.interpreter import Interpreter

# The kernel choices are scripts/litert_run.py's, so both scripts mean the same by "builtin".
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
from litert_run import RESOLVERS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--resolver", choices=sorted(RESOLVERS), default="builtin")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    interpreter = Interpreter(
        model_path=args.model,
        num_threads=1,
        experimental_op_resolver_type=RESOLVERS[args.resolver],
    )
    interpreter.allocate_tensors()
    detail = interpreter.get_input_details()[0]
    rng = np.random.default_rng(0)
    if np.issubdtype(detail["dtype"], np.integer):
        image = rng.integers(-128, 128, size=detail["shape"]).astype(detail["dtype"])
    else:
        image = rng.standard_normal(detail["shape"]).astype(detail["dtype"])
    interpreter.set_tensor(detail["index"], image)
    for _ in range(args.warmup):
        interpreter.invoke()
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        interpreter.invoke()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        json.dumps(
            {
                "resolver": args.resolver,
                "runs": args.runs,
                "median_ms": times[len(times) // 2],
                "p10_ms": times[len(times) // 10],
                "p90_ms": times[(len(times) * 9) // 10],
            }
        )
    )


if __name__ == "__main__":
    main()
