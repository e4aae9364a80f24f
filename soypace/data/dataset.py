"""A set of weekly records together with what it covers and where it came from.

Coverage is what lets soypace tell "no sales that week" (a covered week without a row: the API
has no row for a destination with no activity) from "no data for that week" (a gap).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from soypace.data.records import WeekRecord

# (commodity, destination or None for every destination) -> market year -> runs of covered weeks
Runs = dict[tuple[int, int | None], dict[int, list[tuple[dt.date, dt.date]]]]


@dataclass(frozen=True)
class Coverage:
    """The weeks of one marketing year that a source holds, for every destination or for one."""

    commodity: int
    market_year: int
    country: int | None  # None: every destination
    first_week: dt.date
    last_week: dt.date


@dataclass(frozen=True)
class NextMyOpening:
    """Next-MY sales a destination had booked in a marketing year before the first week its source
    gives next-MY figures for, at dates the source does not give (so no week counts them)."""

    first_week: dt.date
    balance_mt: int


@dataclass(frozen=True)
class Interpolated:
    """A run of weeks whose figures a source spread evenly instead of giving USDA's weekly values."""

    first_week: dt.date
    last_week: dt.date
    fields: str  # "all", or "nextMY" when only the next-MY figures were spread
    why: str


# (commodity, destination, marketing year)
YearKey = tuple[int, int, int]


@dataclass
class Dataset:
    """Records plus provenance: every output names ``source`` and the latest week it stands on.

    ``destinations`` says which destinations' records were loaded (None: every one); asking about
    another is an error, not an answer, since coverage "for every destination" would otherwise
    turn a destination that was never loaded into weeks of no activity.
    """

    records: list[WeekRecord]
    coverage: list[Coverage]
    source: str
    kind: str  # "snapshot" or "store"
    fetched_at: str | None = None
    destinations: frozenset[int] | None = None
    # (commodity, marketing year) -> that year's records, read on first use instead of ``records``,
    # so that a long history costs nothing until a projection reads it
    loader: Callable[[int, int], list[WeekRecord]] | None = None
    # what the source flagged per (commodity, destination, marketing year), for notes wherever that
    # year is used: next-MY sales booked at dates it does not give, and weeks it interpolated
    next_my_openings: dict[YearKey, NextMyOpening] = field(default_factory=dict)
    interpolated: dict[YearKey, tuple[Interpolated, ...]] = field(default_factory=dict)

    @cached_property
    def _parts(self) -> dict[tuple[int, int], dict[tuple[int, dt.date], WeekRecord]]:
        parts: dict[tuple[int, int], dict[tuple[int, dt.date], WeekRecord]] = {}
        for r in self.records:
            parts.setdefault((r.commodity, r.market_year), {})[(r.country, r.week_ending)] = r
        return parts

    def _part(self, commodity: int, market_year: int) -> dict[tuple[int, dt.date], WeekRecord]:
        key = (commodity, market_year)
        if key not in self._parts:
            rows = self.loader(commodity, market_year) if self.loader else []
            self._parts[key] = {(r.country, r.week_ending): r for r in rows}
        return self._parts[key]

    @cached_property
    def _runs(self) -> Runs:
        runs: Runs = {}
        for c in self.coverage:
            years = runs.setdefault((c.commodity, c.country), {})
            years.setdefault(c.market_year, []).append((c.first_week, c.last_week))
        return runs

    def _check_loaded(self, country: int) -> None:
        if self.destinations is not None and country not in self.destinations:
            loaded = ", ".join(map(str, sorted(self.destinations)))
            raise LookupError(
                f"this {self.kind} dataset was loaded for destinations {loaded} only, not {country}"
            )

    def _scopes(self, commodity: int, country: int) -> list[dict[int, list[tuple[dt.date, dt.date]]]]:
        """The coverage that speaks for one destination: its own and that of every destination."""
        self._check_loaded(country)
        return [self._runs.get((commodity, scope), {}) for scope in (None, country)]

    def all_records(self) -> list[WeekRecord]:
        """Every record of every marketing year the data holds (reading any not read yet), in year order."""
        flagged = {(commodity, year) for commodity, _, year in self.next_my_openings}
        keys = sorted({(c.commodity, c.market_year) for c in self.coverage} | flagged | set(self._parts))
        return [r for key in keys for r in self._part(*key).values()]

    def record(self, commodity: int, country: int, market_year: int, week: dt.date) -> WeekRecord | None:
        """The row for one destination, marketing year and week; None when there is none (see ``covered``)."""
        self._check_loaded(country)
        return self._part(commodity, market_year).get((country, week))

    def covered(self, commodity: int, country: int, market_year: int, week: dt.date) -> bool:
        """Whether the data holds this week for this destination, so a missing row means no activity."""
        return any(
            first <= week <= last
            for runs in self._scopes(commodity, country)
            for first, last in runs.get(market_year, ())
        )

    def latest_week(self, commodity: int, country: int) -> dt.date | None:
        """The newest week this dataset holds for a destination (covered, with or without a row)."""
        scopes = self._scopes(commodity, country)
        return max((last for runs in scopes for year in runs.values() for _, last in year), default=None)

    def market_years(self, commodity: int, country: int) -> list[int]:
        """The marketing years with any covered week for a destination, for history-based projections."""
        return sorted({year for runs in self._scopes(commodity, country) for year in runs})
