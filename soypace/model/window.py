"""A query resolved against the data, once: the as-of week, the weeks it stands on, the pace per
deadline and the projections, each computed the first time a view asks and then shared.

Every view (status, weeks, project, chart, report) takes the same Window, so one command never
resolves, paces or projects the same target twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from soypace import SoypaceError, UsageError
from soypace.calendar import (
    ReleaseUnknown,
    latest_week_known,
    market_label,
    week_ending_on_or_before,
)
from soypace.data.codes import CHINA, UNKNOWN, country_name
from soypace.data.dataset import Dataset
from soypace.model.caveats import span_notes
from soypace.model.methods import HISTORY_METHODS, Options
from soypace.model.pacing import Pace, is_judged, pace, running_total
from soypace.model.purchases import COMMITMENTS, NextMyGap, WeekPoint, next_my_gaps, weekly_points
from soypace.model.targets import Deadline, Target
from soypace.model.unknown import UnknownBounds, unknown_bounds, week_before_window

if TYPE_CHECKING:  # numpy loads only when a view asks for projections
    from soypace.data.calibration import ScopeCalibration
    from soypace.data.ledger import FlashSale
    from soypace.model.outlook import History
    from soypace.model.projections import Projection, ProjectionInput


LATEST, HINDSIGHT, KNOWN_ON = "latest", "hindsight", "known-on"


def calibration_scope(country: int) -> str:
    """Which scope of data/calibration.toml a destination's projections use: China's for China, the
    all-destination control's for any other (the history backtest measures only those two)."""
    from soypace.data.calibration import ALL_SCOPE, CHINA_SCOPE

    return CHINA_SCOPE if country == CHINA else ALL_SCOPE


@dataclass(frozen=True)
class Query:
    """What to pace: one target for one destination on one basis, at an optional as-of date,
    and how the projection methods run."""

    target: Target
    country: int
    basis: str = COMMITMENTS
    as_of: dt.date | None = None
    unknown_share: float | None = None  # None: the confirmed view only
    nowcast: bool = False
    today: dt.date | None = None  # bounds the nowcast when there is no as-of date
    options: Options = Options()
    known_on: dt.date | None = None  # replay only what USDA had released by this day

    @property
    def day(self) -> dt.date | None:
        """The day a replay stands on (known-on or as-of), None for the latest data."""
        return self.known_on or self.as_of

    @property
    def mode(self) -> str:
        """Which past a figure stands on: the latest data, hindsight (--as-of: today's revised
        weeks, published then or not) or known-on (only what USDA had released by that day)."""
        if self.known_on is not None:
            return KNOWN_ON
        return HINDSIGHT if self.as_of is not None else LATEST

    @property
    def view(self) -> str:
        if self.unknown_share is None:
            return "confirmed"
        return "with-unknown" if self.unknown_share == 1 else f"unknown-share {self.unknown_share:g}"


@dataclass(frozen=True, eq=False)
class Window:
    """A query resolved against a dataset: the as-of week and the weekly points it stands on."""

    query: Query
    dataset: Dataset
    as_of: dt.date
    latest_week: dt.date
    points: list[WeekPoint]
    notes: tuple[str, ...]
    flash: tuple[FlashSale, ...] = ()
    shared_history: History | None = None  # given by a replay that resolves many weeks
    shared_calibration: ScopeCalibration | None = None  # a replay's: fitted without the seasons it replays
    _projected: dict = field(default_factory=dict, repr=False)

    @property
    def target(self) -> Target:
        return self.query.target

    @cached_property
    def weekly(self) -> list[tuple[dt.date, int | None]]:
        return [(p.week_ending, p.purchases(self.query.basis)) for p in self.points]

    @cached_property
    def reached_week(self) -> dt.date | None:
        """The week the running total first reached the target (counting past the deadlines)."""
        t = self.target
        return next((w for w, total in running_total(self.weekly, t.start) if total >= t.tonnage_mt), None)

    def is_judged(self, deadline: Deadline) -> bool:
        return is_judged(deadline.date, self.as_of)

    @cached_property
    def paces(self) -> list[tuple[str, Pace]]:
        """One Pace per deadline of the target, at the as-of week."""
        t = self.target
        return [(d.name, pace(self.weekly, t.tonnage_mt, t.start, d.date, self.as_of)) for d in t.deadlines]

    @property
    def open_deadlines(self) -> tuple[Deadline, ...]:
        return tuple(d for d in self.target.deadlines if not self.is_judged(d))

    @cached_property
    def unknown_points(self) -> list[WeekPoint]:
        """The unknown destinations' weeks beside the window, for the --unknown-share views."""
        if self.query.country == UNKNOWN:
            raise UsageError(
                "--unknown-share and --with-unknown add unknown destinations to another destination; "
                "drop --country unknown"
            )
        t = self.target
        opened = week_before_window(t.start)
        return weekly_points(self.dataset, t.commodity, UNKNOWN, opened, self.as_of, t.market_year)

    def unknown_pool(self, deadline: Deadline) -> UnknownBounds:
        """Unknown destinations' pool where a deadline stands (at its judged week once judged, else
        at the as-of week), with what it held when the window opened and what it gained since."""
        t = self.target
        week = deadline.judged_week if self.is_judged(deadline) else self.as_of
        opened = week_before_window(t.start)
        own = weekly_points(self.dataset, t.commodity, self.query.country, opened, opened, t.market_year)
        own_pool = own[0].outstanding if own and not own[0].is_gap else None
        return unknown_bounds(self.unknown_points, t.start, week, own_pool)

    @cached_property
    def history(self) -> History:
        from soypace.model.outlook import build_history

        q = self.query
        return self.shared_history or build_history(self.dataset, q.target, q.country, q.basis, q.options)

    @cached_property
    def projection_input(self) -> ProjectionInput:
        from soypace.model.outlook import projection_input

        open_ = tuple((d.name, d.date) for d in self.open_deadlines)
        return projection_input(self.weekly, self.as_of, self.target, open_, self.history)

    def projections(self, methods: Sequence[str] | None = None) -> tuple[list[Projection], list[str]]:
        """Each method's projections for the open deadlines (and notes on those that cannot run);
        a method runs at most once per window, whichever views ask for it."""
        from soypace.model.projections import project_all

        methods = tuple(methods or self.query.options.methods)
        if not self.open_deadlines:
            return [], []
        kwargs = self.query.options.method_kwargs() | {"calibration": self.calibration}
        found, notes = project_all(self.projection_input, methods, self._projected, **kwargs)
        return found, notes + list(self.history_notes)

    @cached_property
    def calibration(self) -> ScopeCalibration | None:
        """A replay's own calibration, else the shipped one for this destination: China's, or the
        all-destination control's for any other (which the history backtest does not measure; the
        status notes say so)."""
        from soypace.data.calibration import shipped_calibration

        if self.shared_calibration is not None:
            return self.shared_calibration
        shipped = shipped_calibration()
        return None if shipped is None else shipped.scope(calibration_scope(self.query.country))

    @cached_property
    def range_method(self) -> str:
        """The method whose range and reach share status and the verdict show: the one the history
        backtest ranks best (data/calibration.toml), or the bootstrap where that one cannot run."""
        from soypace.data.calibration import shipped_calibration

        shipped = shipped_calibration()
        best = shipped.status_method if shipped is not None else "bootstrap"
        if best != "bootstrap" and self.open_deadlines and not self.projections((best,))[0]:
            return "bootstrap"
        return best

    @property
    def history_notes(self) -> tuple[str, ...]:
        """What the data cannot say about the past years a projection drew on, once one has."""
        return self.history.notes if HISTORY_METHODS & self._projected.keys() else ()

    def next_my_gaps(self, until: dt.date) -> list[NextMyGap]:
        """The runs of counted weeks up to ``until`` whose next-MY sales the data lacks, each with
        what the data up to the as-of week says they add up to (purchases.next_my_gaps)."""
        q, t = self.query, self.target
        if q.basis != COMMITMENTS or t.market_year is not None:  # one year's own sales: no next-MY
            return []
        last = min(until, self.as_of)
        return next_my_gaps(self.dataset, t.commodity, q.country, t.start, last, self.as_of)

    def next_my_bound(self, until: dt.date) -> tuple[int, list[int], list[int]]:
        """The most that next-MY sales missing from the data could add to the count up to ``until``:
        (extra MT, years whose missing sales the data bounds above zero, years nothing bounds yet)."""
        last = min(until, self.as_of)
        gaps = self.next_my_gaps(until)
        most = [(g.market_year, g.most_mt(self.target.start, last)) for g in gaps]
        extra = sum(m for _, m in most if m is not None and m > 0)
        bounded = sorted({y for y, m in most if m is not None and m > 0})
        return extra, bounded, sorted({y for y, m in most if m is None})


def _known_week(query: Query, notes: list[str]) -> dt.date:
    """The newest week USDA had released by the known-on day, from the release calendar (data)."""
    assert query.known_on is not None
    try:
        week = latest_week_known(query.known_on)
    except ReleaseUnknown as exc:
        raise SoypaceError(f"--known-on {query.known_on}: {exc}; use --as-of for hindsight") from None
    if week < query.target.start:
        raise UsageError(
            f"--known-on {query.known_on}: USDA had released weeks through {week} only, before target "
            f"{query.target.name} starts ({query.target.start})"
        )
    notes.append(
        f"known on {query.known_on}: only the weeks USDA had released by then, through the week ending "
        f"{week}, at their figures as revised since (first-published figures are not kept)"
    )
    return week


def _hindsight_note(day: dt.date, week: dt.date) -> str:
    """Say that an --as-of replay sees weeks as revised today, and what was published that day."""
    text = f"hindsight: the weeks to the week ending {week} as revised today"
    try:
        known = latest_week_known(day)
    except ReleaseUnknown:
        return text + f"; which of them USDA had published by {day} is not known (use --known-on)"
    if known < week:
        return text + f"; on {day} USDA had published only through the week ending {known} (see --known-on)"
    return text + f"; USDA had published them by {day}"


def resolve(
    dataset: Dataset,
    query: Query,
    flash: Sequence[FlashSale] = (),
    history: History | None = None,
    calibration: ScopeCalibration | None = None,
) -> Window:
    """Map the as-of date to a reported week and gather the weeks from the target's start to it.

    Any as-of date maps to the last week ending on or before it; a date past the data's latest
    week maps to the latest week, with a note.
    """
    target, notes = query.target, list[str]()
    latest = dataset.latest_week(target.commodity, query.country)
    if latest is None:
        raise SoypaceError(
            f"{dataset.source} has no data for {country_name(query.country)} ({query.country}); "
            f"run `soypace fetch --country {query.country}`"
        )
    if query.known_on is not None:
        as_of = _known_week(query, notes)
        if as_of > latest:
            notes.append(
                f"the data ends with the week ending {latest}; known on {query.known_on} shows that week"
            )
            as_of = latest
    elif query.as_of is None:
        as_of = latest
        if as_of < target.start:
            raise SoypaceError(
                f"target {target.name} starts {target.start}, after the latest week in the data "
                f"({latest}): nothing to pace yet"
            )
    else:
        as_of = week_ending_on_or_before(query.as_of)
        if as_of < target.start:
            raise UsageError(
                f"--as-of {query.as_of} is before target {target.name} starts ({target.start}); "
                f"use a date on or after {target.start}"
            )
        if as_of > latest:
            notes.append(f"the data ends with the week ending {latest}; as of {query.as_of} shows that week")
            as_of = latest
        notes.append(_hindsight_note(query.as_of, as_of))
    points = weekly_points(dataset, target.commodity, query.country, target.start, as_of, target.market_year)
    gaps = [p for p in points if p.is_gap]
    if gaps:
        listed = ", ".join(f"{p.week_ending} (MY {'/'.join(map(str, p.missing_years))})" for p in gaps[:6])
        notes.append(f"{len(gaps)} week(s) missing from the data, counted as unknown (not zero): {listed}")
    counts_next_my = target.market_year is None
    notes.extend(
        span_notes(dataset, target.commodity, query.country, target.start, as_of, query.basis, counts_next_my)
    )
    if target.market_year is not None:
        year = market_label(target.market_year)
        notes.append(
            f'counts = "market-year": only marketing year {year}\'s own net sales count, not next-MY '
            f"bookings for the year after it"
        )
    return Window(query, dataset, as_of, latest, points, tuple(notes), tuple(flash), history, calibration)
