"""Saving a fetch: the batches it brought, written as new or revised versions of each week.

The network part (soypace.data.fetch) returns validated records in batches; this part writes them
inside the one transaction that soypace.data.store's ``save_fetch`` opens, and counts what changed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from soypace.data.records import WeekRecord
from soypace.data.schema import ALL, VALUE_ATTRS

# The live sources a record version can come from, as stored, and how provenance names them.
FAS = "fas"
AGTRANSPORT = "agtransport"
SOURCE_LABELS = {
    FAS: "the USDA FAS Export Sales Reporting (ESR) API",
    AGTRANSPORT: "USDA AMS AgTransport (Socrata dataset wnn7-29tu)",
}


@dataclass(frozen=True)
class Batch:
    """One answer to store: the records of one marketing year for every destination (country None)
    or for one, and the weeks USDA had published in it (a week missing in the middle is a gap,
    kept as a gap)."""

    commodity: int
    market_year: int
    country: int | None
    records: list[WeekRecord]
    weeks: tuple[dt.date, ...]
    release: str | None = None
    source: str = FAS


@dataclass
class FetchSummary:
    """What a fetch changed, for the one-line report and the fetch log."""

    requests: int = 0
    records: int = 0
    new_records: int = 0
    new_weeks: set = field(default_factory=set)
    revised: int = 0
    skipped: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    source: str = ""  # which live source answered, and why that one

    def sentence(self) -> str:
        """The fetch in one line for stderr: what is new or revised, what it cost in requests, and
        which source it came from."""
        asked = f"{self.requests} request{'s' * (self.requests != 1)}"
        if self.source:
            asked += f" to {self.source}"
        if not self.fetched:
            return f"nothing new to fetch ({asked}); the store is up to date"
        changes = []
        if self.new_weeks:
            weeks = len(self.new_weeks)
            changes.append(f"{weeks} new week{'s' * (weeks != 1)} ({self.new_records} new records)")
        elif self.new_records:
            changes.append(f"{self.new_records} new records")
        if self.revised:
            changes.append(f"{self.revised} revised")
        if not changes:
            changes.append("no changes")
        return f"{', '.join(changes)}; {self.records} records read in {asked}"


def week_runs(weeks: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive week-endings grouped into (first, last) runs, so a gap stays a gap in coverage."""
    runs: list[list[dt.date]] = []
    for week in sorted(set(weeks)):
        if runs and (week - runs[-1][1]).days == 7:
            runs[-1][1] = week
        else:
            runs.append([week, week])
    return [(a, b) for a, b in runs]


def save_batch(db: sqlite3.Connection, fetch_id: int, batch: Batch, summary: FetchSummary) -> None:
    """Write one batch: an unchanged week is skipped (it keeps the source that first gave it), a
    changed one gets a new current version from the batch's source (the old one is kept), and the
    batch's weeks replace the coverage it had for its year and scope."""
    columns = ", ".join(VALUE_ATTRS)
    for rec in batch.records:
        summary.records += 1
        key = (rec.commodity, rec.country, rec.market_year, rec.week_ending.isoformat())
        row = db.execute(
            f"SELECT id, {columns}, unit_id FROM record_versions WHERE commodity = ? AND country = ? "
            "AND market_year = ? AND week_ending = ? AND is_current = 1",
            key,
        ).fetchone()
        values = tuple(getattr(rec, a) for a in VALUE_ATTRS) + (rec.unit_id,)
        if row is not None and tuple(row[1:]) == values:
            continue
        if row is not None:
            db.execute("UPDATE record_versions SET is_current = 0 WHERE id = ?", (row[0],))
            summary.revised += 1
        else:
            summary.new_records += 1
            summary.new_weeks.add((rec.commodity, rec.market_year, rec.week_ending))
        db.execute(
            f"INSERT INTO record_versions (commodity, country, market_year, week_ending, {columns}, unit_id, "
            f"fetch_id, release, source) "
            f"VALUES (?, ?, ?, ?, {', '.join('?' * len(VALUE_ATTRS))}, ?, ?, ?, ?)",
            key + values + (fetch_id, batch.release, batch.source),
        )
    scope = (batch.commodity, batch.market_year, ALL if batch.country is None else batch.country)
    db.execute("DELETE FROM coverage WHERE commodity = ? AND market_year = ? AND country = ?", scope)
    db.executemany(
        "INSERT INTO coverage (commodity, market_year, country, first_week, last_week, release, fetch_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [scope + (a.isoformat(), b.isoformat(), batch.release, fetch_id) for a, b in week_runs(batch.weeks)],
    )


def save_countries(db: sqlite3.Connection, countries: list[dict]) -> None:
    """Add or update the destinations of the API's /countries answer (rows without a code are skipped)."""
    db.executemany(
        "INSERT OR REPLACE INTO countries (code, name, description, region_id, genc_code) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (
                c.get("countryCode"),
                c.get("countryName") or "",
                c.get("countryDescription"),
                c.get("regionId"),
                c.get("gencCode"),
            )
            for c in countries
            if isinstance(c.get("countryCode"), int)
        ],
    )


def stored_sources(db: sqlite3.Connection, commodity: int, countries: Iterable[int] | None) -> list[str]:
    """The sources the current stored weeks of these destinations (None: all) came from, so that
    provenance names every one of them."""
    codes = () if countries is None else tuple(countries)
    among = f" AND country IN ({', '.join('?' * len(codes))})" if countries is not None else ""
    rows = db.execute(
        "SELECT DISTINCT source FROM record_versions WHERE commodity = ? AND is_current = 1" + among,
        (commodity, *codes),
    ).fetchall()
    return sorted(row[0] for row in rows)


def store_label(sources: Iterable[str]) -> str:
    """What the store holds, for the ``Source:`` line: the FAS API's name alone when nothing came
    from elsewhere (so a store of FAS data reads as it always has), else every source by name."""
    names = [SOURCE_LABELS.get(s, s) for s in sorted(set(sources) - {FAS})]
    if not names:
        return f"local store of {SOURCE_LABELS[FAS]}"
    if FAS in set(sources):
        names.insert(0, SOURCE_LABELS[FAS])
    return "local store of " + " and ".join(names)
