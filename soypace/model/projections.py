"""Shortfall projections: several methods side by side, each with what it assumes.

Every method takes the same ProjectionInput (the counted weekly purchases up to the as-of week,
the target, its deadlines and, where there is any, past years' weekly purchases) and returns one
Projection per open deadline. Pure and numpy-vectorised; the random generator is seeded by the
caller, so the same input gives the same output.

None of these is a model of buyers: run-rate and since-start carry a pace forward, seasonal
assumes this year's remaining weeks follow past years' shape, and bootstrap resamples weeks
already seen. Their ranges are spreads of those assumptions, not forecast probabilities. METHODS
also registers the calibrated methods (season-paths and analog in soypace.model.seasons, auto in
soypace.model.ensemble), and project_all runs any of them once per input.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import numpy as np

from soypace.calendar import WEEK, market_label
from soypace.model.ensemble import auto
from soypace.model.methods import (
    AUTO,
    AUTO_MEMBERS,
    DEFAULT_BLOCK,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_WINDOW,
)
from soypace.model.pacing import eta_at_pace
from soypace.model.projection_base import (
    MIN_ELAPSED_WEEKS,
    Projection,
    ProjectionInput,
    counterpart,
    eta_from_paths,
    season_table,
    spread,
    to_last_deadline,
)
from soypace.model.seasons import analog, season_paths

# what callers import from here, some of it defined in projection_base and methods
__all__ = ["WEEK", "DEFAULT_SIMULATIONS", "DEFAULT_SEED", "DEFAULT_BLOCK", "Projection", "ProjectionInput"]
__all__ += ["counterpart", "project_all", "METHODS"]
ETA_HORIZON_WEEKS = 104
DRAW_CHUNK = 8192  # paths whose block picks are drawn at once: small enough to stay in cache


def _constant_pace(inp: ProjectionInput, method: str, pace: float | None, note: str) -> list[Projection]:
    if pace is None:
        return [Projection(method, name, d, None, note="no known weeks yet") for name, d in inp.deadlines]
    cum = inp.cumulative
    eta = eta_at_pace(inp.cumulative, inp.target_mt, inp.as_of, pace)
    return [
        Projection(method, name, d, cum + pace * inp.reports_left(d), eta_week=eta, note=note)
        for name, d in inp.deadlines
    ]


def run_rate(inp: ProjectionInput, window: int = DEFAULT_WINDOW, **_) -> list[Projection]:
    """Cumulative + the mean of the last ``window`` known weeks x the reports left."""
    known = inp.known[-window:]
    pace = float(known.mean()) if known.size else None
    return _constant_pace(inp, "run-rate", pace, f"mean of the last {min(window, known.size)} weeks")


def since_start(inp: ProjectionInput, **_) -> list[Projection]:
    """Cumulative + the mean weekly purchases since the window opened x the reports left."""
    known = inp.known
    pace = float(known.mean()) if known.size else None
    return _constant_pace(inp, "since-start", pace, f"mean of {known.size} weeks since {inp.start}")


def _seasonal_ratios(inp: ProjectionInput, horizon: int) -> tuple[list[int], np.ndarray]:
    """Per usable past year: the remaining-weeks profile divided by its elapsed total (a year whose
    elapsed total is not positive is left out), once this year has MIN_ELAPSED_WEEKS known weeks."""
    table = inp.seasons if horizon == to_last_deadline(inp) else season_table(inp, horizon)
    if table.elapsed_weeks < MIN_ELAPSED_WEEKS:
        return [], np.empty((0, horizon))
    keep = table.elapsed > 0
    years = [y for y, k in zip(table.years, keep, strict=True) if k]
    return years, table.ahead[keep] / table.elapsed[keep][:, None]


def seasonal(inp: ProjectionInput, **_) -> list[Projection]:
    """This year's count x (1 + each past year's remaining/elapsed ratio); median and spread across years.
    Its target date is looked for up to the last deadline only."""
    horizon = to_last_deadline(inp)
    years, ratios = _seasonal_ratios(inp, horizon)
    if not years:
        return []
    cum = inp.cumulative
    paths = cum + cum * np.cumsum(ratios, axis=1)  # one row per past year
    eta = eta_from_paths(inp, paths)
    note = f"shape of MY {', '.join(market_label(y) for y in years)}"
    out = []
    for name, d in inp.deadlines:
        n = inp.reports_left(d)
        totals = paths[:, n - 1] if n else np.full(len(years), cum)
        out.append(spread("seasonal", name, d, totals, inp.target_mt, eta, note))
    return out


def block_pool(values: np.ndarray, block: int) -> np.ndarray:
    """Every run of ``block`` consecutive known weeks, as rows (fewer weeks: one shorter block)."""
    known = values[~np.isnan(values)]
    if known.size == 0:
        return np.empty((0, block))
    block = min(block, known.size)
    return np.lib.stride_tricks.sliding_window_view(known, block)


def resample_totals(pool: np.ndarray, weeks: int, simulations: int, rng: np.random.Generator) -> np.ndarray:
    """Simulated weekly purchases, shape (simulations, weeks): blocks drawn with replacement from
    ``pool`` and laid end to end (a moving-block bootstrap)."""
    if weeks == 0:
        return np.zeros((simulations, 0))
    block = pool.shape[1]
    needed = math.ceil(weeks / block)
    picks = rng.integers(0, pool.shape[0], size=(simulations, needed))
    return pool[picks].reshape(simulations, needed * block)[:, :weeks]


def _draw_picks(rng: np.random.Generator, choices: int, simulations: int, needed: int) -> np.ndarray:
    """The block picks resample_totals would draw, stored as (needed, simulations) and compactly:
    drawn a few rows at a time, which gives the same numbers (numpy keeps any spare 32 bits of a draw
    in the bit generator's state, not in the call), without a 64-bit matrix of every pick."""
    picks = np.empty((needed, simulations), dtype=np.uint16 if choices <= 2**16 else np.int64)
    for lo in range(0, simulations, DRAW_CHUNK):
        hi = min(lo + DRAW_CHUNK, simulations)
        picks[:, lo:hi] = rng.integers(0, choices, size=(hi - lo, needed)).T
    return picks


def _walk_paths(
    inp: ProjectionInput, pool: np.ndarray, picks: np.ndarray, horizon: int, ends: set[int]
) -> tuple[dict[int, np.ndarray], dt.date | None]:
    """Each path's total after each of ``ends`` weeks, and what _eta_from_paths would say of the
    paths, without a paths x weeks matrix: a running sum week by week gives cumsum's exact floats,
    and the median first-crossing week is the first week by which more than half the paths crossed."""
    block = pool.shape[1]
    columns = [np.ascontiguousarray(pool[:, b]) for b in range(block)]
    cum, target, simulations = inp.cumulative, inp.target_mt, picks.shape[1]
    rank = (simulations - 1) // 2  # the lower median's index among first-crossing weeks
    eta = inp.as_of if cum >= target else None
    totals = {0: np.full(simulations, cum)} if 0 in ends else {}
    reached = np.zeros(simulations, dtype=bool)
    sums: np.ndarray | None = None  # each path's purchases so far, added left to right as cumsum does
    last = max(ends)
    for week in range(horizon):
        if eta is not None and week >= last:
            break
        if week % block == 0:
            index = picks[week // block].astype(np.intp)  # numpy gathers faster by intp than by uint16
        values = columns[week % block][index]
        sums = values if sums is None else np.add(sums, values, out=sums)
        paths = cum + sums
        if week + 1 in ends:
            totals[week + 1] = paths
        if eta is None:
            reached |= paths >= target
            if np.count_nonzero(reached) > rank:
                eta = inp.as_of + WEEK * (week + 1)
    return totals, eta


def bootstrap(
    inp: ProjectionInput,
    simulations: int = DEFAULT_SIMULATIONS,
    seed: int = DEFAULT_SEED,
    block: int = DEFAULT_BLOCK,
    eta: bool = True,
    **_,
) -> list[Projection]:
    """Resample blocks of weeks seen so far (and past years' same season, rescaled to this year's
    level, where history exists) to fill the remaining weeks, many times over; without ``eta`` (a
    replay scores totals only) paths stop at the last deadline and no target week is looked for."""
    pool = block_pool(inp.values, block)
    if pool.shape[0] == 0:
        return [
            Projection("bootstrap", name, d, None, note="no known weeks yet") for name, d in inp.deadlines
        ]
    horizon = to_last_deadline(inp) + (ETA_HORIZON_WEEKS if eta else 0)
    years, ratios = _seasonal_ratios(inp, to_last_deadline(inp))
    note = f"{simulations:,} paths, blocks of {pool.shape[1]} weeks from {inp.known.size} weeks seen"
    if years:
        blocks = [
            block_pool(row, pool.shape[1]) for row in inp.cumulative * ratios if row.size >= pool.shape[1]
        ]
        if blocks:
            pool = np.concatenate([pool, *blocks])
            note += f" and from the same season of {len(years)} past year(s)"
    rng = np.random.default_rng(seed)
    picks = _draw_picks(rng, pool.shape[0], simulations, math.ceil(horizon / pool.shape[1]))
    totals, week = _walk_paths(inp, pool, picks, horizon, {inp.reports_left(d) for _, d in inp.deadlines})
    return [
        spread("bootstrap", name, d, totals[inp.reports_left(d)], inp.target_mt, week if eta else None, note)
        for name, d in inp.deadlines
    ]


METHODS: dict[str, Callable[..., list[Projection]]] = {
    "run-rate": run_rate,
    "since-start": since_start,
    "seasonal": seasonal,
    "bootstrap": bootstrap,
    "season-paths": season_paths,
    "analog": analog,
    AUTO: auto,
}


def _why_left_out(inp: ProjectionInput, name: str, options: dict) -> str:
    if name == AUTO and options.get("calibration") is None:
        return "auto: no calibration data (data/calibration.toml), so it is left out"
    why = (
        f"fewer than {MIN_ELAPSED_WEEKS} weeks counted so far"
        if inp.known.size < MIN_ELAPSED_WEEKS
        else "no comparable past years in the data for this destination"
    )
    return f"{name}: {why}, so it is left out"


def project_all(
    inp: ProjectionInput, methods=tuple(METHODS), done: dict | None = None, **options
) -> tuple[list[Projection], list[str]]:
    """Every requested method's projections, and notes on the methods that could not run. Each
    method runs once: ``done`` (name -> (projections, notes)) keeps what already ran, so auto reuses
    its members' projections instead of running them again."""
    done = {} if done is None else done
    out, notes = [], []
    for name in methods:
        if name not in done:
            extra = {}
            if name == AUTO:
                project_all(inp, AUTO_MEMBERS, done, **options)
                extra["members"] = {m: done[m][0] for m in AUTO_MEMBERS}
            got = METHODS[name](inp, **options, **extra)
            done[name] = (got, [] if got else [_why_left_out(inp, name, options)])
        out.extend(done[name][0])
        notes.extend(done[name][1])
    return out, notes
