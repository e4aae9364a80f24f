"""Synthetic stores for the scaling benchmark: the shipped records, written with the store's own API.

`build_store(path, copies=1, all_destinations=False)` writes exactly the shipped snapshot (records and
coverage). `build_store(path, copies=16)` writes 16x the shipped history with every destination:

- history: the real marketing years (2017-2027: 11) plus 15 copies shifted back by 11, 22, ... 165
  years. A copy of year Y lands on year Y - 11k, its weeks moved by the whole number of weeks that maps
  Y's first week-ending onto the first week-ending of Y - 11k, so every week stays a Thursday; weeks
  that fall outside the shifted year (a 53rd week in a 52-week year) are dropped.
- destinations: a year the snapshot holds for some destinations only gets the lowest code's rows
  (China's) copied, unchanged, to every other destination code in data/countries.csv (47 codes, the
  same set MY 2025/26 really has) that has none of its own, and its coverage widened to "every
  destination". MY 2025/26, which really has every destination, is kept as shipped. Records outside
  every coverage entry (next-MY figures in weeks without current-MY ones) are left out of the copies.

Only `write_store` touches the store's API, so a change there is fixed in one place.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections import defaultdict
from pathlib import Path

from soypace.calendar import market_year_weeks, weeks_in
from soypace.data.dataset import Coverage
from soypace.data.records import WeekRecord
from soypace.data.snapshot import load_snapshot

COUNTRIES_CSV = Path(__file__).resolve().parent.parent / "data" / "countries.csv"


def destination_codes() -> list[int]:
    """Every destination code listed in data/countries.csv."""
    with open(COUNTRIES_CSV, encoding="utf-8", newline="") as fh:
        return sorted(int(row["code"]) for row in csv.DictReader(fh))


def every_destination(
    records: list[WeekRecord], coverage: list[Coverage], codes: list[int]
) -> tuple[list[WeekRecord], list[Coverage]]:
    """Give each single-destination marketing year every destination by copying its rows to all codes."""
    records = [r for r in records if any(_holds(c, r) for c in coverage)]
    full_years = {(c.commodity, c.market_year) for c in coverage if c.country is None}
    out_records = [r for r in records if (r.commodity, r.market_year) in full_years]
    out_coverage = [c for c in coverage if (c.commodity, c.market_year) in full_years]
    scopes: dict[tuple[int, int], list[Coverage]] = defaultdict(list)
    for c in coverage:
        if (c.commodity, c.market_year) not in full_years:
            scopes[(c.commodity, c.market_year)].append(c)
    for (commodity, year), covs in sorted(scopes.items()):
        sources = {c.country for c in covs if c.country is not None}
        source = min(sources)  # China where it is one of them; the others keep their own rows
        rows = [r for r in records if (r.commodity, r.market_year) == (commodity, year)]
        out_records.extend(r for r in rows if r.country in sources)
        for code in set(codes) - sources:
            out_records.extend(dataclasses.replace(r, country=code) for r in rows if r.country == source)
        template = [c for c in covs if c.country == source]
        out_coverage.extend(dataclasses.replace(c, country=None) for c in template)
    return out_records, out_coverage


def _holds(c: Coverage, r: WeekRecord) -> bool:
    return (
        (c.commodity, c.market_year) == (r.commodity, r.market_year)
        and c.country in (None, r.country)
        and (c.first_week <= r.week_ending <= c.last_week)
    )


def shift_years(
    records: list[WeekRecord], coverage: list[Coverage], years_back: int
) -> tuple[list[WeekRecord], list[Coverage]]:
    """Move every marketing year back by `years_back`, weeks kept on Thursdays inside the new year."""
    moves: dict[int, tuple[int, dt.timedelta, dt.date, dt.date]] = {}
    for year in {r.market_year for r in records} | {c.market_year for c in coverage}:
        target = year - years_back
        first, last = market_year_weeks(target)
        moves[year] = (target, first - market_year_weeks(year)[0], first, last)
    out_records = []
    for r in records:
        target, delta, first, last = moves[r.market_year]
        week = r.week_ending + delta
        if first <= week <= last:
            out_records.append(dataclasses.replace(r, market_year=target, week_ending=week))
    out_coverage = []
    for c in coverage:
        target, delta, first, last = moves[c.market_year]
        start, end = max(c.first_week + delta, first), min(c.last_week + delta, last)
        if start <= end:
            out_coverage.append(dataclasses.replace(c, market_year=target, first_week=start, last_week=end))
    return out_records, out_coverage


def synthetic_history(
    copies: int = 16, all_destinations: bool = True
) -> tuple[list[WeekRecord], list[Coverage]]:
    """The shipped records and coverage, `copies` times over in time and optionally for every destination."""
    shipped = load_snapshot()
    records, coverage = shipped.all_records(), list(shipped.coverage)
    if all_destinations:
        records, coverage = every_destination(records, coverage, destination_codes())
    years = {c.market_year for c in coverage}
    span = max(years) - min(years) + 1
    out_records, out_coverage = list(records), list(coverage)
    for k in range(1, copies):
        more_records, more_coverage = shift_years(records, coverage, k * span)
        out_records.extend(more_records)
        out_coverage.extend(more_coverage)
    return out_records, out_coverage


def _scope_order(item: tuple) -> tuple:
    """Sort key for (scope, weeks) pairs: commodity, marketing year, then every-destination first."""
    (commodity, year, country), _ = item
    return commodity, year, -1 if country is None else country


def write_store(path: Path, records: list[WeekRecord], coverage: list[Coverage]) -> int:
    """Write records and coverage to a new store at `path` with soypace's own API; returns records stored."""
    from soypace.data.store import Batch, Store, utc_now

    if Path(path).exists():
        raise FileExistsError(f"{path} already exists; the builder only writes new stores")
    scopes: dict[tuple, set[dt.date]] = defaultdict(set)
    for c in coverage:
        scopes[(c.commodity, c.market_year, c.country)].update(weeks_in(c.first_week, c.last_week))
    by_scope: dict[tuple, list[WeekRecord]] = defaultdict(list)
    placed = set()
    for r in records:
        for country in (None, r.country):
            weeks = scopes.get((r.commodity, r.market_year, country))
            if weeks and r.week_ending in weeks:
                by_scope[(r.commodity, r.market_year, country)].append(r)
                placed.add(r.key)
    for r in records:  # outside every coverage entry, as the snapshot keeps them: stored, no weeks claimed
        if r.key not in placed:
            scopes.setdefault((r.commodity, r.market_year, r.country), set())
            by_scope[(r.commodity, r.market_year, r.country)].append(r)
    batches = [
        Batch(commodity, year, country, by_scope[(commodity, year, country)], tuple(sorted(weeks)))
        for (commodity, year, country), weeks in sorted(scopes.items(), key=_scope_order)
    ]
    with Store(Path(path)) as store:
        summary = store.save_fetch(
            "benchmark: synthetic store", batches, requests=0, release=None, started_at=utc_now()
        )
    return summary.new_records


def build_store(path: Path, copies: int = 16, all_destinations: bool = True) -> int:
    """Build a store at `path` holding `copies` x the shipped history; returns the records stored."""
    return write_store(path, *synthetic_history(copies, all_destinations))
