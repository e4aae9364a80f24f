"""The history backtest's cases: every past marketing year x fixed horizons x as-of weeks 4 to 26
before each, each standing on what USDA had released by then where its release table can say.

A track is one series to replay (China, the all-destination control, or a judged target); a horizon
is a count from a start to a judged week; a case is one as-of week of one horizon. Pure: the
weekly series come in, the cases go out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from soypace.calendar import (
    WEEK,
    ReleaseUnknown,
    latest_week_known,
    market_year_of,
    release_day,
    week_ending_on_or_after,
    week_ending_on_or_before,
)
from soypace.data.dataset import Dataset
from soypace.model.outlook import interpolated_blocks, spread_interpolated
from soypace.model.purchases import weekly_points
from soypace.model.targets import Target
from soypace.model.window import HINDSIGHT, KNOWN_ON

FIRST_AHEAD, LAST_AHEAD = 4, 26  # as-of weeks this many weekly reports before a horizon's judged week
END_DEC, END_FEB, END_AUG, CALENDAR = "end-dec", "end-feb", "end-aug", "calendar-year"
# Seasons the tool exists for, reported apart as well (by the marketing year's end year).
DISRUPTED = {
    2019: "2018/19, the trade war",
    2020: "2019/20, the Phase One deal",
    2026: "2025/26, the truce",
}


@dataclass(frozen=True)
class Horizon:
    """A count of purchases from ``start`` to the week ``deadline`` is judged on."""

    name: str
    start: dt.date
    deadline: dt.date
    season: int  # the marketing year of the judged week (end year)
    seasons: frozenset[int]  # every marketing year the count touches: none of them may train its fit

    @property
    def judged(self) -> dt.date:
        return week_ending_on_or_before(self.deadline)


@dataclass(frozen=True)
class Track:
    """One weekly series to replay, the past it may draw on, and its horizons."""

    name: str
    scope: str  # the calibration scope its cases are fitted in and scored with (china, all-destinations)
    series: dict[dt.date, float]  # counted purchases per week; a week missing is a gap
    history: dict[dt.date, float]  # past weeks the methods may read (cut at each as-of week)
    years: tuple[int, ...]  # marketing years the history holds
    blocks: tuple[tuple[dt.date, dt.date], ...]  # interpolated runs: never split, never scored inside
    horizons: tuple[Horizon, ...]
    fits: bool = True  # whether its cases train the calibration (a target's repeat a season's)
    latest: dt.date = field(default=dt.date.min)


@dataclass(frozen=True)
class Case:
    """One horizon replayed from one as-of week, in one mode."""

    track: str
    horizon: Horizon
    as_of: dt.date
    mode: str  # known-on, or hindsight where the release table cannot say what was out
    known_on: dt.date | None  # the release day replayed (known-on)

    @property
    def weeks_ahead(self) -> int:
        return (self.horizon.judged - self.as_of).days // 7

    @property
    def disrupted(self) -> bool:
        return self.horizon.season in DISRUPTED


def _touches(start: dt.date, end: dt.date) -> frozenset[int]:
    return frozenset(range(market_year_of(start), market_year_of(end) + 1))


def season_horizons(years: tuple[int, ...], latest: dt.date) -> list[Horizon]:
    """For each soybean marketing year (Sep-Aug, by end year): end of December, of February and of
    August, counted from its first day, and the calendar year ending in it, counted from Jan 1; only
    those judged by ``latest`` whose count starts in a year the data holds."""
    found = []
    for y in years:
        start = dt.date(y - 1, 9, 1)
        ends = ((END_DEC, dt.date(y - 1, 12, 31)), (END_FEB, dt.date(y, 3, 1) - dt.timedelta(days=1)),
                (END_AUG, dt.date(y, 8, 31)))  # fmt: skip
        for name, day in ends:
            found.append(Horizon(name, start, day, y, _touches(start, day)))
        first = dt.date(y - 1, 1, 1)
        found.append(
            Horizon(CALENDAR, first, dt.date(y - 1, 12, 31), y, _touches(first, dt.date(y - 1, 12, 31)))
        )
    return [h for h in found if h.judged <= latest and market_year_of(h.start) in years]


def target_horizons(target: Target, latest: dt.date) -> list[Horizon]:
    """A judged target's deadlines as horizons, each counted from the target's start."""
    return [
        Horizon(d.name, target.start, d.date, market_year_of(d.judged_week), _touches(target.start, d.date))
        for d in target.deadlines
        if d.judged_week <= latest
    ]


def _inside(week: dt.date, blocks: tuple[tuple[dt.date, dt.date], ...]) -> bool:
    """Whether a cumulative figure at ``week`` is one the capture made up: inside a block, not at its end."""
    return any(first <= week < last for first, last in blocks)


def replay_week(week: dt.date) -> tuple[dt.date, str, dt.date | None]:
    """What an analyst stood on the day USDA published ``week``: (as-of week, mode, release day); the
    week itself with hindsight where the release table cannot say what was out that day."""
    day = release_day(week)
    try:
        return latest_week_known(day), KNOWN_ON, day
    except ReleaseUnknown:
        return week, HINDSIGHT, None


def cases(track: Track) -> list[Case]:
    """Every case of a track: for each horizon (none judged inside an interpolated block), the as-of
    weeks 4 to 26 reports before it, as known on their release day, counted from the start on, none
    inside a block; a release day that knows only an earlier week replays that week (once)."""
    found = []
    for h in track.horizons:
        if _inside(h.judged, track.blocks):
            continue
        first_week = week_ending_on_or_after(h.start)
        chosen: dict[dt.date, Case] = {}
        for k in range(LAST_AHEAD, FIRST_AHEAD - 1, -1):
            as_of, mode, day = replay_week(h.judged - WEEK * k)
            case = Case(track.name, h, as_of, mode, day if mode == KNOWN_ON else None)
            if as_of < first_week or _inside(as_of, track.blocks) or as_of > track.latest:
                continue
            if FIRST_AHEAD <= case.weeks_ahead <= LAST_AHEAD and (
                as_of not in chosen or chosen[as_of].mode != KNOWN_ON
            ):
                chosen[as_of] = case
        found += sorted(chosen.values(), key=lambda c: c.as_of)
    return found


def weekly_series(
    dataset: Dataset, commodity: int, country: int, first: dt.date, last: dt.date, basis: str,
    market_year: int | None = None, own_sales: bool = False,
) -> dict[dt.date, float]:  # fmt: skip
    """A destination's purchases per week on ``basis`` (a week the data lacks is left out: a gap), each
    interpolated run spread evenly over its weeks (outlook.spread_interpolated); with ``own_sales``
    current-MY sales only, as a target that counts one marketing year's own sales reads its past."""
    series = {
        p.week_ending: float(value)
        for p in weekly_points(dataset, commodity, country, first, last, market_year)
        if (value := p.purchases(basis, next_my=not own_sales)) is not None
    }
    spread_interpolated(series, dataset, commodity, country, basis)
    return series


def season_track(name: str, scope: str, dataset: Dataset, commodity: int, country: int, basis: str) -> Track:
    """Every marketing year a destination's data holds, as one track with the season horizons."""
    years = dataset.market_years(commodity, country)
    latest = dataset.latest_week(commodity, country)
    if not years or latest is None:
        return Track(name, scope, {}, {}, (), (), ())
    first = week_ending_on_or_after(dt.date(years[0] - 1, 9, 1))
    series = weekly_series(dataset, commodity, country, first, latest, basis)
    blocks = tuple(interpolated_blocks(dataset, commodity, country, basis))
    horizons = tuple(season_horizons(tuple(years), latest))
    return Track(name, scope, series, series, tuple(years), blocks, horizons, True, latest)


def target_track(target: Target, base: Track, dataset: Dataset, country: int, basis: str) -> Track:
    """A judged target's deadlines replayed on its own counting rule, drawing on ``base``'s past
    counted the same way (one marketing year's own sales: current-MY sales only)."""
    series = weekly_series(
        dataset, target.commodity, country, target.start, base.latest, basis, target.market_year
    )
    history = base.history
    if target.market_year is not None and base.history:
        first = min(base.history)
        history = weekly_series(dataset, target.commodity, country, first, base.latest, basis, own_sales=True)
    horizons = tuple(target_horizons(target, base.latest))
    return Track(
        target.name, base.scope, series, history, base.years, base.blocks, horizons, False, base.latest
    )
