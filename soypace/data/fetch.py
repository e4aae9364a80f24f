"""Incremental fetching from either live source (one interface, WeeklySource), stored atomically.

With release stamps (the FAS API's /datareleasedates, asked first): a closed marketing year already
stored in full is never fetched again (unless forced); the current one only when USDA has released
something newer than the stored release. Without them (AgTransport publishes none): a marketing
year whose last week ended SETTLE_WEEKS or more weeks ago is settled, and fetched once in full; a
younger one (the current year, and the one before for eight weeks after it ends, since late
corrections land there) is read again on every run, one request per destination and year, and only
weeks that changed are written. Everything is downloaded before anything is written, and written in
one transaction, so a failure or a kill leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from soypace import UsageError
from soypace.calendar import WEEK, market_label, market_year_of, market_year_weeks, weeks_in
from soypace.data import guard
from soypace.data.client import ApiError, EsrClient, Release
from soypace.data.codes import CHINA, UNKNOWN
from soypace.data.codes import commodity as commodity_info
from soypace.data.records import WeekRecord
from soypace.data.save import AGTRANSPORT, FAS, SOURCE_LABELS
from soypace.data.store import Batch, FetchSummary, Store, utc_now

DEFAULT_COUNTRIES = (CHINA, UNKNOWN)
AUTO = "auto"
SOURCE_CHOICES = (AUTO, FAS, AGTRANSPORT)
SETTLE_WEEKS = 8  # without release stamps, the weeks after a year's end in which it may still change


class WeeklySource(Protocol):
    """What a fetch needs of a live source (EsrClient, AgTransportClient): validated weekly records
    for a commodity, destination and marketing year, and release stamps where the source has them."""

    base_url: str
    requests_made: int

    def release_dates(self) -> list[Release]: ...

    def exports(self, commodity: int, country: int, market_year: int) -> list[WeekRecord]: ...

    def exports_all(self, commodity: int, market_year: int) -> list[WeekRecord]: ...

    def countries(self) -> list[dict]: ...

    def close(self) -> None: ...


def key_variable(environ: Mapping[str, str] = os.environ) -> str | None:
    """The variable holding an api.data.gov key, when one is set (the DEMO_KEY fallback is not one)."""
    return next((name for name in guard.KEY_VARIABLES if environ.get(name, "").strip()), None)


def choose_source(choice: str, environ: Mapping[str, str] = os.environ) -> tuple[str, str]:
    """(source, why) for `--source`: "auto" is the FAS API when a key is configured, else AgTransport,
    which needs none."""
    if choice == AUTO:
        var = key_variable(environ)
        return (FAS, f"an API key is set in {var}") if var else (AGTRANSPORT, "no API key is set")
    if choice in (FAS, AGTRANSPORT):
        return choice, "as --source asked"
    raise UsageError(f"unknown source {choice!r}; use one of {', '.join(SOURCE_CHOICES)}")


def open_source(
    choice: str,
    environ: Mapping[str, str] = os.environ,
    say: Callable[[str], None] | None = None,
    countries: list[dict] | None = None,
) -> tuple[str, str, WeeklySource]:
    """(source, why, its client) for a `--source` choice, configured by the environment; ``say`` hears
    the FAS client's DEMO_KEY notice, and ``countries`` (the FAS list as stored) lets AgTransport's
    names map to more destinations."""
    name, why = choose_source(choice, environ)
    if name == FAS:
        return name, why, EsrClient.from_env(environ, say=say)
    from soypace.data.agtransport import AgTransportClient
    from soypace.data.agtransport_rows import stored_names

    return name, why, AgTransportClient.from_env(environ, names=stored_names(countries or []))


@dataclass(frozen=True)
class FetchPlan:
    """What to fetch: one commodity, some marketing years, some destinations (None: all of them)."""

    commodity: int
    market_years: tuple[int, ...]
    countries: tuple[int, ...] | None = DEFAULT_COUNTRIES
    force: bool = False

    def describe(self) -> str:
        who = "all destinations" if self.countries is None else ", ".join(map(str, self.countries))
        years = ", ".join(market_label(y) for y in self.market_years)
        return f"commodity {self.commodity}, MY {years}, {who}"


def default_market_years(today: dt.date, start_month: int) -> tuple[int, ...]:
    """The marketing years a calendar-year target running today needs: every MY that overlaps
    Jan 1 of this year up to today (two once the commodity's new year has begun), current one last."""
    first = market_year_of(dt.date(today.year, 1, 1), start_month)
    return tuple(range(first, market_year_of(today, start_month) + 1))


def market_years_since(since: int, today: dt.date, start_month: int) -> tuple[int, ...]:
    """Every marketing year from ``since`` to the current one, for `soypace fetch --since`."""
    return tuple(range(since, market_year_of(today, start_month) + 1))


def refresh_plan(
    commodity: int, start: dt.date, last_deadline: dt.date, country: int, today: dt.date
) -> FetchPlan:
    """What a refresh before a reading command fetches: the default marketing years plus every one
    the target's window (its start to its last deadline, or today) touches, for the destination
    asked about and the default ones."""
    month = commodity_info(commodity).market_year_start_month
    years = set(default_market_years(today, month))
    last = min(last_deadline, today)
    years.update(range(market_year_of(start, month), market_year_of(last, month) + 1))
    return FetchPlan(commodity, tuple(sorted(years)), tuple(sorted({country, *DEFAULT_COUNTRIES})))


def _release_for(releases: list[Release], commodity: int) -> Release | None:
    found = [r for r in releases if r.commodity == commodity]
    return max(found, key=lambda r: (r.market_year, r.released_at), default=None)


def settled(year: int, start_month: int, today: dt.date) -> bool:
    """Whether a marketing year's last week ended SETTLE_WEEKS or more weeks before ``today``: with no
    release stamps to go by, the point after which it is fetched once and never read again."""
    return market_year_weeks(year, start_month)[1] + SETTLE_WEEKS * WEEK <= today


def _needs_fetch(
    store: Store, plan: FetchPlan, year: int, country: int | None, release: Release | None, closed: bool
) -> str | None:
    """Why this (year, destination) must be fetched, or None to skip it."""
    if plan.force:
        return "forced"
    stored = store.coverage_for(plan.commodity, year, country)
    if not stored:
        return "not in the store"
    if closed:
        first, last = market_year_weeks(year, commodity_info(plan.commodity).market_year_start_month)
        complete = len(stored) == 1 and stored[0].first_week <= first and stored[0].last_week >= last
        return None if complete else "closed since it was stored"
    if release is None:
        return "no release stamps: recent weeks are read again"
    known = store.stored_release(plan.commodity, year, country)
    if known is None or dt.datetime.fromisoformat(known) < release.released_at:
        return "newer release"
    return None


def run_fetch(
    client: WeeklySource,
    store: Store,
    plan: FetchPlan,
    progress: Callable[[str], None] | None = None,
    *,
    source: str = FAS,
    why: str = "",
    today: dt.date | None = None,
) -> FetchSummary:
    """Fetch what the plan needs from ``client`` (the live source named ``source``, stored with every
    record version; ``why`` it was chosen) and store it; returns what changed, saying which source
    answered. Failures are logged and re-raised."""
    started = utc_now()
    what = plan.describe()
    today = today or dt.date.today()
    try:
        releases = client.release_dates()
        release = _release_for(releases, plan.commodity)
        start_month = commodity_info(plan.commodity).market_year_start_month
        current = release.market_year if release else market_year_of(today, start_month)
        batches, skipped, fetched = [], [], []
        scopes = [None] if plan.countries is None else list(plan.countries)
        for year in plan.market_years:
            if year > current:
                skipped.append(f"MY {market_label(year)} has not started")
                continue
            closed = year < current if release else settled(year, start_month, today)
            stamp = release.released_at.isoformat() if release and year == release.market_year else None
            todo = [(c, _needs_fetch(store, plan, year, c, release, closed)) for c in scopes]
            answers = []
            for country, reason in todo:
                label = f"MY {market_label(year)} {'all destinations' if country is None else country}"
                if reason is None:
                    skipped.append(f"{label} up to date")
                    continue
                if progress:
                    progress(label)
                if country is None:
                    records = client.exports_all(plan.commodity, year)
                else:
                    records = client.exports(plan.commodity, country, year)
                answers.append((country, records))
                fetched.append(label)
            if not answers:
                continue
            # The weeks USDA has published for this year: all of them once it is closed (without
            # release stamps: once it is settled and its last week is there); else the weeks any
            # answer has rows for (a week with no row anywhere is a gap, not zero sales).
            seen = {r.week_ending for _, recs in answers for r in recs}
            last_week = market_year_weeks(year, start_month)[1]
            if closed and (release is not None or last_week in seen):
                weeks = tuple(weeks_in(*market_year_weeks(year, start_month)))
            else:
                weeks = tuple(sorted(seen))
            if not weeks:
                continue  # nothing published yet for this year: no coverage to claim
            for country, records in answers:
                batches.append(Batch(plan.commodity, year, country, records, weeks, stamp, source))
        countries = None
        if not store.has_countries() or plan.force:
            try:
                countries = client.countries()
            except ApiError:
                countries = None  # names are a convenience; the weekly data is what matters
        summary = store.save_fetch(
            what,
            batches,
            requests=client.requests_made,
            started_at=started,
            countries=countries,
            release=release.released_at.isoformat() if release else None,
            source=source,
        )
        summary.skipped, summary.fetched = skipped, fetched
        summary.source = SOURCE_LABELS.get(source, source) + (f" ({why})" if why else "")
        return summary
    except BaseException as exc:
        try:
            store.log_failure(
                what, requests=client.requests_made, started_at=started, error=_safe(exc), source=source
            )
        except Exception:  # the original failure matters more than its log line
            pass
        raise


def _safe(exc: BaseException) -> str:
    """The failure as the log keeps it: scrubbed of secrets before it is cut, so no part of one stays."""
    from soypace.data.guard import clean

    return clean(str(exc) or type(exc).__name__, 500)
