"""The history backtest's time and memory, as ratios to `python -c "import pandas"` in the same run.

Run: `make bench` (or `.venv/bin/python benchmarks/history.py [--repeat N]`). Cases, each the median
of N interleaved rounds after one warm-up round: the pandas import in a fresh interpreter (the base),
`soypace backtest --history --format csv` as a user runs it (a fresh process: start-up, the shipped
data, every method on every case, the leave-one-season-out fits, the CSV), and the replay alone in
this process (`views.history.history_backtest`). Memory: each fresh process's peak resident set
(the kernel's, from wait4), and tracemalloc's peak over one more in-process replay. The issue's
budget is 30 s for the command; missing it does not change the exit status.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from soypace.data.codes import CHINA
from soypace.data.snapshot import load_snapshot
from soypace.views.history import history_backtest

BASELINE = "python -c 'import pandas'"
COMMAND = "soypace backtest --history --format csv"
TIME_BUDGET = 30.0  # seconds, for the command
SOYPACE = Path(sys.executable).with_name("soypace")


def fresh(args: list[str]) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory in bytes of one fresh process."""
    env = os.environ | {"SOYPACE_HOME": os.devnull + ".soypace-bench"}  # no store: the shipped data
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} exited {proc.returncode}")
    return seconds, usage.ru_maxrss * 1024  # Linux reports kilobytes


def in_process() -> float:
    """Wall time in seconds of one replay on the shipped data, in this process."""
    start = time.perf_counter()
    history_backtest(load_snapshot((CHINA,)))
    return time.perf_counter() - start


def traced_peak() -> int:
    """Peak bytes tracemalloc sees allocated during one in-process replay."""
    tracemalloc.start()
    try:
        history_backtest(load_snapshot((CHINA,)))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> None:
    """Time the cases in one interleaved run and print each as a ratio to the pandas import."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per case (default 3)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    cases = {
        BASELINE: lambda: fresh([sys.executable, "-c", "import pandas"]),
        COMMAND: lambda: fresh([str(SOYPACE), "backtest", "--history", "--format", "csv"]),
        "replay in this process": lambda: (in_process(), 0),
    }
    for case in cases.values():  # the warm-up round
        case()
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in cases}
    for _ in range(args.repeat):
        for name, case in cases.items():
            samples[name].append(case())
    seconds = {name: statistics.median(s for s, _ in found) for name, found in samples.items()}
    memory = {name: max(m for _, m in found) for name, found in samples.items()}
    base_s, base_m = seconds[BASELINE], memory[BASELINE]
    print(f"history backtest, shipped data: median of {args.repeat} interleaved rounds, this run")
    for name in cases:
        line = f"{name:42s} {seconds[name]:8.2f} s   {seconds[name] / base_s:5.2f}x time"
        if memory[name]:
            line += f"   peak RSS {memory[name] / 1e6:7.1f} MB   {memory[name] / base_m:5.2f}x memory"
        if name == COMMAND:
            line += f"   <= {TIME_BUDGET:.0f} s  {'met' if seconds[name] <= TIME_BUDGET else 'NOT met'}"
        print(line)
    peak = traced_peak()
    print(f"{'  replay, peak traced (tracemalloc)':42s} {peak / 1e6:8.1f} MB   {peak / base_m:5.2f}x memory")
    found = history_backtest(load_snapshot((CHINA,)))
    counts = {
        m: r["n"]
        for m in ("run-rate", found.status.method if found.status else "")
        if (r := found.row(m, "china"))
    }
    print("China cases: " + ", ".join(f"{m} {n}" for m, n in counts.items()))


if __name__ == "__main__":
    main()
