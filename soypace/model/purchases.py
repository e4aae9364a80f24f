"""One destination's weekly series over a span of calendar weeks, whatever marketing years it crosses.

This is where "purchases" is defined: on the commitments basis, current-MY net sales plus next-MY
net sales where known; on the shipments basis, weekly exports. The week that contains Sep 1 has one
record per marketing year: it counts both parts' current-MY net sales and the next-MY net sales of
the earlier part only (booked before Sep 1 for the year then opening, whose week-1 commitment already
holds them as its carry-in), nothing else. A target that counts one marketing year only
(``Target.market_year``) reads that year's records alone, without next-MY sales.
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
    next_my_net_sales: int | None  # the earlier part's, booked before the rollover; None: unknown
    exports: int | None
    outstanding: int | None
    gross_new_sales: int | None = None  # None when any part's figure is unknown
    counts_next_my: bool = True  # False: next-MY sales are for another marketing year than the count's

    @property
    def is_gap(self) -> bool:
        return bool(self.missing_years)

    def purchases(self, basis: str, next_my: bool = True) -> int | None:
        """What this week adds toward a target on ``basis``; None when no part of the week is known.
        Without ``next_my`` (a past season read for a target that counts one marketing year's own
        sales) current-MY net sales only."""
        if basis == SHIPMENTS:
            return self.exports
        if self.net_sales is None:
            return None
        return self.net_sales + ((self.next_my_net_sales or 0) if self.counts_next_my and next_my else 0)


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
        nxt: int | None = None  # the earlier part's only: the later part's are not counted
        exports: int | None = None
        outstanding: int | None = None
        gross: int | None = None
        gross_known = True
        for year in years:
            if not dataset.covered(commodity, country, year, week):
                missing.append(year)
                continue
            rec = dataset.record(commodity, country, year, week)
            if rec is None:  # covered, no row: no activity that week
                net, exports, outstanding, gross = (
                    _add(net, 0),
                    _add(exports, 0),
                    _add(outstanding, 0),
                    _add(gross, 0),
                )
                nxt = 0 if year == years[0] else nxt
                continue
            net = _add(net, rec.net_sales)
            exports = _add(exports, rec.weekly_exports)
            outstanding = _add(outstanding, rec.outstanding_sales)
            if rec.gross_new_sales is None:
                gross_known = False
            else:
                gross = _add(gross, rec.gross_new_sales)
            if year == years[0]:
                nxt = rec.next_my_net_sales
        gross_new = gross if gross_known and not missing else None
        every_year = market_year is None
        point = WeekPoint(week, years, tuple(missing), net, nxt, exports, outstanding, gross_new, every_year)
        points.append(point)
    return points


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


@dataclass(frozen=True)
class NextMyGap:
    """A run of one marketing year's weeks whose counted next-MY net sales the data lacks, with what
    they add up to: the next-MY outstanding sales known after the run minus those known before it."""

    market_year: int  # the year whose weeks they are; the sales are for the year after it
    weeks: tuple[dt.date, ...]
    total_mt: int | None  # None: nothing the data holds (up to the as-of week) bounds them yet

    def within(self, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
        """The run's weeks inside [first, last]."""
        return tuple(w for w in self.weeks if first <= w <= last)

    def most_mt(self, first: dt.date, last: dt.date) -> int | None:
        """The most the run's missing sales add inside [first, last]: the run's sum when the whole
        run is inside, else up to it (no week's being assumed negative); None when unbounded."""
        if self.total_mt is None:
            return None
        return self.total_mt if self._whole(first, last) else max(self.total_mt, 0)

    def least_mt(self, first: dt.date, last: dt.date) -> int | None:
        """The least they add inside [first, last]: the run's sum when the whole run is inside, else 0
        (or the sum, when cancellations made it negative)."""
        if self.total_mt is None:
            return None
        return self.total_mt if self._whole(first, last) else min(self.total_mt, 0)

    def _whole(self, first: dt.date, last: dt.date) -> bool:
        return len(self.within(first, last)) == len(self.weeks)


def _next_my_at(dataset: Dataset, commodity: int, country: int, year: int, week: dt.date) -> tuple:
    """(next-MY net sales, next-MY outstanding) of one year's part of a week; a covered week without
    a row had none of either; a figure the data lacks is None."""
    rec = dataset.record(commodity, country, year, week)
    if rec is None:
        return (0, 0) if dataset.covered(commodity, country, year, week) else (None, None)
    return rec.next_my_net_sales, rec.next_my_outstanding


def _year_gaps(
    dataset: Dataset, commodity: int, country: int, year: int, seen_until: dt.date
) -> list[NextMyGap]:
    """One marketing year's runs of weeks without next-MY figures, each totalled from the known
    outstanding on either side: nothing before the year opens, and after its last week the next
    year's carry-in, once that year has opened by ``seen_until`` (nothing later is read)."""
    month = commodity_info(commodity).market_year_start_month
    opens, closes = market_year_weeks(year, month)
    gaps: list[NextMyGap] = []
    run: list[dt.date] = []
    booked: int | None = 0  # next-MY outstanding before the run
    for week in weeks_in(opens, min(closes, seen_until)):
        if market_years_of_week(week, month)[0] != year:
            continue  # the year's first week, when it straddles the rollover: its next-MY sales do not count
        net, outstanding = _next_my_at(dataset, commodity, country, year, week)
        if net is None:
            run.append(week)
            continue
        if run:
            before = None if booked is None or outstanding is None else outstanding - net - booked
            gaps.append(NextMyGap(year, tuple(run), before))
            run = []
        booked = outstanding if outstanding is not None else (None if booked is None else booked + net)
    if run:
        after = None
        if market_year_weeks(year + 1, month)[0] <= seen_until:
            after = carry_in(dataset, commodity, country, year + 1)
        gaps.append(NextMyGap(year, tuple(run), None if after is None or booked is None else after - booked))
    return gaps


def next_my_gaps(
    dataset: Dataset, commodity: int, country: int, first: dt.date, last: dt.date, seen_until: dt.date
) -> list[NextMyGap]:
    """The runs of weeks without next-MY net sales that touch [first, last], for the commitments
    count, each with the sum the data implies for it from what it holds up to ``seen_until``
    (a replay does not see later weeks); a run whose sum is 0 means the data says none were booked."""
    month = commodity_info(commodity).market_year_start_month
    years = sorted({market_years_of_week(w, month)[0] for w in weeks_in(first, min(last, seen_until))})
    return [
        gap
        for year in years
        for gap in _year_gaps(dataset, commodity, country, year, seen_until)
        if gap.within(first, last)
    ]
