"""What every projection method takes and gives (ProjectionInput, Projection), and the parts they
share: past seasons' same weeks (SeasonTable), quantiles of a spread, the week a spread of paths
crosses the target.

Kept apart from the methods so that each family of methods (soypace.model.projections, .seasons,
.ensemble) can stand on it without importing the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from soypace.calendar import WEEK, market_year_of, market_year_weeks, weeks_after
from soypace.model.methods import QUANTILE_LEVELS

MIN_ELAPSED_WEEKS = 4  # a remaining/elapsed ratio over fewer known weeks swings wildly


class HistoryUntil(Mapping[dt.date, float]):
    """Past weeks' purchases as they stood at ``as_of``: a view that hides every later week, so that
    many replays can share one series without a copy each."""

    def __init__(self, series: Mapping[dt.date, float], as_of: dt.date):
        self._series, self._as_of = series, as_of

    def __getitem__(self, week: dt.date) -> float:
        if week > self._as_of:
            raise KeyError(week)
        return self._series[week]

    def __iter__(self) -> Iterator[dt.date]:
        return (w for w in self._series if w <= self._as_of)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class ProjectionInput:
    """Everything a method may use, and nothing dated after ``as_of``."""

    weeks: tuple[dt.date, ...]  # counted weeks from the target's start to as_of
    values: np.ndarray  # purchases per week (NaN: a gap)
    as_of: dt.date
    target_mt: int
    start: dt.date
    deadlines: tuple[tuple[str, dt.date], ...]  # open deadlines only
    history: Mapping[dt.date, float] = field(default_factory=dict)  # week -> purchases, past years
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

    @cached_property
    def seasons(self) -> SeasonTable:
        """Past seasons' same weeks up to the last deadline, built once and shared by every method."""
        return season_table(self, to_last_deadline(self))


@dataclass(frozen=True)
class Projection:
    """One method's view of one deadline; ``quantiles`` are its totals at methods.QUANTILE_LEVELS
    (None for a method without a range)."""

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
    quantiles: tuple[float, ...] | None = None


@lru_cache(maxsize=65536)
def counterpart(week: dt.date, years_back: int, start_month: int = 9) -> dt.date:
    """The same week of the marketing year ``years_back`` years earlier (aligned by week of MY)."""
    year = market_year_of(week, start_month)
    first, _ = market_year_weeks(year, start_month)
    past_first, _ = market_year_weeks(year - years_back, start_month)
    return past_first + (week - first)


def past_years(inp: ProjectionInput) -> list[int]:
    """Past marketing years that began before the window did (so their season is all history)."""
    return [y for y in inp.history_years if y < market_year_of(inp.start, inp.start_month)]


def year_series(inp: ProjectionInput, year: int, weeks: list[dt.date]) -> np.ndarray | None:
    """Past year ``year``'s purchases in the weeks matching ``weeks``; None if any is missing."""
    back = market_year_of(inp.start, inp.start_month) - year
    out = []
    for w in weeks:
        value = inp.history.get(counterpart(w, back, inp.start_month))
        if value is None:
            return None
        out.append(value)
    return np.asarray(out, dtype=float)


def future_weeks(inp: ProjectionInput, horizon: int) -> list[dt.date]:
    return [inp.as_of + WEEK * (i + 1) for i in range(horizon)]


def to_last_deadline(inp: ProjectionInput) -> int:
    return max((inp.reports_left(d) for _, d in inp.deadlines), default=0)


@dataclass(frozen=True)
class SeasonTable:
    """Each usable past season's purchases in this window's known weeks (``elapsed``, summed) and in
    the weeks to come (``ahead``, one row per season); a season lacking any of them is left out."""

    years: tuple[int, ...]
    elapsed: np.ndarray  # (seasons,)
    ahead: np.ndarray  # (seasons, weeks to come)
    elapsed_weeks: int  # this window's known weeks

    def remaining(self, weeks: int) -> np.ndarray:
        """Each season's purchases over the first ``weeks`` weeks to come."""
        return self.ahead[:, :weeks].sum(axis=1)


def season_table(inp: ProjectionInput, horizon: int) -> SeasonTable:
    """Past seasons aligned by week of the marketing year; only weeks the history holds count (it
    holds nothing after the as-of week), so a season that lacks any is left out rather than filled."""
    elapsed_weeks = [w for w, v in zip(inp.weeks, inp.values, strict=False) if not np.isnan(v)]
    future = future_weeks(inp, horizon)
    years, elapsed, rows = [], [], []
    for year in past_years(inp) if elapsed_weeks else ():
        before = year_series(inp, year, elapsed_weeks)
        ahead = year_series(inp, year, future)
        if before is None or ahead is None:
            continue
        years.append(year)
        elapsed.append(before.sum())
        rows.append(ahead)
    table = np.asarray(rows, dtype=float).reshape(len(years), horizon)
    return SeasonTable(tuple(years), np.asarray(elapsed, dtype=float), table, len(elapsed_weeks))


def eta_from_paths(inp: ProjectionInput, paths: np.ndarray) -> dt.date | None:
    """Median week at which simulated cumulative paths (rows) cross the target; None if most never do."""
    if inp.cumulative >= inp.target_mt:
        return inp.as_of
    crossed = paths >= inp.target_mt
    hit = crossed.any(axis=1)
    never = paths.shape[1]  # beyond the horizon
    first = np.where(hit, crossed.argmax(axis=1), never)
    median = int(np.sort(first)[(len(first) - 1) // 2])  # the lower median
    return None if median == never else inp.as_of + WEEK * (median + 1)


def spread(
    method: str,
    name: str,
    deadline: dt.date,
    totals: np.ndarray,
    target_mt: int,
    eta: dt.date | None,
    note: str,
) -> Projection:
    """A Projection from a spread of totals (paths, years): its quantiles (numpy's linear
    interpolation), P50 as the projection, and the share reaching the target."""
    q = np.percentile(totals, [100 * level for level in QUANTILE_LEVELS])
    p10, p50, p90 = (float(q[QUANTILE_LEVELS.index(level)]) for level in (0.1, 0.5, 0.9))
    reach = float((totals >= target_mt).mean())
    return Projection(method, name, deadline, p50, p10, p50, p90, reach, eta, note, tuple(map(float, q)))
