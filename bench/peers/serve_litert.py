"""The serving peer of bench/serve.sh: FastAPI + LiteRT serving a .tflite classifier.

It answers the same request Triscale's server does, POST /v1/models/NAME:predict with a raw body of
N images (uint8 NHWC, Content-Type application/octet-stream) or TF-Serving JSON
{"instances": [...]}, with the same JSON answer (probabilities per image, top classes) and an
X-Model-Version header. Each worker process holds one interpreter (XNNPACK, LiteRT's fastest
configuration on x86, one thread), so `uvicorn --workers 2` on 2 cores is the peer at its best.

Environment: TFLITE (the model), MEAN and STD (comma-separated normalization, 0..1 scale;
default CIFAR-10's).
"""

import json
import os

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import Response

MEAN = np.array([float(v) for v in os.environ.get("MEAN", "0.4914,0.4822,0.4465").split(",")], np.float32)
STD = np.array([float(v) for v in os.environ.get("STD", "0.2470,0.2435,0.2616").split(",")], np.float32)

interpreter = Interpreter(
    model_path=os.environ["TFLITE"], num_threads=1, experimental_op_resolver_type=OpResolverType.AUTO
)
interpreter.allocate_tensors()
INPUT = interpreter.get_input_details()[0]
OUTPUT = interpreter.get_output_details()[0]
SHAPE = tuple(INPUT["shape"][1:])
IN_SCALE, IN_ZERO = INPUT["quantization"]
OUT_SCALE, OUT_ZERO = OUTPUT["quantization"]

app = FastAPI()


def classify(images: np.ndarray) -> list:
    normalized = (images.astype(np.float32) / 255.0 - MEAN) / STD
    if INPUT["dtype"] == np.int8:
        quantized = np.clip(np.round(normalized / IN_SCALE) + IN_ZERO, -128, 127).astype(np.int8)
    else:
        quantized = normalized
    rows = []
    for image in quantized:
        interpreter.set_tensor(INPUT["index"], image[None])
        interpreter.invoke()
        logits = interpreter.get_tensor(OUTPUT["index"])[0].astype(np.float32)
        if OUTPUT["dtype"] == np.int8:
            logits = (logits - OUT_ZERO) * OUT_SCALE
        exp = np.exp(logits - logits.max())
        rows.append((exp / exp.sum()).tolist())
    return rows


@app.post("/v1/models/{name}:predict")
async def predict(name: str, request: Request) -> Response:
    body = await request.body()
    size = int(np.prod(SHAPE))
    if request.headers.get("content-type", "").startswith("application/octet-stream"):
        if not body or len(body) % size:
            raise HTTPException(400, "a raw body must be whole images")
        images = np.frombuffer(body, np.uint8).reshape((-1,) + SHAPE)
    else:
        try:
            images = np.asarray(json.loads(body)["instances"], np.float32).reshape((-1,) + SHAPE)
        except (ValueError, KeyError, TypeError):
            raise HTTPException(400, "the body needs instances")
    rows = classify(images)
    answer = {"model_name": name, "model_version": "1", "predictions": rows,
              "classes": [int(np.argmax(row)) for row in rows]}
    return Response(json.dumps(answer), media_type="application/json", headers={"X-Model-Version": "1"})
