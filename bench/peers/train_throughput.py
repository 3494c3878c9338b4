"""Training throughput of PyTorch or TensorFlow/Keras on the CPU: the peers of `triscale bench train`.

Builds one of Triscale's zoo architectures (NHWC 32x32x3 input, 10 classes, 'same' padding, convolutions
with bias, batch norm eps 1e-3), checks its trainable-parameter count, and times full training steps
(forward, softmax cross-entropy, backward, SGD update with momentum 0.9, lr 0.05, weight decay 5e-4) on
one fixed, seeded random batch, in fp32, with a fixed number of threads.

Where a framework has more than one reasonable way to run (PyTorch: channels-last or default memory
layout; Keras: `model.fit` or a `tf.function` train step, with or without XLA), `auto` probes each and
keeps the fastest, so the peers are measured at their best on this machine.

    python train_throughput.py --framework torch --model resnet8 --batch 128 --threads 2 --json
"""

import argparse
import json
import os
import statistics
import sys
import time

MODELS = ("resnet8", "dscnn-micro", "vgg-cloud")
EXPECTED_TRAINABLE_PARAMS = {"resnet8": 78_186, "dscnn-micro": 68_874, "vgg-cloud": 551_466}
INPUT_HEIGHT, INPUT_WIDTH, INPUT_CHANNELS = 32, 32, 3
NUM_CLASSES = 10
BN_EPSILON = 1e-3
LEARNING_RATE = 0.05
MOMENTUM = 0.9
WEIGHT_DECAY = 5e-4
SEED = 0

TORCH_LAYOUTS = ("channels_last", "contiguous")
KERAS_STEPS = ("fit", "tf-function", "tf-function-xla")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TF_NUM_INTRAOP_THREADS")
REPORTED_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TF_ENABLE_ONEDNN_OPTS", "KMP_AFFINITY", "OMP_PROC_BIND")


# ---------------------------------------------------------------- architectures (framework-neutral)


def conv_bn(net, x, filters, *, kernel=3, stride=1, relu=True):
    """Convolution with bias, then batch norm, then (optionally) ReLU."""
    x = net.batch_norm(net.conv(x, filters, kernel=kernel, stride=stride))
    return net.relu(x) if relu else x


def resnet8(net):
    """MLPerf Tiny ResNet-8: stem, three residual blocks (16, 32/s2, 64/s2), global pool, dense."""
    x = conv_bn(net, net.input, 16)
    for index, filters in enumerate((16, 32, 64)):
        stride = 1 if index == 0 else 2
        y = conv_bn(net, x, filters, stride=stride)
        y = conv_bn(net, y, filters, relu=False)
        shortcut = x if stride == 1 else net.conv(x, filters, kernel=1, stride=stride)
        x = net.relu(net.add(y, shortcut))
    return net.dense(net.global_avg_pool(x), NUM_CLASSES)


def vgg_cloud(net):
    """VGG-style cloud model: [conv-bn-relu x2, maxpool] for 32, 64, 128; dropout; dense 128; dense."""
    x = net.input
    for filters in (32, 64, 128):
        x = conv_bn(net, conv_bn(net, x, filters), filters)
        x = net.max_pool(x)
    x = net.dropout(net.flatten(x), 0.3)
    x = net.relu(net.dense(x, 128))
    return net.dense(x, NUM_CLASSES)


def dscnn_micro(net):
    """Depthwise-separable CNN: stem 32, four [depthwise 3x3, pointwise 1x1] blocks, global pool, dense."""
    x = conv_bn(net, net.input, 32)
    for filters, stride in ((64, 2), (128, 2), (128, 1), (256, 2)):
        x = net.relu(net.batch_norm(net.depthwise(x, stride=stride)))
        x = conv_bn(net, x, filters, kernel=1)
    return net.dense(net.global_avg_pool(x), NUM_CLASSES)


ARCHITECTURES = {"resnet8": resnet8, "vgg-cloud": vgg_cloud, "dscnn-micro": dscnn_micro}


def check_params(model_name, count):
    expected = EXPECTED_TRAINABLE_PARAMS[model_name]
    if count != expected:
        raise SystemExit(f"error: {model_name} has {count:,} trainable parameters, expected {expected:,}")


def make_batch(batch):
    """One seeded batch: NHWC float32 inputs ~ N(0, 1) and uniform labels."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    x = rng.standard_normal((batch, INPUT_HEIGHT, INPUT_WIDTH, INPUT_CHANNELS), dtype=np.float32)
    y = rng.integers(0, NUM_CLASSES, size=batch, dtype=np.int64)
    return x, y


# ---------------------------------------------------------------- PyTorch


class TorchNet:
    """Builds a torch module from the framework-neutral architecture functions.

    Nodes are indices into a value list; each step applies one callable (a registered module or a torch
    function) to earlier values. Shapes are tracked as (channels, height, width) to size the layers.
    Convolutions pad k//2 on every side: for stride 2 that gives TensorFlow's 'same' output size
    (TensorFlow pads 0 before and 1 after instead), with the same work.
    """

    def __init__(self, torch):
        self.torch = torch
        self.nn = torch.nn
        self.modules = torch.nn.ModuleList()
        self.steps = []
        self.shapes = [(INPUT_CHANNELS, INPUT_HEIGHT, INPUT_WIDTH)]
        self.input = 0

    def _append(self, function, inputs, shape):
        if isinstance(function, self.nn.Module):
            self.modules.append(function)
        self.steps.append((function, inputs))
        self.shapes.append(shape)
        return len(self.shapes) - 1

    def conv(self, x, filters, *, kernel, stride):
        channels, height, width = self.shapes[x]
        layer = self.nn.Conv2d(channels, filters, kernel, stride, padding=kernel // 2)
        return self._append(layer, (x,), (filters, -(-height // stride), -(-width // stride)))

    def depthwise(self, x, *, stride):
        channels, height, width = self.shapes[x]
        layer = self.nn.Conv2d(channels, channels, 3, stride, padding=1, groups=channels)
        return self._append(layer, (x,), (channels, -(-height // stride), -(-width // stride)))

    def batch_norm(self, x):
        return self._append(self.nn.BatchNorm2d(self.shapes[x][0], eps=BN_EPSILON), (x,), self.shapes[x])

    def relu(self, x):
        return self._append(self.nn.ReLU(inplace=True), (x,), self.shapes[x])

    def add(self, a, b):
        return self._append(self.torch.add, (a, b), self.shapes[a])

    def max_pool(self, x):
        channels, height, width = self.shapes[x]
        return self._append(self.nn.MaxPool2d(2), (x,), (channels, height // 2, width // 2))

    def global_avg_pool(self, x):
        return self._append(self.nn.AdaptiveAvgPool2d(1), (x,), (self.shapes[x][0], 1, 1))

    def flatten(self, x):
        channels, height, width = self.shapes[x]
        return self._append(self.nn.Flatten(), (x,), (channels * height * width,))

    def dropout(self, x, rate):
        return self._append(self.nn.Dropout(rate), (x,), self.shapes[x])

    def dense(self, x, units):
        features = 1
        for size in self.shapes[x]:
            features *= size
        flat = x if len(self.shapes[x]) == 1 else self._append(self.nn.Flatten(), (x,), (features,))
        return self._append(self.nn.Linear(features, units), (flat,), (units,))

    def module(self, output):
        steps = self.steps[:output]
        graph_modules = self.modules

        class GraphModule(self.nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = graph_modules

            def forward(self, x):
                values = [x]
                for function, inputs in steps:
                    values.append(function(*(values[i] for i in inputs)))
                return values[-1]

        return GraphModule()


def torch_candidates(args, x_np, y_np):
    import torch

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)

    def candidate(layout):
        def measure(warmup, steps):
            torch.manual_seed(SEED)
            builder = TorchNet(torch)
            model = builder.module(ARCHITECTURES[args.model](builder))
            check_params(args.model, sum(p.numel() for p in model.parameters() if p.requires_grad))
            memory_format = torch.channels_last if layout == "channels_last" else torch.contiguous_format
            model = model.to(memory_format=memory_format).train()
            # NHWC data seen as NCHW is already channels-last in memory; `contiguous` makes it NCHW.
            x = torch.from_numpy(x_np).permute(0, 3, 1, 2).contiguous(memory_format=memory_format)
            y = torch.from_numpy(y_np)
            optimizer = torch.optim.SGD(
                model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY
            )

            def step():
                optimizer.zero_grad(set_to_none=True)
                loss = torch.nn.functional.cross_entropy(model(x), y)
                loss.backward()
                optimizer.step()

            return time_loop(step, warmup, steps)

        return measure

    layouts = TORCH_LAYOUTS if args.torch_layout == "auto" else (args.torch_layout,)
    info = {
        "version": torch.__version__,
        "notes": "eager mode; oneDNN (mkldnn) conv; SGD with coupled L2 weight decay; ReLU in place",
        "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
    }
    return {layout: candidate(layout) for layout in layouts}, "layout", info


# ---------------------------------------------------------------- TensorFlow / Keras


class KerasNet:
    """Builds a Keras functional model from the framework-neutral architecture functions (NHWC)."""

    def __init__(self, keras):
        self.keras = keras
        self.layers = keras.layers
        self.input = keras.Input((INPUT_HEIGHT, INPUT_WIDTH, INPUT_CHANNELS))

    def conv(self, x, filters, *, kernel, stride):
        return self.layers.Conv2D(filters, kernel, strides=stride, padding="same")(x)

    def depthwise(self, x, *, stride):
        return self.layers.DepthwiseConv2D(3, strides=stride, padding="same")(x)

    def batch_norm(self, x):
        return self.layers.BatchNormalization(epsilon=BN_EPSILON)(x)

    def relu(self, x):
        return self.layers.ReLU()(x)

    def add(self, a, b):
        return self.layers.Add()([a, b])

    def max_pool(self, x):
        return self.layers.MaxPooling2D(2)(x)

    def global_avg_pool(self, x):
        return self.layers.GlobalAveragePooling2D()(x)

    def flatten(self, x):
        return self.layers.Flatten()(x)

    def dropout(self, x, rate):
        return self.layers.Dropout(rate)(x)

    def dense(self, x, units):
        return self.layers.Dense(units)(x)

    def module(self, output):
        return self.keras.Model(self.input, output)


def keras_candidates(args, x_np, y_np):
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    import keras

    def build():
        keras.utils.set_random_seed(SEED)
        builder = KerasNet(keras)
        model = builder.module(ARCHITECTURES[args.model](builder))
        check_params(args.model, sum(int(v.numpy().size) for v in model.trainable_variables))
        optimizer = keras.optimizers.SGD(LEARNING_RATE, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        return model, optimizer, loss

    def fit(warmup, steps):
        model, optimizer, loss = build()
        model.compile(optimizer=optimizer, loss=loss, jit_compile=False)
        ends = []
        recorder = keras.callbacks.LambdaCallback(
            on_train_batch_end=lambda batch, logs: ends.append(time.perf_counter())
        )
        data = tf.data.Dataset.from_tensors((x_np, y_np)).repeat()
        model.fit(data, steps_per_epoch=warmup + steps, epochs=1, verbose=0, shuffle=False, callbacks=[recorder])
        return [later - earlier for earlier, later in zip(ends[warmup - 1 : -1], ends[warmup:], strict=True)]

    def tf_function(jit):
        def measure(warmup, steps):
            model, optimizer, loss_fn = build()
            x, y = tf.constant(x_np), tf.constant(y_np)

            @tf.function(jit_compile=jit)
            def train_step():
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                variables = model.trainable_variables
                optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables, strict=True))
                return loss

            return time_loop(train_step, warmup, steps)

        return measure

    all_candidates = {"fit": fit, "tf-function": tf_function(False), "tf-function-xla": tf_function(True)}
    names = KERAS_STEPS if args.keras_step == "auto" else (args.keras_step,)
    info = {
        "version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "notes": "NHWC (TensorFlow's CPU layout); SGD with decoupled weight decay (Keras 3 semantics)",
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
        "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
    }
    return {name: all_candidates[name] for name in names}, "step", info


# ---------------------------------------------------------------- timing and driver


def time_loop(step, warmup, steps):
    """Runs `warmup` untimed steps, then returns the wall time of each of `steps` steps."""
    for _ in range(warmup):
        step()
    durations = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        durations.append(time.perf_counter() - start)
    return durations


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--framework", choices=("torch", "keras"), required=True)
    parser.add_argument("--model", choices=MODELS, required=True)
    parser.add_argument("--batch", type=positive, default=128)
    parser.add_argument("--threads", type=positive, default=2)
    parser.add_argument("--warmup", type=positive, default=3, help="untimed steps before timing (at least 1)")
    parser.add_argument("--steps", type=positive, default=20, help="timed training steps")
    parser.add_argument(
        "--probe-steps", type=positive, default=5, help="timed steps per variant when choosing the fastest (auto)"
    )
    parser.add_argument("--torch-layout", choices=("auto",) + TORCH_LAYOUTS, default="auto")
    parser.add_argument("--keras-step", choices=("auto",) + KERAS_STEPS, default="auto")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    return parser.parse_args(argv)


def pin_threads(threads):
    """Thread settings that the libraries read when they load: set before importing them."""
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    os.environ["TF_NUM_INTEROP_THREADS"] = "1"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def main(argv):
    args = parse_args(argv)
    pin_threads(args.threads)
    x_np, y_np = make_batch(args.batch)
    make_candidates = torch_candidates if args.framework == "torch" else keras_candidates
    candidates, choice_key, info = make_candidates(args, x_np, y_np)

    probes = {}
    if len(candidates) > 1:
        for name, measure in candidates.items():
            probe = measure(args.warmup, args.probe_steps)
            probes[name] = round(args.batch * len(probe) / sum(probe), 2)
            print(
                f"[{args.framework} {args.model}] probe {choice_key}={name}: {probes[name]} samples/s", file=sys.stderr
            )
    chosen = max(probes, key=probes.get) if probes else next(iter(candidates))

    durations = candidates[chosen](args.warmup, args.steps)
    seconds = sum(durations)
    result = {
        "framework": args.framework,
        "version": info.pop("version"),
        "model": args.model,
        "params": EXPECTED_TRAINABLE_PARAMS[args.model],
        "batch": args.batch,
        "threads": args.threads,
        "warmup": args.warmup,
        "steps": args.steps,
        "seconds": round(seconds, 6),
        "samples_per_second": round(args.batch * args.steps / seconds, 2),
        "median_step_seconds": round(statistics.median(durations), 6),
        choice_key: chosen,
        "probe_samples_per_second": probes,
        **info,
        "environment": {name: os.environ[name] for name in REPORTED_VARIABLES if name in os.environ},
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{args.framework} {result['version']} {args.model}: {result['samples_per_second']} samples/s "
            f"({args.steps} steps of {args.batch} in {seconds:.3f} s, {choice_key}={chosen})"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
