"""Runs one throughput measurement, after waiting for the CPUs to go quiet, and records how much CPU
other processes took while it ran.

On a small shared machine other work (a compiler, a test run) skews a CPU benchmark badly: with two
cores busy elsewhere, PyTorch's OpenMP threads spin-wait for a descheduled partner and run several
times slower. This wrapper waits (up to --max-wait seconds) until other processes use less than
--quiet-below percent of the CPUs, runs the command, and adds to the JSON object the command printed:

    "host": {"other_cpu_percent": ..., "busy_before_percent": ..., "waited_seconds": ...}

where other_cpu_percent is the CPU time of every other process during the run, as a share of all
CPUs (from /proc/stat, less this command's own CPU time).

    python quiet_run.py --out RUN.json -- COMMAND ARGS...
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 2.0


def cpu_seconds():
    """(busy, total) CPU seconds of the whole machine since boot, summed over CPUs, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as file:
        fields = [int(v) for v in file.readline().split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    busy = user + nice + system + irq + softirq + steal
    return busy / CLOCK_TICKS, (busy + idle + iowait) / CLOCK_TICKS


def busy_percent(seconds):
    """Share of all CPUs in use over the next `seconds` (by other processes: this one sleeps)."""
    busy0, total0 = cpu_seconds()
    time.sleep(seconds)
    busy1, total1 = cpu_seconds()
    return 100.0 * (busy1 - busy0) / max(total1 - total0, 1e-9)


def wait_until_quiet(max_wait, quiet_below, label):
    """Waits until the CPUs are quiet or `max_wait` seconds have passed; returns (busy %, seconds waited)."""
    start = time.monotonic()
    busy = busy_percent(SAMPLE_SECONDS)
    while busy >= quiet_below and time.monotonic() - start < max_wait:
        print(f"[quiet_run] {label}: CPUs {busy:.0f}% busy with other work; waiting", file=sys.stderr)
        time.sleep(5)
        busy = busy_percent(SAMPLE_SECONDS)
    waited = time.monotonic() - start
    if busy >= quiet_below:
        print(f"[quiet_run] {label}: still {busy:.0f}% busy after {waited:.0f} s; measuring anyway", file=sys.stderr)
    return busy, waited


def parse_result(text):
    """The JSON object the command printed: its whole output, or else its last line."""
    text = text.strip()
    for candidate in (text, text.splitlines()[-1] if text else ""):
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict) and isinstance(value.get("samples_per_second"), (int, float)):
            return value
    return None


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="where to write the command's JSON object, with 'host' added")
    parser.add_argument("--max-wait", type=float, default=120.0, help="seconds to wait for quiet CPUs (0: no wait)")
    parser.add_argument("--quiet-below", type=float, default=10.0, help="CPU %% of other work counted as quiet")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given after --")
    label = " ".join(os.path.basename(part) for part in command[:4])

    busy_before, waited = wait_until_quiet(args.max_wait, args.quiet_below, label)
    busy0, total0 = cpu_seconds()
    own0 = children_cpu_seconds()
    completed = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    busy1, total1 = cpu_seconds()
    own = children_cpu_seconds() - own0

    if completed.returncode != 0:
        print(
            f"error: '{' '.join(command)}' failed with exit status {completed.returncode}; its output:", file=sys.stderr
        )
        print(completed.stdout, file=sys.stderr)
        return completed.returncode
    result = parse_result(completed.stdout)
    if result is None:
        print(
            f"error: '{' '.join(command)}' printed no JSON object with a numeric 'samples_per_second':", file=sys.stderr
        )
        print(completed.stdout, file=sys.stderr)
        return 1
    other = max(0.0, (busy1 - busy0) - own) / max(total1 - total0, 1e-9)
    result["host"] = {
        "other_cpu_percent": round(100.0 * other, 1),
        "busy_before_percent": round(busy_before, 1),
        "waited_seconds": round(waited, 1),
    }
    with open(args.out, "w", encoding="utf-8") as file:
        json.dump(result, file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
