"""Data-parallel training throughput of PyTorch DistributedDataParallel on the CPU: the peer of
`mpirun -np N triscale bench train --distributed`.

Starts `--world-size` processes on this machine (torch.multiprocessing spawn, gloo backend; the ranks
meet at a TCP store on 127.0.0.1, on a free port, that this parent process hosts). Each one uses one
compute thread and one inter-op thread, builds the same zoo model as `train_throughput.py` (whose
model-building code this imports), wraps it in DistributedDataParallel with its default gradient
buckets, and times full training steps (forward, softmax cross-entropy, backward with the gradient
all-reduce, SGD update with momentum 0.9, lr 0.05, weight decay 5e-4) on its own seeded random batch
(a different one on each rank) in fp32.

After the warm-up steps the ranks meet at a barrier, then each times its steps; the global throughput
is world_size * batch * steps / (the slowest rank's time). With `--world-size 1` there is one process
and no process group: the model is trained as is, without the DDP wrapper (the single-thread baseline
that scaling efficiency divides by).

`--layout auto` probes channels-last against the default memory layout (each over all ranks) and keeps
the faster, as `train_throughput.py` does.

    python ddp_throughput.py --model resnet8 --batch 128 --world-size 2 --json
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time

# The sibling script `train_throughput.py` builds the zoo models; spawned ranks inherit this path.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_throughput as zoo

THREADS_PER_PROCESS = 1
BACKEND = "gloo"
MASTER_ADDRESS = "127.0.0.1"
PROCESS_GROUP_TIMEOUT = datetime.timedelta(minutes=10)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=zoo.MODELS, required=True)
    parser.add_argument("--batch", type=zoo.positive, default=128, help="images per rank per step")
    parser.add_argument("--world-size", type=zoo.positive, default=2, help="processes (ranks), one thread each")
    parser.add_argument("--warmup", type=zoo.positive, default=3, help="untimed steps before timing (at least 1)")
    parser.add_argument("--steps", type=zoo.positive, default=20, help="timed training steps")
    parser.add_argument(
        "--probe-steps", type=zoo.positive, default=5, help="timed steps per layout when choosing the faster (auto)"
    )
    parser.add_argument("--layout", choices=("auto",) + zoo.TORCH_LAYOUTS, default="auto")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    return parser.parse_args(argv)


def rank_batch(batch, rank):
    """This rank's seeded batch: NHWC float32 inputs ~ N(0, 1) and uniform labels, different per rank."""
    import numpy as np

    rng = np.random.default_rng([zoo.SEED, rank])
    x = rng.standard_normal((batch, zoo.INPUT_HEIGHT, zoo.INPUT_WIDTH, zoo.INPUT_CHANNELS), dtype=np.float32)
    y = rng.integers(0, zoo.NUM_CLASSES, size=batch, dtype=np.int64)
    return x, y


class Rank:
    """One process's part of the measurement: its model, data and (for more than one rank) process group."""

    def __init__(self, torch, args, rank):
        self.torch = torch
        self.args = args
        self.rank = rank
        self.distributed = args.world_size > 1
        x_np, y_np = rank_batch(args.batch, rank)
        self.x_nchw = torch.from_numpy(x_np).permute(0, 3, 1, 2)
        self.y = torch.from_numpy(y_np)

    def measure(self, layout, warmup, steps):
        """Durations of `steps` timed steps on this rank, after `warmup` steps and (distributed) a barrier."""
        torch = self.torch
        torch.manual_seed(zoo.SEED)
        builder = zoo.TorchNet(torch)
        model = builder.module(zoo.ARCHITECTURES[self.args.model](builder))
        zoo.check_params(self.args.model, sum(p.numel() for p in model.parameters() if p.requires_grad))
        memory_format = torch.channels_last if layout == "channels_last" else torch.contiguous_format
        model = model.to(memory_format=memory_format).train()
        if self.distributed:
            model = torch.nn.parallel.DistributedDataParallel(model)
        # NHWC data seen as NCHW is already channels-last in memory; `contiguous` makes it NCHW.
        x = self.x_nchw.contiguous(memory_format=memory_format)
        optimizer = torch.optim.SGD(
            model.parameters(), lr=zoo.LEARNING_RATE, momentum=zoo.MOMENTUM, weight_decay=zoo.WEIGHT_DECAY
        )

        def step():
            optimizer.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(x), self.y)
            loss.backward()
            optimizer.step()

        for _ in range(warmup):
            step()
        if self.distributed:
            torch.distributed.barrier()
        return zoo.time_loop(step, 0, steps)

    def slowest(self, seconds):
        """The largest of every rank's `seconds` (this rank's own when not distributed)."""
        if not self.distributed:
            return seconds
        value = self.torch.tensor([seconds], dtype=self.torch.float64)
        self.torch.distributed.all_reduce(value, op=self.torch.distributed.ReduceOp.MAX)
        return value.item()


def run_rank(rank, args, port):
    """One rank's measurement (joining the process group at `port` when there is more than one rank); its result."""
    zoo.pin_threads(THREADS_PER_PROCESS)
    import torch

    torch.set_num_threads(THREADS_PER_PROCESS)
    torch.set_num_interop_threads(1)
    if args.world_size > 1:
        store = torch.distributed.TCPStore(MASTER_ADDRESS, port, is_master=False, timeout=PROCESS_GROUP_TIMEOUT)
        torch.distributed.init_process_group(
            BACKEND, store=store, rank=rank, world_size=args.world_size, timeout=PROCESS_GROUP_TIMEOUT
        )
    me = Rank(torch, args, rank)
    global_samples = args.world_size * args.batch

    probes = {}
    layouts = zoo.TORCH_LAYOUTS if args.layout == "auto" else (args.layout,)
    if len(layouts) > 1:
        for layout in layouts:
            seconds = me.slowest(sum(me.measure(layout, args.warmup, args.probe_steps)))
            probes[layout] = round(global_samples * args.probe_steps / seconds, 2)
            if rank == 0:
                print(f"[torch-ddp {args.model}] probe layout={layout}: {probes[layout]} samples/s", file=sys.stderr)
    # Every rank saw the same all-reduced probe times, so every rank picks the same layout.
    chosen = max(probes, key=probes.get) if probes else layouts[0]

    durations = me.measure(chosen, args.warmup, args.steps)
    seconds = me.slowest(sum(durations))
    step_seconds = me.slowest(statistics.median(durations))
    result = {
        "framework": "torch-ddp",
        "version": torch.__version__,
        "model": args.model,
        "params": zoo.EXPECTED_TRAINABLE_PARAMS[args.model],
        "world_size": args.world_size,
        "ddp": me.distributed,
        "backend": BACKEND if me.distributed else None,
        "batch_per_rank": args.batch,
        "threads_per_process": THREADS_PER_PROCESS,
        "interop_threads_per_process": torch.get_num_interop_threads(),
        "warmup": args.warmup,
        "steps": args.steps,
        "seconds": round(seconds, 6),
        "samples_per_second": round(global_samples * args.steps / seconds, 2),
        "median_step_seconds": round(step_seconds, 6),
        "layout": chosen,
        "probe_samples_per_second": probes,
        "notes": "eager mode; DistributedDataParallel with default buckets (world size > 1); "
        "seconds: slowest rank's timed steps; samples_per_second counts all ranks' images",
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
    }
    if me.distributed:
        torch.distributed.destroy_process_group()
    return result


def spawned_rank(rank, args, port, results):
    """Entry point of each spawned rank: rank 0 puts its result on `results` (a queue); then the process ends.

    It ends with `os._exit`, skipping the interpreter's teardown: with torch 2.13 and gloo, that teardown
    aborts now and then ("terminate called without an active exception") after all the work is done and
    the process group destroyed, which would fail a finished measurement.
    """
    result = run_rank(rank, args, port)
    if rank == 0:
        results.put(result)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def main(argv):
    args = parse_args(argv)
    zoo.pin_threads(THREADS_PER_PROCESS)
    if args.world_size == 1:
        result = run_rank(0, args, None)
    else:
        import torch.distributed
        import torch.multiprocessing as mp

        # Hosting the store here lets the kernel pick its free port (0), with no probe-then-bind race.
        store = torch.distributed.TCPStore(MASTER_ADDRESS, 0, is_master=True, wait_for_workers=False)
        results = mp.get_context("spawn").SimpleQueue()
        start = time.monotonic()
        mp.spawn(spawned_rank, args=(args, store.port, results), nprocs=args.world_size, join=True)
        if results.empty():
            raise SystemExit(
                f"error: rank 0 of {args.world_size} ended without a result after {time.monotonic() - start:.0f} s"
            )
        result = results.get()
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"torch-ddp {result['version']} {args.model}: {result['samples_per_second']} samples/s "
            f"({args.world_size} process(es) x {THREADS_PER_PROCESS} thread, batch {args.batch} per rank, "
            f"{args.steps} steps in {result['seconds']:.3f} s, layout={result['layout']})"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
