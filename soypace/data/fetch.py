"""Incremental fetching: ask /datareleasedates first, download only what changed, store it atomically.

A closed marketing year already stored in full is never fetched again (unless forced); the current
one only when USDA has released something newer than the stored release. Everything is downloaded
before anything is written, and written in one transaction, so a failure or a kill leaves the store
as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from soypace.calendar import market_label, market_year_of, market_year_weeks, weeks_in
from soypace.data.client import ApiError, EsrClient, Release
from soypace.data.codes import CHINA, UNKNOWN
from soypace.data.codes import commodity as commodity_info
from soypace.data.store import Batch, FetchSummary, Store, utc_now

DEFAULT_COUNTRIES = (CHINA, UNKNOWN)


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


def _needs_fetch(
    store: Store, plan: FetchPlan, year: int, country: int | None, release: Release | None
) -> str | None:
    """Why this (year, destination) must be fetched, or None to skip it."""
    if plan.force:
        return "forced"
    stored = store.coverage_for(plan.commodity, year, country)
    if not stored:
        return "not in the store"
    current_year = release.market_year if release else None
    if current_year is not None and year < current_year:
        first, last = market_year_weeks(year, commodity_info(plan.commodity).market_year_start_month)
        complete = len(stored) == 1 and stored[0].first_week <= first and stored[0].last_week >= last
        return None if complete else "closed since it was stored"
    known = store.stored_release(plan.commodity, year, country)
    if release is None or known is None or dt.datetime.fromisoformat(known) < release.released_at:
        return "newer release"
    return None


def run_fetch(
    client: EsrClient, store: Store, plan: FetchPlan, progress: Callable[[str], None] | None = None
) -> FetchSummary:
    """Fetch what the plan needs and store it; returns what changed. Failures are logged and re-raised."""
    started = utc_now()
    what = plan.describe()
    try:
        releases = client.release_dates()
        release = _release_for(releases, plan.commodity)
        start_month = commodity_info(plan.commodity).market_year_start_month
        batches, skipped, fetched = [], [], []
        scopes = [None] if plan.countries is None else list(plan.countries)
        for year in plan.market_years:
            if release is not None and year > release.market_year:
                skipped.append(f"MY {market_label(year)} has not started")
                continue
            closed = release is not None and year < release.market_year
            stamp = release.released_at.isoformat() if release and year == release.market_year else None
            todo = [(c, _needs_fetch(store, plan, year, c, release)) for c in scopes]
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
            # The weeks USDA has published for this year: all of them once it is closed; else the
            # weeks any answer has rows for (a week with no row anywhere is a gap, not zero sales).
            if closed:
                weeks = tuple(weeks_in(*market_year_weeks(year, start_month)))
            else:
                weeks = tuple(sorted({r.week_ending for _, recs in answers for r in recs}))
            if not weeks:
                continue  # nothing published yet for this year: no coverage to claim
            for country, records in answers:
                batches.append(Batch(plan.commodity, year, country, records, weeks, stamp))
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
        )
        summary.skipped, summary.fetched = skipped, fetched
        return summary
    except BaseException as exc:
        try:
            store.log_failure(what, requests=client.requests_made, started_at=started, error=_safe(exc))
        except Exception:  # the original failure matters more than its log line
            pass
        raise


def _safe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:500]
