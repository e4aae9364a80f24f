"""Bootstrap speed and memory: 1,000,000 paths to the deadline, as a ratio to `python -c "import pandas"`.

Run: `make bench` (or `.venv/bin/python benchmarks/projections.py [--repeat N]`). The input is the one
`soypace status --as-of 2026-01-08` projects: target truce-2025, China, commitments, the shipped data as it
stood at the week ending 2026-01-08, open deadlines 2026-01-31 ("january") and 2026-02-28 ("extended", 7
weeks ahead; the target date is looked for 104 weeks past it, so a path is walked for up to 111 weeks); the
figures printed are the extended deadline's. After one warm-up round the cases take turns,
and each time is the median of N rounds: the pandas import in a fresh interpreter (the base), the big
bootstrap in this process, the big bootstrap as the first one in a fresh interpreter (once-only costs
included; timed inside it, after its input is built), and the 10,000-path default that `status` runs. Peak
memory is tracemalloc's, which numpy reports its arrays to, over one more run. Budgets: 0.3 s and 300 MB
for 1,000,000 paths; missing one does not change the exit status.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np

from soypace.calendar import market_year_of, market_year_weeks, week_ending_on_or_before
from soypace.data.codes import commodity as commodity_info
from soypace.data.snapshot import load_snapshot
from soypace.model.projections import DEFAULT_SIMULATIONS, ProjectionInput, bootstrap
from soypace.model.purchases import COMMITMENTS, weekly_points
from soypace.model.targets import load_targets

TARGET, CHINA, AS_OF = "truce-2025", 5700, dt.date(2026, 1, 8)
DEADLINE = "extended"  # 2026-02-28, the last of the deadlines still open as of AS_OF
PATHS = 1_000_000
TIME_BUDGET, MEMORY_BUDGET = 0.3, 300e6  # seconds, bytes
BASELINE = "python -c 'import pandas'"


def projection_input() -> ProjectionInput:
    """China's weekly commitments toward the target and past years' same weeks, as of AS_OF only."""
    dataset, t = load_snapshot(), load_targets().get(TARGET)
    month = commodity_info(t.commodity).market_year_start_month
    points = weekly_points(dataset, t.commodity, CHINA, t.start, AS_OF)
    years = tuple(y for y in dataset.market_years(t.commodity, CHINA) if y < market_year_of(t.start, month))
    history = {}
    for year in years:
        first, last = market_year_weeks(year, month)
        for p in weekly_points(dataset, t.commodity, CHINA, first, min(last, AS_OF)):
            if p.purchases(COMMITMENTS) is not None:
                history[p.week_ending] = float(p.purchases(COMMITMENTS))
    open_deadlines = tuple((d.name, d.date) for d in t.deadlines if week_ending_on_or_before(d.date) > AS_OF)
    values = np.array([p.purchases(COMMITMENTS) for p in points], dtype=float)  # None: NaN, a gap
    return ProjectionInput(
        tuple(p.week_ending for p in points),
        values,
        AS_OF,
        t.tonnage_mt,
        t.start,
        open_deadlines,
        history,
        years,
        month,
    )


def import_pandas() -> float:
    """Wall time in seconds of a fresh interpreter importing pandas: the baseline."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pandas"], check=True)
    return time.perf_counter() - start


def run_bootstrap(inp: ProjectionInput, paths: int) -> float:
    """Wall time in seconds of one bootstrap over ``paths`` paths."""
    start = time.perf_counter()
    bootstrap(inp, simulations=paths)
    return time.perf_counter() - start


def fresh_process_run() -> float:
    """Wall time in seconds of the first big bootstrap in a new interpreter, once-only costs included,
    as a command pays it."""
    done = subprocess.run([sys.executable, __file__, "--once"], capture_output=True, text=True, check=True)
    return float(done.stdout)


def peak_bytes(inp: ProjectionInput, paths: int) -> int:
    """Peak memory (bytes) that tracemalloc sees allocated during one bootstrap over ``paths`` paths."""
    tracemalloc.start()
    try:
        bootstrap(inp, simulations=paths)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def row(name: str, seconds: float, base: float, budget: float | None = None) -> str:
    """One table line: case, time, ratio to the pandas import and, where there is one, the budget verdict."""
    line = f"{name:42s} {seconds * 1000:8.1f} ms   {seconds / base:4.2f}x"
    if budget is None:
        return line
    return f"{line}   <= {budget * 1000:.0f} ms  {'met' if seconds <= budget else 'NOT met'}"


def main(argv: list[str] | None = None) -> None:
    """Time the pandas import and the bootstrap cases in one interleaved run; print figures and budgets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds per case (default 7)")
    parser.add_argument("--once", action="store_true", help="print the seconds of one big bootstrap and stop")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    inp = projection_input()
    if args.once:
        print(run_bootstrap(inp, PATHS))
        return
    cases = {
        BASELINE: import_pandas,
        "big": lambda: run_bootstrap(inp, PATHS),
        "fresh": fresh_process_run,
        "default": lambda: run_bootstrap(inp, DEFAULT_SIMULATIONS),
    }
    for case in cases.values():  # the warm-up round
        case()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.repeat):
        for name, case in cases.items():
            samples[name].append(case())
    base, big, fresh, default = (statistics.median(samples[name]) for name in cases)
    peak = peak_bytes(inp, PATHS)
    [p] = [found for found in bootstrap(inp, simulations=PATHS) if found.deadline_name == DEADLINE]
    print(
        f"bootstrap, {TARGET}, China, as of {AS_OF}, {DEADLINE} deadline {p.deadline}: "
        f"median of {args.repeat} interleaved rounds, this run"
    )
    print(row(BASELINE + " (base)", base, base))
    print(row(f"bootstrap {PATHS:,} paths", big, base, TIME_BUDGET))
    print(row("  as a fresh process's first bootstrap", fresh, base, TIME_BUDGET))
    print(
        f"{'  peak memory (tracemalloc)':42s} {peak / 1e6:8.1f} MB          "
        f"<= {MEMORY_BUDGET / 1e6:.0f} MB  {'met' if peak <= MEMORY_BUDGET else 'NOT met'}"
    )
    print(row(f"bootstrap {DEFAULT_SIMULATIONS:,} paths (the default)", default, base))
    reached = f"the week ending {p.eta_week}" if p.eta_week else "not within the horizon"
    print(
        f"{PATHS:,} paths by the deadline: P10 {p.p10_mt:,.0f}  P50 {p.p50_mt:,.0f}  "
        f"P90 {p.p90_mt:,.0f} MT, reach share {p.prob_reach:.3f}; target reached (median): {reached}"
    )


if __name__ == "__main__":
    main()
