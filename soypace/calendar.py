"""ESR's calendar: Thursday week-endings, marketing years, and when each week is published.

Pure date arithmetic; the current time is always passed in, never read here. When USDA publishes
is data (``data/calendar.toml``), and the U.S. holidays that can delay it come from the
``holidays`` package, imported only when an answer depends on them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

THURSDAY = 3
WEEK = dt.timedelta(days=7)


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

RULE_FILE = "calendar.toml"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class ReleaseRule:
    """When USDA publishes a week, as ``data/calendar.toml`` states it (see that file)."""

    weekday: int
    time: dt.time
    time_zone: str
    holiday_country: str
    holiday_categories: tuple[str, ...]
    holiday_days: tuple[int, ...]  # days from the usual release day on which a holiday delays it
    delay: dt.timedelta


def rule_path() -> Path:
    """The release rule's file, found the way ``soypace.data.paths.data_dir`` finds the shipped data
    (this module imports nothing from soypace, so it cannot ask it)."""
    package = Path(__file__).resolve().parent
    packaged = package / "_data"
    return (packaged if packaged.is_dir() else package.parent / "data") / RULE_FILE


def load_release_rule(path: Path) -> ReleaseRule:
    """Read a release rule from a TOML file, so the schedule is data that can be checked and changed."""
    import tomllib

    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    try:
        release = doc["release"]
        delays = release["holidays"]
        if not isinstance(release["time"], dt.time):
            raise TypeError(f"time {release['time']!r} is not a TOML local time like 08:30:00")
        return ReleaseRule(
            weekday=WEEKDAYS.index(release["weekday"]),
            time=release["time"],
            time_zone=release["time_zone"],
            holiday_country=delays["country"],
            holiday_categories=tuple(delays["categories"]),
            holiday_days=tuple(delays["on_days"]),
            delay=dt.timedelta(days=delays["delay_days"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise ValueError(f"{path}: not a release rule ({type(exc).__name__}: {exc})") from None


@lru_cache(maxsize=1)
def release_rule() -> ReleaseRule:
    """The shipped release rule, read once per process."""
    return load_release_rule(rule_path())


HOLIDAYS_FILE = "holidays.json"  # written by scripts/build_holidays.py from the holidays package


@lru_cache(maxsize=64)
def federal_holidays(year: int) -> frozenset[dt.date]:
    """U.S. federal holidays as observed, which delay the ESR release: from the table the
    ``holidays`` package wrote into the shipped data (a test holds the two equal), else from the
    package itself, which takes about 0.1 s to import."""
    shipped = _shipped_holidays().get(year)
    return shipped if shipped is not None else package_holidays(year)


def package_holidays(year: int) -> frozenset[dt.date]:
    """The ``holidays`` package's U.S. calendar, as the release rule names it, on weekdays."""
    import holidays

    rule = release_rule()
    days = holidays.country_holidays(rule.holiday_country, years=year, categories=rule.holiday_categories)
    # the package lists a weekend holiday on its own date too; federal offices close on the observed day
    return frozenset(day for day in days if day.year == year and day.weekday() < 5)


@lru_cache(maxsize=1)
def _shipped_holidays() -> dict[int, frozenset[dt.date]]:
    import json

    path = rule_path().with_name(HOLIDAYS_FILE)
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        years = json.load(fh)["years"]
    return {int(y): frozenset(map(dt.date.fromisoformat, days)) for y, days in years.items()}


def _usual_release_day(week_ending: dt.date, rule: ReleaseRule) -> dt.date:
    return week_ending + dt.timedelta(days=(rule.weekday - week_ending.weekday() - 1) % 7 + 1)


def release_day(week_ending: dt.date) -> dt.date:
    """The day USDA publishes a week: the next Thursday, or Friday in a holiday week (as the rule says)."""
    rule = release_rule()
    usual = _usual_release_day(week_ending, rule)
    for offset in rule.holiday_days:
        day = usual + dt.timedelta(days=offset)
        if day in federal_holidays(day.year):
            return usual + rule.delay
    return usual


def _is_out(week_ending: dt.date, now: dt.datetime, rule: ReleaseRule) -> bool:
    """Whether a week is published at ``now``; asks for holidays only between the usual release
    time and the latest a holiday can push it to, the one span where they change the answer."""
    usual = dt.datetime.combine(_usual_release_day(week_ending, rule), rule.time)
    if now < usual:
        return False
    if now >= usual + rule.delay:
        return True
    return dt.datetime.combine(release_day(week_ending), rule.time) <= now


def latest_week_due(now_eastern: dt.datetime) -> dt.date:
    """The newest week-ending whose report should be out at ``now_eastern`` (naive Eastern time)."""
    rule = release_rule()
    week = week_ending_on_or_before(now_eastern.date())
    while not _is_out(week, now_eastern, rule):
        week -= WEEK
    return week


@dataclass(frozen=True)
class LateRelease:
    """Weeks USDA published off its calendar: none before ``not_before``, all by ``released_by``."""

    first_week: dt.date
    last_week: dt.date
    not_before: dt.date
    released_by: dt.date
    name: str
    known_then: str = ""


class ReleaseUnknown(ValueError):
    """A day inside a late stretch, when the release table cannot say which weeks were out."""

    def __init__(self, late: LateRelease, day: dt.date):
        self.late, self.day = late, day
        super().__init__(
            f"USDA published the weeks ending {late.first_week} to {late.last_week} late ({late.name}), "
            f"between {late.not_before} and {late.released_by}, on dates its release table does not give, "
            f"so what was known on {day} is not known" + (f" ({late.known_then})" if late.known_then else "")
        )


@lru_cache(maxsize=1)
def late_releases() -> tuple[LateRelease, ...]:
    """The shipped table of releases off the calendar (``[[late]]`` in ``data/calendar.toml``)."""
    import tomllib

    with open(rule_path(), "rb") as fh:
        entries = tomllib.load(fh).get("late", [])
    return tuple(LateRelease(**entry) for entry in entries)


def latest_week_known(day: dt.date) -> dt.date:
    """The newest week whose report USDA had published by the end of ``day`` (Eastern): the
    calendar's, corrected by the table of late releases; ReleaseUnknown inside a late stretch."""
    week = latest_week_due(dt.datetime.combine(day, dt.time(23, 59, 59)))
    for late in late_releases():
        if week < late.first_week:
            continue
        if day < late.not_before:
            week = min(week, late.first_week - WEEK)
        elif day < late.released_by:
            raise ReleaseUnknown(late, day)
        else:
            week = max(week, late.last_week)
    return week


def now_eastern() -> dt.datetime:
    """The current time in U.S. Eastern, naive; the one place that reads the clock for the schedule."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(release_rule().time_zone)).replace(tzinfo=None)
