"""Runs images through a .tflite model with LiteRT and writes the raw outputs.

Usage: litert_run.py MODEL.tflite INPUT.bin OUTPUT.bin [--delegate builtin|xnnpack|reference]

INPUT.bin holds N images back to back as raw little-endian values of the
model input's type and shape (batch 1 each); OUTPUT.bin receives the N
outputs the same way. Kernels, all on one thread:
  builtin    LiteRT's built-in optimized kernels, no default delegate
  xnnpack    the default configuration (XNNPACK delegate where it applies)
  reference  LiteRT's reference kernels
Run scripts/setup-litert.sh first; it makes .venv-litert/ with the pinned LiteRT.
"""

import argparse
import sys

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType

RESOLVERS = {
    "builtin": OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
    "xnnpack": OpResolverType.AUTO,
    "reference": OpResolverType.BUILTIN_REF,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--delegate", choices=sorted(RESOLVERS), default="builtin")
    args = parser.parse_args()

    interpreter = Interpreter(
        model_path=args.model,
        num_threads=1,
        experimental_op_resolver_type=RESOLVERS[args.delegate],
    )
    interpreter.allocate_tensors()
    input_detail = interpreter.get_input_details()[0]
    output_detail = interpreter.get_output_details()[0]
    shape = tuple(input_detail["shape"])
    dtype = np.dtype(input_detail["dtype"]).newbyteorder("<")
    per_image = int(np.prod(shape))

    data = np.fromfile(args.input, dtype=dtype)
    if data.size == 0 or data.size % per_image != 0:
        print(
            f"litert_run: {args.input} holds {data.size} values of {dtype.name}, "
            f"not a multiple of the {per_image} one {shape} image needs",
            file=sys.stderr,
        )
        return 1
    images = data.reshape((-1,) + shape)
    outputs = []
    for image in images:
        interpreter.set_tensor(input_detail["index"], image)
        interpreter.invoke()
        outputs.append(interpreter.get_tensor(output_detail["index"]).copy())
    np.concatenate(outputs).astype(np.dtype(output_detail["dtype"]).newbyteorder("<")).tofile(
        args.output
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
