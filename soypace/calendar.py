"""ESR's calendar: Thursday week-endings, marketing years, and when each week is published.

Pure date arithmetic; the current time is always passed in, never read here.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

THURSDAY = 3
WEEK = dt.timedelta(days=7)
RELEASE_HOUR, RELEASE_MINUTE = 8, 30
EASTERN = "America/New_York"


def week_ending_on_or_before(day: dt.date) -> dt.date:
    """The last ESR week-ending (a Thursday) on or before ``day``."""
    return day - dt.timedelta(days=(day.weekday() - THURSDAY) % 7)


def week_ending_on_or_after(day: dt.date) -> dt.date:
    """The first ESR week-ending (a Thursday) on or after ``day``: the week that contains ``day``."""
    return day + dt.timedelta(days=(THURSDAY - day.weekday()) % 7)


def weeks_in(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every week-ending in [first, last] (both dates inclusive, any weekday)."""
    week = week_ending_on_or_after(first)
    out = []
    while week <= last:
        out.append(week)
        week += WEEK
    return out


def weeks_after(after: dt.date, until: dt.date) -> list[dt.date]:
    """Every week-ending in (after, until]: the reports still to come before a deadline."""
    return weeks_in(after + dt.timedelta(days=1), until)


def market_year_of(day: dt.date, start_month: int = 9) -> int:
    """The marketing year a day falls in, named (as the API does) by the year it ends."""
    return day.year + 1 if day.month >= start_month else day.year


def market_year_span(market_year: int, start_month: int = 9) -> tuple[dt.date, dt.date]:
    """First and last calendar day of a marketing year (e.g. 2026 -> 2025-09-01, 2026-08-31)."""
    first = dt.date(market_year - 1, start_month, 1)
    last = dt.date(market_year, start_month, 1) - dt.timedelta(days=1)
    return first, last


def market_year_weeks(market_year: int, start_month: int = 9) -> tuple[dt.date, dt.date]:
    """First and last week-ending of a marketing year; the week holding day one and the one holding
    the last day both belong to it, so a week that straddles the rollover belongs to two years."""
    first, last = market_year_span(market_year, start_month)
    return week_ending_on_or_after(first), week_ending_on_or_after(last)


def market_years_of_week(week: dt.date, start_month: int = 9) -> list[int]:
    """The marketing year(s) a week-ending belongs to: two for the week that contains the rollover."""
    days = [week - dt.timedelta(days=n) for n in range(6, -1, -1)]
    return sorted({market_year_of(d, start_month) for d in days})


def market_label(market_year: int) -> str:
    """``2026`` -> ``2025/26``, the way USDA writes it."""
    return f"{market_year - 1}/{market_year % 100:02d}"


# --- release schedule -----------------------------------------------------------------------

def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(weeks=n - 1)


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    day = nxt - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _observed(day: dt.date) -> dt.date:
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def federal_holidays(year: int) -> frozenset[dt.date]:
    """U.S. federal holidays as observed (5 U.S.C. 6103), which move the ESR release to Friday."""
    mon, thu = 0, 3
    days = {
        _observed(dt.date(year, 1, 1)),
        _nth_weekday(year, 1, mon, 3),
        _nth_weekday(year, 2, mon, 3),
        _last_weekday(year, 5, mon),
        _observed(dt.date(year, 6, 19)),
        _observed(dt.date(year, 7, 4)),
        _nth_weekday(year, 9, mon, 1),
        _nth_weekday(year, 10, mon, 2),
        _observed(dt.date(year, 11, 11)),
        _nth_weekday(year, 11, thu, 4),
        _observed(dt.date(year, 12, 25)),
        _observed(dt.date(year + 1, 1, 1)),  # Jan 1 on a Saturday is observed on Dec 31
    }
    return frozenset(d for d in days if d.year == year)


def _is_holiday(day: dt.date) -> bool:
    return day in federal_holidays(day.year)


def release_day(week_ending: dt.date) -> dt.date:
    """The day USDA publishes a week: the next Thursday, or Friday in a holiday week."""
    thursday = week_ending + WEEK
    monday = thursday - dt.timedelta(days=3)
    previous_friday = thursday - dt.timedelta(days=6)
    if _is_holiday(thursday) or _is_holiday(monday) or _is_holiday(previous_friday):
        return thursday + dt.timedelta(days=1)
    return thursday


def latest_week_due(now_eastern: dt.datetime) -> dt.date:
    """The newest week-ending whose report should be out at ``now_eastern`` (naive Eastern time)."""
    week = week_ending_on_or_before(now_eastern.date())
    for _ in range(3):
        released = dt.datetime.combine(release_day(week), dt.time(RELEASE_HOUR, RELEASE_MINUTE))
        if released <= now_eastern:
            return week
        week -= WEEK
    return week


def now_eastern() -> dt.datetime:
    """The current time in U.S. Eastern, naive; the one place that reads the clock for the schedule."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(EASTERN)).replace(tzinfo=None)
