"""Is this answer the one that was asked for? Checks of a parsed answer against its request, shared by
every source's client, so that nothing a server claims reaches the store unchecked.

A check raises on the first problem, naming it; the caller refuses the whole answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from soypace.calendar import (
    WEEK,
    latest_week_due,
    market_label,
    market_year_of,
    market_year_weeks,
    release_day,
    release_rule,
)
from soypace.data.guard import MAX_TONNAGE_MT
from soypace.data.records import TONNAGE_FIELDS, RecordError, WeekRecord

MAX_COUNTRY_CODE = 99_999  # ESR destination codes have four digits
CALENDAR_SLACK = 1  # marketing years either side of the calendar's current one that may be named


def check_answer(
    records: Sequence[WeekRecord],
    *,
    commodity: int,
    country: int | None,
    market_year: int,
    start_month: int,
    today: dt.date,
) -> list[WeekRecord]:
    """The records, when they are what was asked: this commodity, this destination (None: any),
    weeks of this marketing year that have ended by ``today``, each (destination, week) once, and
    tonnages a store can hold; else a RecordError naming the first record that is not."""
    first, last = market_year_weeks(market_year, start_month)
    label = market_label(market_year)
    seen: set[tuple[int, dt.date]] = set()
    for rec in records:
        where = f"record for week {rec.week_ending}, country {rec.country}"
        if rec.commodity != commodity:
            raise RecordError(f"{where}: commodity {rec.commodity}, but {commodity} was asked for")
        if country is not None and rec.country != country:
            raise RecordError(f"{where}: a row for country {rec.country} in the answer for country {country}")
        if not 0 < rec.country <= MAX_COUNTRY_CODE:
            raise RecordError(f"{where}: country code {rec.country} is not an ESR destination code")
        if not first <= rec.week_ending <= last:
            raise RecordError(
                f"{where}: the week is outside MY {label} (weeks ending {first} to {last}) that was asked for"
            )
        if rec.week_ending > today:
            raise RecordError(f"{where}: the week has not ended yet (today is {today})")
        key = (rec.country, rec.week_ending)
        if key in seen:
            raise RecordError(f"{where}: the same week twice in one answer")
        seen.add(key)
        for attr in TONNAGE_FIELDS.values():
            value = getattr(rec, attr)
            if value is not None and abs(value) > MAX_TONNAGE_MT:
                raise RecordError(f"{where}: {attr} is beyond any real tonnage (over {MAX_TONNAGE_MT:,} MT)")
    return list(records)


def eastern(stamp: dt.datetime) -> dt.datetime:
    """A release stamp as naive U.S. Eastern time, the API's own way: one with a time zone is
    converted, so that it compares with the calendar's (and the store's) naive stamps."""
    if stamp.tzinfo is None:
        return stamp
    from zoneinfo import ZoneInfo

    return stamp.astimezone(ZoneInfo(release_rule().time_zone)).replace(tzinfo=None)


def next_release(now_eastern: dt.datetime) -> dt.datetime:
    """When USDA next publishes, by its calendar: the release of the week after the one due now."""
    week = latest_week_due(now_eastern) + WEEK
    return dt.datetime.combine(release_day(week), release_rule().time)


def check_release(
    commodity: int, market_year: int, released_at: dt.datetime, *, start_month: int, now_eastern: dt.datetime
) -> None:
    """Refuse a release USDA cannot have made: a marketing year more than one away from the
    calendar's current one, or a time later than the next scheduled release (naive Eastern)."""
    current = market_year_of(now_eastern.date(), start_month)
    if abs(market_year - current) > CALENDAR_SLACK:
        raise RecordError(
            f"/datareleasedates claims commodity {commodity} is in marketing year {market_year}, "
            f"but by the calendar it is {market_label(current)}"
        )
    upcoming = next_release(now_eastern)
    if released_at > upcoming:
        raise RecordError(
            f"/datareleasedates claims commodity {commodity} was released at {released_at:%Y-%m-%d %H:%M} "
            f"ET, after USDA's next scheduled release ({upcoming:%Y-%m-%d %H:%M} ET)"
        )
