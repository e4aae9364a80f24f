"""Shortfall projections: several methods side by side, each with what it assumes.

Every method takes the same ProjectionInput (the counted weekly purchases up to the as-of week,
the target, its deadlines and, where there is any, past years' weekly purchases) and returns one
Projection per open deadline. Pure and numpy-vectorised; the random generator is seeded by the
caller, so the same input gives the same output.

None of these is a model of buyers: run-rate and since-start carry a pace forward, seasonal
assumes this year's remaining weeks follow past years' shape, and bootstrap resamples weeks
already seen. Their ranges are spreads of those assumptions, not forecast probabilities.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from soypace.calendar import WEEK, market_label, market_year_of, market_year_weeks, weeks_after
from soypace.model.methods import DEFAULT_BLOCK, DEFAULT_SEED, DEFAULT_SIMULATIONS, DEFAULT_WINDOW
from soypace.model.pacing import eta_at_pace

ETA_HORIZON_WEEKS = 104
DRAW_CHUNK = 8192  # paths whose block picks are drawn at once: small enough to stay in cache
MIN_ELAPSED_WEEKS = 4  # a remaining/elapsed ratio over fewer known weeks swings wildly


@dataclass(frozen=True)
class ProjectionInput:
    """Everything a method may use, and nothing dated after ``as_of``."""

    weeks: tuple[dt.date, ...]  # counted weeks from the target's start to as_of
    values: np.ndarray  # purchases per week (NaN: a gap)
    as_of: dt.date
    target_mt: int
    start: dt.date
    deadlines: tuple[tuple[str, dt.date], ...]  # open deadlines only
    history: dict[dt.date, float] = field(default_factory=dict)  # week -> purchases, past years
    history_years: tuple[int, ...] = ()  # marketing years (end year) history may use
    start_month: int = 9

    @property
    def cumulative(self) -> float:
        return float(np.nansum(self.values))

    @property
    def known(self) -> np.ndarray:
        return self.values[~np.isnan(self.values)]

    def reports_left(self, deadline: dt.date) -> int:
        return len(weeks_after(self.as_of, deadline))


@dataclass(frozen=True)
class Projection:
    """One method's view of one deadline."""

    method: str
    deadline_name: str
    deadline: dt.date
    projected_mt: float | None
    p10_mt: float | None = None
    p50_mt: float | None = None
    p90_mt: float | None = None
    prob_reach: float | None = None
    eta_week: dt.date | None = None
    note: str = ""


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


def counterpart(week: dt.date, years_back: int, start_month: int = 9) -> dt.date:
    """The same week of the marketing year ``years_back`` years earlier (aligned by week of MY)."""
    year = market_year_of(week, start_month)
    first, _ = market_year_weeks(year, start_month)
    past_first, _ = market_year_weeks(year - years_back, start_month)
    return past_first + (week - first)


def _past_years(inp: ProjectionInput) -> list[int]:
    """Past marketing years that began before the window did (so their season is all history)."""
    return [y for y in inp.history_years if y < market_year_of(inp.start, inp.start_month)]


def _year_series(inp: ProjectionInput, year: int, weeks: list[dt.date]) -> np.ndarray | None:
    """Past year ``year``'s purchases in the weeks matching ``weeks``; None if any is missing."""
    back = market_year_of(inp.start, inp.start_month) - year
    out = []
    for w in weeks:
        value = inp.history.get(counterpart(w, back, inp.start_month))
        if value is None:
            return None
        out.append(value)
    return np.asarray(out, dtype=float)


def _future_weeks(inp: ProjectionInput, horizon: int) -> list[dt.date]:
    return [inp.as_of + WEEK * (i + 1) for i in range(horizon)]


def _to_last_deadline(inp: ProjectionInput) -> int:
    return max(inp.reports_left(d) for _, d in inp.deadlines)


def _eta_from_paths(inp: ProjectionInput, paths: np.ndarray) -> dt.date | None:
    """Median week at which simulated cumulative paths (rows) cross the target; None if most never do."""
    if inp.cumulative >= inp.target_mt:
        return inp.as_of
    crossed = paths >= inp.target_mt
    hit = crossed.any(axis=1)
    never = paths.shape[1]  # beyond the horizon
    first = np.where(hit, crossed.argmax(axis=1), never)
    median = int(np.sort(first)[(len(first) - 1) // 2])  # the lower median
    return None if median == never else inp.as_of + WEEK * (median + 1)


def _seasonal_ratios(inp: ProjectionInput, horizon: int) -> tuple[list[int], np.ndarray]:
    """Per usable past year: the remaining-weeks profile divided by its elapsed total. Only weeks
    the history holds count (it holds nothing after the as-of week), so a year that lacks any is
    left out rather than filled."""
    elapsed_weeks = [w for w, v in zip(inp.weeks, inp.values, strict=False) if not np.isnan(v)]
    if len(elapsed_weeks) < MIN_ELAPSED_WEEKS:
        return [], np.empty((0, horizon))
    future = _future_weeks(inp, horizon)
    years, rows = [], []
    for year in _past_years(inp):
        elapsed = _year_series(inp, year, elapsed_weeks)
        ahead = _year_series(inp, year, future)
        if elapsed is None or ahead is None or elapsed.sum() <= 0:
            continue
        years.append(year)
        rows.append(ahead / elapsed.sum())
    return years, np.asarray(rows)


def seasonal(inp: ProjectionInput, **_) -> list[Projection]:
    """This year's count x (1 + each past year's remaining/elapsed ratio); median and spread across years.
    Its target date is looked for up to the last deadline only."""
    horizon = _to_last_deadline(inp)
    years, ratios = _seasonal_ratios(inp, horizon)
    if not years:
        return []
    cum = inp.cumulative
    paths = cum + cum * np.cumsum(ratios, axis=1)  # one row per past year
    eta = _eta_from_paths(inp, paths)
    note = f"shape of MY {', '.join(market_label(y) for y in years)}"
    out = []
    for name, d in inp.deadlines:
        n = inp.reports_left(d)
        totals = paths[:, n - 1] if n else np.full(len(years), cum)
        p10, p50, p90 = np.percentile(totals, [10, 50, 90])
        out.append(
            Projection(
                "seasonal",
                name,
                d,
                float(p50),
                float(p10),
                float(p50),
                float(p90),
                float((totals >= inp.target_mt).mean()),
                eta,
                note,
            )
        )
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
    **_,
) -> list[Projection]:
    """Resample blocks of weeks seen so far (and past years' same season, rescaled to this year's
    level, where history exists) to fill the remaining weeks, many times over."""
    pool = block_pool(inp.values, block)
    if pool.shape[0] == 0:
        return [
            Projection("bootstrap", name, d, None, note="no known weeks yet") for name, d in inp.deadlines
        ]
    horizon = _to_last_deadline(inp) + ETA_HORIZON_WEEKS
    years, ratios = _seasonal_ratios(inp, _to_last_deadline(inp))
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
    totals, eta = _walk_paths(inp, pool, picks, horizon, {inp.reports_left(d) for _, d in inp.deadlines})
    out = []
    for name, d in inp.deadlines:
        n = inp.reports_left(d)
        p10, p50, p90 = np.percentile(totals[n], [10, 50, 90])
        out.append(
            Projection(
                "bootstrap",
                name,
                d,
                float(p50),
                float(p10),
                float(p50),
                float(p90),
                float((totals[n] >= inp.target_mt).mean()),
                eta,
                note,
            )
        )
    return out


METHODS: dict[str, Callable[..., list[Projection]]] = {
    "run-rate": run_rate,
    "since-start": since_start,
    "seasonal": seasonal,
    "bootstrap": bootstrap,
}


def project_all(
    inp: ProjectionInput, methods=tuple(METHODS), **options
) -> tuple[list[Projection], list[str]]:
    """Every requested method's projections, and notes on the methods that could not run."""
    out, notes = [], []
    for name in methods:
        got = METHODS[name](inp, **options)
        if not got:
            why = (
                f"fewer than {MIN_ELAPSED_WEEKS} weeks counted so far"
                if inp.known.size < MIN_ELAPSED_WEEKS
                else "no comparable past years in the data for this destination"
            )
            notes.append(f"{name}: {why}, so it is left out")
        out.extend(got)
    return out, notes
