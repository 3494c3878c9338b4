#!/usr/bin/env python3
"""TensorFlow Lite Micro as the peer of `triscale deploy mcu`.

    tflm_run.py MODEL.tflite [INPUT OUTPUT [EXPECTED]]

Bisects the smallest `arena_size` with which TFLite Micro's Python
interpreter (the `tflite-micro` package, scripts/setup-tflm.sh) allocates and
invokes MODEL, and prints it as JSON with the head/tail split its recording
allocator reports. With INPUT (N int8 images, raw, the model's input size
each) it runs every image in an interpreter of that arena and writes the
int8 outputs to OUTPUT, one row per image; with EXPECTED (another
implementation's outputs for the same images, e.g. the generated C code's
output.bin) it also reports how many images and values differ, the largest
difference and how many images have the same top-1 class.
"""
import contextlib
import io
import json
import os
import sys

import numpy as np
from tflite_micro.python.tflite_micro import runtime


def interpreter(model, size):
    """An interpreter that invoked once with `size` bytes, or None."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            it = runtime.Interpreter.from_file(model, arena_size=size)
            detail = it.get_input_details(0)
            it.set_input(np.zeros(detail["shape"], dtype=detail["dtype"]), 0)
            it.invoke()
        return it
    except Exception:  # allocation failures raise RuntimeError or ValueError
        return None


def smallest_arena(model):
    low, high = 0, 1 << 16
    while interpreter(model, high) is None:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if interpreter(model, middle) is None:
            low = middle
        else:
            high = middle
    return high


def main():
    model = sys.argv[1]
    # The C++ allocator prints every failed attempt; keep them off the terminal.
    saved = os.dup(1), os.dup(2)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    try:
        arena = smallest_arena(model)
        it = interpreter(model, arena)
        outputs = None
        if len(sys.argv) >= 4:
            detail = it.get_input_details(0)
            shape = detail["shape"]
            size = int(np.prod(shape))
            images = np.fromfile(sys.argv[2], dtype=np.int8).reshape(-1, size)
            rows = []
            for image in images:
                it.set_input(image.reshape(shape), 0)
                it.invoke()
                rows.append(it.get_output(0).reshape(-1).astype(np.int8))
            outputs = np.stack(rows)
            outputs.tofile(sys.argv[3])
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
    report = {"model": model, "smallest_arena_bytes": arena}
    if outputs is not None:
        report["images"] = len(outputs)
    if outputs is not None and len(sys.argv) == 5:
        expected = np.fromfile(sys.argv[4], dtype=np.int8).reshape(outputs.shape)
        difference = np.abs(outputs.astype(np.int32) - expected.astype(np.int32))
        report["comparison"] = {
            "against": sys.argv[4],
            "identical_images": int((difference.max(axis=1) == 0).sum()),
            "differing_values": int((difference > 0).sum()),
            "values": int(difference.size),
            "maximum_difference": int(difference.max()),
            "same_top1_images": int((outputs.argmax(axis=1) == expected.argmax(axis=1)).sum()),
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
