"""Start-up time of soypace's commands, each as a ratio to `python -c "import pandas"` timed in the same run.

Run: `make bench` (or `.venv/bin/python benchmarks/startup.py [--scaling] [--repeat N]`). Every case is a
fresh interpreter with stdout to /dev/null, NO_COLOR=1, none of the user's SOYPACE_* settings and an empty
temporary SOYPACE_HOME, so the shipped snapshot is used. After one warm-up round the cases run round by
round, interleaved, so they share the machine's noise; each figure is the median of N rounds. Budgets are
printed beside the ratios; missing one does not change the exit status.

--scaling adds `soypace status --format csv` on two stores written with soypace's own store API
(benchmarks/synthetic.py): (a) exactly the shipped data, (b) 16x its history with every destination.
Budget: (b)/(a) <= 1.5x. It also checks that the snapshot and store (a) print the same bytes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = "python -c 'import pandas'"
# soypace arguments -> budget, as a ratio to the pandas import (None: measured, no budget). The
# budgets are issue 9's, for one settled target (truce-2025); plain `status` and `report` now cover
# every started target, the live one with its projections, and are measured beside them.
COMMANDS: dict[tuple[str, ...], float | None] = {
    ("--help",): 0.25,
    ("status", "-t", "truce-2025", "--format", "csv"): 0.35,
    ("status", "-t", "truce-2025", "--as-of", "2026-01-08"): 0.7,
    ("backtest",): 1.0,
    ("report", "-t", "truce-2025", "--format", "html"): 2.0,
    ("status", "--format", "csv"): None,
    ("report", "--format", "html"): None,
}
SCALING_ARGS = ("status", "-t", "truce-2025", "--format", "csv")
SCALING_BUDGET = 1.5  # store (b) / store (a)
STORE_A = "status -t truce-2025 --format csv, store (a)"
STORE_B = "status -t truce-2025 --format csv, store (b)"
DROPPED_ENV = ("DATA_GOV_API_KEY", "NO_COLOR", "FORCE_COLOR")


def soypace_argv() -> list[str]:
    """The installed `soypace` command beside this interpreter, else `python -m soypace`."""
    script = Path(sys.executable).with_name("soypace")
    return [str(script)] if script.exists() else [sys.executable, "-m", "soypace"]


def clean_env(home: Path) -> dict[str, str]:
    """This process's environment without SOYPACE_* or colour settings, plus NO_COLOR=1 and SOYPACE_HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOYPACE_") and k not in DROPPED_ENV}
    return env | {"NO_COLOR": "1", "SOYPACE_HOME": str(home)}


def store_file(home: Path) -> Path:
    """Where soypace keeps its store when SOYPACE_HOME is `home` (asked of soypace itself)."""
    from soypace.data.store import store_path

    saved = os.environ.get("SOYPACE_HOME")
    os.environ["SOYPACE_HOME"] = str(home)
    try:
        return store_path()
    finally:
        if saved is None:
            del os.environ["SOYPACE_HOME"]
        else:
            os.environ["SOYPACE_HOME"] = saved


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall time in seconds of one run of `argv`, stdout discarded; a failing command stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace")
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{err}")
    return elapsed


def measure(cases: dict[str, tuple[list[str], dict]], repeat: int) -> dict[str, float]:
    """Median wall time of every case over `repeat` interleaved rounds, after one untimed warm-up round."""
    names = list(cases)
    for name in names:
        run_once(*cases[name])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeat):
        shift = r % len(names)  # rotate the order so no case always runs first or last
        for name in names[shift:] + names[:shift]:
            samples[name].append(run_once(*cases[name]))
    return {name: statistics.median(times) for name, times in samples.items()}


def csv_stdout(env: dict[str, str]) -> tuple[bytes, str]:
    """Stdout and stderr of `soypace status --format csv` under `env`."""
    done = subprocess.run(soypace_argv() + list(SCALING_ARGS), capture_output=True, env=env, check=True)
    return done.stdout, done.stderr.decode(errors="replace")


def build_stores(tmp: Path) -> tuple[Path, Path, list[str]]:
    """Homes holding store (a), the shipped data, and store (b), 16x history x every destination."""
    from synthetic import build_store

    home_a, home_b, lines = tmp / "store-a", tmp / "store-b", []
    plans = (
        (home_a, 1, False, "the shipped data, exactly"),
        (home_b, 16, True, "16x the history (MY 1900-2027), every destination"),
    )
    for home, copies, every, what in plans:
        start = time.perf_counter()
        count = build_store(store_file(home), copies=copies, all_destinations=every)
        lines.append(
            f"store ({'a' if home is home_a else 'b'}): {what}: {count:,} records, "
            f"built in {time.perf_counter() - start:.1f} s"
        )
    return home_a, home_b, lines


def row(name: str, seconds: float | None, ratio: float, budget: float | None, note: str = "") -> str:
    """One table line: case, median ms, ratio, budget and whether it is met."""
    ms = f"{seconds * 1000:9.1f} ms" if seconds is not None else " " * 12
    verdict = f"<= {budget:4.2f}x  {'met' if ratio <= budget else 'NOT met'}" if budget is not None else note
    return f"{name:46s} {ms} {ratio:7.3f}x   {verdict}".rstrip()


def main(argv: list[str] | None = None) -> None:
    """Time the cases in one interleaved run and print every ratio beside its budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scaling", action="store_true", help="also time status on a 16x synthetic store")
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds per case (default 7)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    soypace = soypace_argv()
    with tempfile.TemporaryDirectory(prefix="soypace-bench-") as tmp_name:
        tmp = Path(tmp_name)
        empty = tmp / "empty-home"
        empty.mkdir()
        env = clean_env(empty)
        cases = {BASELINE: ([sys.executable, "-c", "import pandas"], env)}
        cases |= {"soypace " + " ".join(a): (soypace + list(a), env) for a in COMMANDS}
        built: list[str] = []
        if args.scaling:
            home_a, home_b, built = build_stores(tmp)
            cases[STORE_A] = (soypace + list(SCALING_ARGS), clean_env(home_a))
            cases[STORE_B] = (soypace + list(SCALING_ARGS), clean_env(home_b))
        medians = measure(cases, args.repeat)
        base = medians[BASELINE]
        print(
            f"soypace start-up vs {BASELINE}, same run: median of {args.repeat} interleaved runs each "
            f"of {' '.join(soypace)}; budgets are not enforced"
        )
        print(f"{'case':46s} {'median':>12s} {'ratio':>8s}   budget")
        print(row(BASELINE + " (base)", base, 1.0, None))
        for a, budget in COMMANDS.items():
            name = "soypace " + " ".join(a)
            print(row(name, medians[name], medians[name] / base, budget))
        if args.scaling:
            print()
            print("scaling: soypace status --format csv with SOYPACE_HOME holding a store")
            for line in built:
                print("  " + line)
            a_s, b_s = medians[STORE_A], medians[STORE_B]
            print(row(STORE_A, a_s, a_s / base, None, "(vs import pandas)"))
            print(row(STORE_B, b_s, b_s / base, None, "(vs import pandas)"))
            print(row("(b) / (a)", None, b_s / a_s, SCALING_BUDGET))
            snap_out, _ = csv_stdout(env)
            store_out, store_err = csv_stdout(clean_env(home_a))
            same = "identical" if snap_out == store_out else "DIFFERENT"
            used = "yes" if "local store" in store_err else "not confirmed by its Source: line"
            print(
                f"sanity: status --format csv stdout, snapshot vs store (a): {same} "
                f"({len(snap_out):,} vs {len(store_out):,} bytes); store (a) used: {used}"
            )
        left = sorted(p.name for p in empty.iterdir())
        if left:
            print(
                f"warning: the commands wrote {left} into the empty SOYPACE_HOME; later runs may not be "
                "on the shipped snapshot"
            )


if __name__ == "__main__":
    main()
