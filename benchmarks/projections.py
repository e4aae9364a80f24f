"""Bootstrap speed: 10,000 paths over 20 remaining weeks, numpy against a plain-Python loop.

Run: `.venv/bin/python benchmarks/projections.py`. Both sides do the same moving-block resampling
of the same real weekly series (China, Oct 30 - Dec 18 2025) in this run; the target is "well
under a tenth of a second" for the numpy side.
"""

from __future__ import annotations

import random
import statistics
import time

import numpy as np

from soypace.model.projections import block_pool, resample_totals

WEEKS = [232000, 232000, -100000, 2142000, 509000, 1010969, 1383046, 617012]  # real China weeks
SIMULATIONS, REMAINING, BLOCK, RUNS = 10_000, 20, 3, 7


def numpy_side() -> np.ndarray:
    pool = block_pool(np.array(WEEKS, dtype=float), BLOCK)
    sims = resample_totals(pool, REMAINING, SIMULATIONS, np.random.default_rng(1))
    return np.percentile(sims.sum(axis=1), [10, 50, 90])


def python_side() -> list[float]:
    pool = [WEEKS[i:i + BLOCK] for i in range(len(WEEKS) - BLOCK + 1)]
    rng = random.Random(1)
    totals = []
    for _ in range(SIMULATIONS):
        path: list[int] = []
        while len(path) < REMAINING:
            path.extend(pool[rng.randrange(len(pool))])
        totals.append(sum(path[:REMAINING]))
    totals.sort()
    return [totals[int(q * (SIMULATIONS - 1))] for q in (0.1, 0.5, 0.9)]


def timed(func) -> float:
    func()
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    fast, slow = timed(numpy_side), timed(python_side)
    print(f"numpy bootstrap        {fast * 1000:8.2f} ms  (10,000 paths x 20 weeks)")
    print(f"plain-Python baseline  {slow * 1000:8.2f} ms")
    print(f"ratio                  {slow / fast:8.1f}x faster; target: numpy well under 100 ms -> {'met' if fast < 0.1 else 'NOT met'}")


if __name__ == "__main__":
    main()
