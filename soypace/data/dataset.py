"""A set of weekly records together with what it covers and where it came from.

Coverage is what lets soypace tell "no sales that week" (a covered week without a row: the API
has no row for a destination with no activity) from "no data for that week" (a gap).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from soypace.data.records import WeekRecord


@dataclass(frozen=True)
class Coverage:
    """The weeks of one marketing year that a source holds, for every destination or for one."""

    commodity: int
    market_year: int
    country: int | None  # None: every destination
    first_week: dt.date
    last_week: dt.date

    def covers(self, commodity: int, country: int, market_year: int, week: dt.date) -> bool:
        return (
            self.commodity == commodity
            and self.market_year == market_year
            and self.country in (None, country)
            and self.first_week <= week <= self.last_week
        )


@dataclass
class Dataset:
    """Records plus provenance: every output names ``source`` and the latest week it stands on."""

    records: list[WeekRecord]
    coverage: list[Coverage]
    source: str
    kind: str  # "snapshot" or "store"
    fetched_at: str | None = None
    _index: dict | None = field(default=None, init=False, repr=False)

    def _by_key(self) -> dict[tuple[int, int, int, dt.date], WeekRecord]:
        if self._index is None:
            self._index = {r.key: r for r in self.records}
        return self._index

    def record(self, commodity: int, country: int, market_year: int, week: dt.date) -> WeekRecord | None:
        return self._by_key().get((commodity, country, market_year, week))

    def covered(self, commodity: int, country: int, market_year: int, week: dt.date) -> bool:
        return any(c.covers(commodity, country, market_year, week) for c in self.coverage)

    def latest_week(self, commodity: int, country: int) -> dt.date | None:
        """The newest week this dataset holds for a destination (covered, with or without a row)."""
        weeks = [c.last_week for c in self.coverage if c.commodity == commodity and c.country in (None, country)]
        return max(weeks, default=None)

    def market_years(self, commodity: int, country: int) -> list[int]:
        return sorted({c.market_year for c in self.coverage if c.commodity == commodity and c.country in (None, country)})

    def countries(self) -> set[int]:
        return {r.country for r in self.records}
