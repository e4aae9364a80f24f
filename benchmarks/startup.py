"""Start-up time of `soypace --help` and `soypace status`, against `python -c "import pandas"`.

Run: `make bench` (or `.venv/bin/python benchmarks/startup.py`). Every figure is the median of
several runs measured now, on this machine, so the ratios compare like with like. Targets:
`status` within 1.3x of the pandas import; `--help` well under it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 7
CASES = {
    "baseline: python -c 'import pandas'": [sys.executable, "-c", "import pandas"],
    "soypace --help": [sys.executable, "-m", "soypace", "--help"],
    "soypace status": [sys.executable, "-m", "soypace", "status"],
    "soypace status (open deadline: bootstrap)": [sys.executable, "-m", "soypace", "status", "--target", "calendar-2026"],
}


def median_seconds(cmd: list[str]) -> float:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    results = {name: median_seconds(cmd) for name, cmd in CASES.items()}
    base = next(iter(results.values()))
    for name, seconds in results.items():
        print(f"{name:40s} {seconds * 1000:8.1f} ms   {seconds / base:5.2f}x baseline")


if __name__ == "__main__":
    main()
