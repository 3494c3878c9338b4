"""Collects the per-run JSON files of `bench/train_throughput.sh` into one results file and a table.

Each run file is named MODEL.FRAMEWORK.ROUND.json and holds the one JSON object that the run printed
(`triscale bench train --json` or `peers/train_throughput.py --json`), with the 'host' object that
`quiet_run.py` adds. Figures are medians over rounds; ratios are Triscale's samples/s over each peer's.

    python train_throughput_report.py RUN_DIR OUT_FILE --command "..." --models "resnet8 dscnn-micro" ...
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

FRAMEWORKS = ("triscale", "torch", "keras")
PEERS = ("torch", "keras")
LABELS = {"triscale": "Triscale", "torch": "PyTorch", "keras": "Keras"}


def read_run(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def cpu_model():
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or "unknown"
    for line in lscpu.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Model name":
            return value.strip()
    return "unknown"


def git_revision(repo):
    def git(*args):
        return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True).stdout.strip()

    revision = git("rev-parse", "--short", "HEAD") or "unknown"
    return revision + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def collect(run_dir, models, rounds):
    """{model: {framework: [run objects in round order]}} for the frameworks that ran."""
    figures = {}
    for model in models:
        figures[model] = {}
        for framework in FRAMEWORKS:
            paths = [os.path.join(run_dir, f"{model}.{framework}.{r}.json") for r in range(1, rounds + 1)]
            present = [p for p in paths if os.path.exists(p)]
            if present:
                figures[model][framework] = [read_run(p) for p in present]
    return figures


def summarize(figures):
    """Per model: median samples/s for each framework and Triscale's ratio to each peer."""
    summary = {}
    for model, runs in figures.items():
        medians = {fw: statistics.median(r["samples_per_second"] for r in rs) for fw, rs in runs.items()}
        ratios = {}
        if "triscale" in medians:
            ratios = {f"triscale_over_{peer}": medians["triscale"] / medians[peer] for peer in PEERS if peer in medians}
        summary[model] = {
            "median_samples_per_second": {fw: round(v, 2) for fw, v in medians.items()},
            "ratios": {name: round(v, 3) for name, v in ratios.items()},
            "max_other_cpu_percent": max(r["host"]["other_cpu_percent"] for rs in runs.values() for r in rs),
        }
    return summary


def table(summary):
    columns = [fw for fw in FRAMEWORKS if any(fw in s["median_samples_per_second"] for s in summary.values())]
    ratio_columns = [f"triscale_over_{peer}" for peer in PEERS if "triscale" in columns and peer in columns]
    header = ["model"] + [f"{LABELS[fw]} samples/s" for fw in columns]
    header += [f"Triscale/{LABELS[name.rsplit('_', 1)[1]]}" for name in ratio_columns]
    header += ["other CPU %"]
    rows = []
    for model, s in summary.items():
        row = [model] + [f"{s['median_samples_per_second'].get(fw, float('nan')):.1f}" for fw in columns]
        row += [f"{s['ratios'][name]:.2f}x" if name in s["ratios"] else "-" for name in ratio_columns]
        row += [f"{s['max_other_cpu_percent']:.0f}"]
        rows.append(row)
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(r))
        for r in [header] + rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def versions(figures):
    found = {"python": platform.python_version()}
    for runs in figures.values():
        for framework, rs in runs.items():
            first = rs[0]
            found.setdefault(framework, first.get("version", "unknown"))
            if "tensorflow_version" in first:
                found.setdefault("tensorflow", first["tensorflow_version"])
    return found


def binary_info(path):
    """Triscale has no version flag: its path and build time identify the binary."""
    modified = datetime.datetime.fromtimestamp(os.stat(path).st_mtime, datetime.timezone.utc)
    return {"path": path, "modified_utc": modified.strftime("%Y-%m-%dT%H:%M:%SZ")}


def write_atomically(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(file.name, path)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir")
    parser.add_argument("out_file")
    parser.add_argument("--command", required=True, help="the benchmark command line, as run")
    parser.add_argument("--models", required=True, help="space-separated model names, in run order")
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--settings", required=True, help="JSON object: batch, threads, warmup, steps")
    parser.add_argument("--load-average", default="", help="/proc/loadavg when the run started")
    parser.add_argument("--quiet-below", type=float, required=True, help="other-CPU %% above which to warn")
    parser.add_argument("--peers-only", action="store_true")
    parser.add_argument("--triscale-binary", help="path of the Triscale binary that ran")
    parser.add_argument("--repo", default=".")
    args = parser.parse_args(argv)

    models = args.models.split()
    figures = collect(args.run_dir, models, args.rounds)
    summary = summarize(figures)
    result = {
        "benchmark": "training throughput (forward + backward + SGD update), fp32, CPU",
        "label": "peers-only: PyTorch and Keras without Triscale"
        if args.peers_only
        else "Triscale vs PyTorch vs Keras",
        "command": args.command,
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {
            "cpu_model": cpu_model(),
            "nproc": len(os.sched_getaffinity(0)),
            "load_average_at_start": args.load_average,
        },
        "git_revision": git_revision(args.repo),
        "settings": {**json.loads(args.settings), "rounds": args.rounds, "models": models},
        "versions": versions(figures),
        **({"triscale_binary": binary_info(args.triscale_binary)} if args.triscale_binary else {}),
        "summary": summary,
        "runs": figures,
    }
    write_atomically(args.out_file, json.dumps(result, indent=2) + "\n")
    print(table(summary))
    busiest = max(s["max_other_cpu_percent"] for s in summary.values())
    if busiest >= args.quiet_below:
        print(f"\nwarning: other processes took up to {busiest:.0f}% of the CPUs during a run; figures are skewed")
    print(f"\nwrote {args.out_file}")


if __name__ == "__main__":
    main(sys.argv[1:])
