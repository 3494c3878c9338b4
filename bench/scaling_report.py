"""Collects the per-run JSON files of `bench/scaling.sh` into one results file and a table.

Each run file is named FRAMEWORK.RANKS.ROUND.json (FRAMEWORK: triscale or torch) and holds the one JSON
object the run printed (`triscale bench train --json`, or `peers/ddp_throughput.py --json`), with the
'host' object that `quiet_run.py` adds; its samples_per_second counts all ranks' images.

For each framework, over the median samples/s of each rank count,

    scaling efficiency = throughput(N ranks) / (N * throughput(1 rank))

and the Triscale/PyTorch ratios are those of the N-rank throughputs and of the efficiencies.

    python scaling_report.py RUN_DIR OUT_FILE --command "..." --model resnet8 --ranks 2 --rounds 3 ...
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys

import train_throughput_report as shared

FRAMEWORKS = ("triscale", "torch")
LABELS = {"triscale": "Triscale", "torch": "PyTorch DDP"}
STUDY_EFFICIENCY = 0.796
TARGET_EFFICIENCY = 0.85


def collect(run_dir, rank_counts, rounds):
    """{framework: {ranks: [run objects in round order]}} for the runs present in run_dir."""
    figures = {}
    for framework in FRAMEWORKS:
        for ranks in rank_counts:
            paths = [os.path.join(run_dir, f"{framework}.{ranks}.{r}.json") for r in range(1, rounds + 1)]
            present = [shared.read_run(p) for p in paths if os.path.exists(p)]
            if present:
                figures.setdefault(framework, {})[ranks] = present
    return figures


def summarize(figures, ranks):
    """Median samples/s per framework and rank count, each framework's efficiency, and the ratios."""
    medians = {
        fw: {n: statistics.median(r["samples_per_second"] for r in runs) for n, runs in by_ranks.items()}
        for fw, by_ranks in figures.items()
    }
    efficiency = {fw: m[ranks] / (ranks * m[1]) for fw, m in medians.items() if 1 in m and ranks in m}
    per_round = {
        fw: [
            round(many["samples_per_second"] / (ranks * one["samples_per_second"]), 3)
            for one, many in zip(by_ranks.get(1, []), by_ranks.get(ranks, []))
        ]
        for fw, by_ranks in figures.items()
    }
    ratios = {}
    if all(fw in medians and ranks in medians[fw] for fw in FRAMEWORKS):
        ratios[f"triscale_over_torch_{ranks}_ranks"] = medians["triscale"][ranks] / medians["torch"][ranks]
    if all(fw in efficiency for fw in FRAMEWORKS):
        ratios["triscale_over_torch_efficiency"] = efficiency["triscale"] / efficiency["torch"]
    if all(fw in medians and 1 in medians[fw] for fw in FRAMEWORKS):
        ratios["triscale_over_torch_1_rank"] = medians["triscale"][1] / medians["torch"][1]
    return {
        "median_samples_per_second": {fw: {str(n): round(v, 2) for n, v in m.items()} for fw, m in medians.items()},
        "scaling_efficiency": {fw: round(v, 3) for fw, v in efficiency.items()},
        "scaling_efficiency_per_round": per_round,
        "ratios": {name: round(v, 3) for name, v in ratios.items()},
        "study_reference_efficiency": STUDY_EFFICIENCY,
        "target_efficiency": TARGET_EFFICIENCY,
        "max_other_cpu_percent": max(
            r["host"]["other_cpu_percent"] for by_ranks in figures.values() for runs in by_ranks.values() for r in runs
        ),
    }


def table(summary, ranks):
    medians = summary["median_samples_per_second"]
    header = ["framework", "1 rank samples/s", f"{ranks} ranks samples/s", "efficiency", "study", "target"]
    rows = []
    for fw in FRAMEWORKS:
        if fw not in medians:
            continue
        efficiency = summary["scaling_efficiency"].get(fw)
        rows.append(
            [
                LABELS[fw],
                f"{medians[fw]['1']:.1f}" if "1" in medians[fw] else "-",
                f"{medians[fw][str(ranks)]:.1f}" if str(ranks) in medians[fw] else "-",
                f"{efficiency:.3f}" if efficiency is not None else "-",
                f"{STUDY_EFFICIENCY:.3f}" if fw == "triscale" else "",
                f">= {TARGET_EFFICIENCY:.2f}" if fw == "triscale" else "",
            ]
        )
    ratios = summary["ratios"]
    ratio_labels = {
        "triscale_over_torch_1_rank": "Triscale/PyTorch, 1 rank",
        f"triscale_over_torch_{ranks}_ranks": f"Triscale/PyTorch, {ranks} ranks",
        "triscale_over_torch_efficiency": "Triscale/PyTorch, efficiency",
    }
    for name, label in ratio_labels.items():
        if name in ratios:
            rows.append([label, "", "", f"{ratios[name]:.2f}x", "", ""])
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(r))
        for r in [header] + rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def mpirun_version(mpirun):
    try:
        text = subprocess.run([mpirun, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return text.splitlines()[0].strip() if text.strip() else "unknown"


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir")
    parser.add_argument("out_file")
    parser.add_argument("--command", required=True, help="the benchmark command line, as run")
    parser.add_argument("--model", required=True)
    parser.add_argument("--ranks", type=int, required=True, help="rank count compared with 1 rank")
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--settings", required=True, help="JSON object: batch_per_rank, threads_per_rank, ...")
    parser.add_argument("--load-average", default="", help="/proc/loadavg when the run started")
    parser.add_argument("--quiet-below", type=float, required=True, help="other-CPU %% above which to warn")
    parser.add_argument("--triscale-binary", required=True, help="path of the Triscale binary measured")
    parser.add_argument("--triscale-copy", required=True, help="the copy of it (mtime kept) that every run used")
    parser.add_argument("--mpirun", default="mpirun", help="the mpirun that launched Triscale's ranks")
    parser.add_argument("--launch", required=True, help="JSON object: how each configuration was launched")
    parser.add_argument("--repo", default=".")
    args = parser.parse_args(argv)

    figures = collect(args.run_dir, (1, args.ranks), args.rounds)
    if not figures:
        raise SystemExit(f"error: no run files in '{args.run_dir}'; did every measurement fail?")
    summary = summarize(figures, args.ranks)
    torch_runs = figures.get("torch", {}).get(1) or figures.get("torch", {}).get(args.ranks) or [{}]
    result = {
        "benchmark": "data-parallel scaling of training throughput (forward + backward + all-reduce + SGD update), "
        "fp32, CPU, one thread per rank",
        "label": f"Triscale (MPI) vs PyTorch DDP (gloo): {args.model}, 1 vs {args.ranks} ranks",
        "command": args.command,
        "date_utc": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {
            "cpu_model": shared.cpu_model(),
            "nproc": len(os.sched_getaffinity(0)),
            "load_average_at_start": args.load_average,
        },
        "git_revision": shared.git_revision(args.repo),
        "settings": {**json.loads(args.settings), "model": args.model, "ranks": args.ranks, "rounds": args.rounds},
        "launch": json.loads(args.launch),
        "versions": {
            "python": platform.python_version(),
            "torch": torch_runs[0].get("version", "unknown"),
            "mpirun": mpirun_version(args.mpirun),
        },
        "triscale_binary": {
            **shared.binary_info(args.triscale_copy),
            "path": args.triscale_binary,
            "sha256": sha256(args.triscale_copy),
        },
        "summary": summary,
        "runs": {fw: {str(n): runs for n, runs in by_ranks.items()} for fw, by_ranks in figures.items()},
    }
    shared.write_atomically(args.out_file, json.dumps(result, indent=2) + "\n")
    print(table(summary, args.ranks))
    if summary["max_other_cpu_percent"] >= args.quiet_below:
        print(
            f"\nwarning: other processes took up to {summary['max_other_cpu_percent']:.0f}% of the CPUs during a run; "
            "figures are skewed"
        )
    print(f"\nwrote {args.out_file}")


if __name__ == "__main__":
    main(sys.argv[1:])
