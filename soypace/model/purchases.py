"""One destination's weekly series over a span of calendar weeks, whatever marketing years it crosses.

This is where "purchases" is defined: on the commitments basis, current-MY net sales plus next-MY
net sales where known; on the shipments basis, weekly exports. The week that contains Sep 1 has one
record per marketing year; its parts are added, each counted once. A target that counts one
marketing year only (``Target.market_year``) reads that year's records alone, without next-MY sales.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from soypace.calendar import market_year_weeks, market_years_of_week, weeks_in
from soypace.data.codes import commodity as commodity_info
from soypace.data.dataset import Dataset

COMMITMENTS = "commitments"
SHIPMENTS = "shipments"


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """One destination in one calendar week. ``None`` means unknown, never zero."""

    week_ending: dt.date
    market_years: tuple[int, ...]
    missing_years: tuple[int, ...]  # marketing years whose part of this week the data lacks
    net_sales: int | None  # current-MY net sales, parts added
    next_my_net_sales: int | None  # None when any part's figure is unknown
    exports: int | None
    outstanding: int | None
    gross_new_sales: int | None = None  # None when any part's figure is unknown
    counts_next_my: bool = True  # False: next-MY sales are for another marketing year than the count's

    @property
    def is_gap(self) -> bool:
        return bool(self.missing_years)

    def purchases(self, basis: str) -> int | None:
        """What this week adds toward a target on ``basis``; None when no part of the week is known."""
        if basis == SHIPMENTS:
            return self.exports
        if self.net_sales is None:
            return None
        return self.net_sales + ((self.next_my_net_sales or 0) if self.counts_next_my else 0)


def _add(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def weekly_points(
    dataset: Dataset,
    commodity: int,
    country: int,
    first: dt.date,
    last: dt.date,
    market_year: int | None = None,
) -> list[WeekPoint]:
    """Every week-ending in [first, last] for one destination, with gaps marked, not filled.

    A covered week without a row is a week of no activity (the API's convention): zeros. A week the
    data does not cover has ``None`` values and names the missing marketing year(s). With
    ``market_year``, only that year's part of each week is read (a week outside it adds nothing)
    and next-MY sales do not count.
    """
    start_month = commodity_info(commodity).market_year_start_month
    points = []
    for week in weeks_in(first, last):
        years = tuple(y for y in market_years_of_week(week, start_month) if market_year in (None, y))
        if not years:  # outside the one marketing year counted: none of its sales
            points.append(WeekPoint(week, (), (), 0, 0, 0, None, 0, False))
            continue
        missing = []
        net: int | None = None
        nxt: int | None = None
        exports: int | None = None
        outstanding: int | None = None
        gross: int | None = None
        next_known = gross_known = True
        for year in years:
            if not dataset.covered(commodity, country, year, week):
                missing.append(year)
                continue
            rec = dataset.record(commodity, country, year, week)
            if rec is None:  # covered, no row: no activity that week
                net, exports, outstanding, nxt, gross = (
                    _add(net, 0),
                    _add(exports, 0),
                    _add(outstanding, 0),
                    _add(nxt, 0),
                    _add(gross, 0),
                )
                continue
            net = _add(net, rec.net_sales)
            exports = _add(exports, rec.weekly_exports)
            outstanding = _add(outstanding, rec.outstanding_sales)
            if rec.gross_new_sales is None:
                gross_known = False
            else:
                gross = _add(gross, rec.gross_new_sales)
            if rec.next_my_net_sales is None:
                next_known = False
            else:
                nxt = _add(nxt, rec.next_my_net_sales)
        next_my = nxt if next_known else None
        gross_new = gross if gross_known and not missing else None
        every_year = market_year is None
        point = WeekPoint(
            week, years, tuple(missing), net, next_my, exports, outstanding, gross_new, every_year
        )
        points.append(point)
    return points


def next_my_unknown(points: list[WeekPoint]) -> bool:
    """True when some covered week lacks next-MY net sales that would count, so a commitments total
    is a lower bound."""
    return any(p.counts_next_my and p.next_my_net_sales is None and p.net_sales is not None for p in points)


def carry_in(dataset: Dataset, commodity: int, country: int, market_year: int) -> int | None:
    """Tonnage booked for a marketing year before it began (next-MY sales made in the previous
    year): week 1's total commitment minus week 1's net sales. None when week 1 is not in the data."""
    first, _ = market_year_weeks(market_year, commodity_info(commodity).market_year_start_month)
    if not dataset.covered(commodity, country, market_year, first):
        return None
    rec = dataset.record(commodity, country, market_year, first)
    if rec is None:
        return 0
    if rec.total_commitment is None or rec.net_sales is None:
        return None
    return rec.total_commitment - rec.net_sales


def years_missing_next_my(
    dataset: Dataset, commodity: int, country: int, first: dt.date, last: dt.date
) -> list[int]:
    """Marketing years whose records in [first, last] lack next-MY net sales for this destination."""
    start_month = commodity_info(commodity).market_year_start_month
    years = set()
    for week in weeks_in(first, last):
        for year in market_years_of_week(week, start_month):
            rec = dataset.record(commodity, country, year, week)
            if rec is not None and rec.next_my_net_sales is None:
                years.add(year)
    return sorted(years)
