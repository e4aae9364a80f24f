"""The local store: a SQLite database of every version of every weekly record soypace fetched.

A later release that revises a week adds a new current version and keeps the old one with the
fetch it came from. Each fetch is one transaction (all or nothing), SQLite's own locking with a
busy timeout keeps two processes from corrupting it, and every fetch, good or bad, is logged.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from soypace import SoypaceError
from soypace.data.paths import home_dir
from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import RECORD_ATTRS, TONNAGE_FIELDS, WeekRecord

STORE_FILE = "soypace.sqlite3"
BUSY_TIMEOUT_S = 60.0
ALL = 0  # coverage.country for "every destination"
SOURCE = "local store of the USDA FAS Export Sales Reporting (ESR) API"
VALUE_ATTRS = tuple(TONNAGE_FIELDS.values())

# Schema migrations: MIGRATIONS[n] takes a store from user_version n to n + 1.
MIGRATIONS = [
    """
    CREATE TABLE fetches (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        what TEXT NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0,
        records INTEGER NOT NULL DEFAULT 0,
        new_records INTEGER NOT NULL DEFAULT 0,
        new_weeks INTEGER NOT NULL DEFAULT 0,
        revised INTEGER NOT NULL DEFAULT 0,
        release TEXT,
        ok INTEGER NOT NULL,
        error TEXT
    );
    CREATE TABLE record_versions (
        id INTEGER PRIMARY KEY,
        commodity INTEGER NOT NULL,
        country INTEGER NOT NULL,
        market_year INTEGER NOT NULL,
        week_ending TEXT NOT NULL,
        weekly_exports INTEGER, accumulated_exports INTEGER, outstanding_sales INTEGER,
        gross_new_sales INTEGER, net_sales INTEGER, total_commitment INTEGER,
        next_my_outstanding INTEGER, next_my_net_sales INTEGER,
        unit_id INTEGER NOT NULL,
        fetch_id INTEGER NOT NULL REFERENCES fetches(id),
        release TEXT,
        is_current INTEGER NOT NULL DEFAULT 1
    );
    CREATE UNIQUE INDEX record_current ON record_versions (commodity, country, market_year, week_ending)
        WHERE is_current = 1;
    CREATE INDEX record_lookup ON record_versions (commodity, country, week_ending);
    CREATE TABLE coverage (
        commodity INTEGER NOT NULL,
        market_year INTEGER NOT NULL,
        country INTEGER NOT NULL,
        first_week TEXT NOT NULL,
        last_week TEXT NOT NULL,
        release TEXT,
        fetch_id INTEGER NOT NULL REFERENCES fetches(id),
        PRIMARY KEY (commodity, market_year, country, first_week)
    );
    CREATE TABLE countries (
        code INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT,
        region_id INTEGER,
        genc_code TEXT
    );
    """,
    """
    CREATE TABLE flash_sales (
        id INTEGER PRIMARY KEY,
        announced TEXT NOT NULL,
        sale_date TEXT NOT NULL DEFAULT '',
        quantity_mt INTEGER NOT NULL CHECK (quantity_mt > 0),
        destination INTEGER NOT NULL,
        market_year INTEGER NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        UNIQUE (announced, sale_date, quantity_mt, destination, market_year)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(SoypaceError):
    """The store cannot be opened or written; says where it is and what to do."""


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


def week_runs(weeks) -> list[tuple[dt.date, dt.date]]:
    """Consecutive week-endings grouped into (first, last) runs."""
    runs: list[list[dt.date]] = []
    for week in sorted(set(weeks)):
        if runs and (week - runs[-1][1]).days == 7:
            runs[-1][1] = week
        else:
            runs.append([week, week])
    return [(a, b) for a, b in runs]


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

    def sentence(self) -> str:
        if not self.fetched:
            return f"nothing new to fetch ({self.requests} request{'s' * (self.requests != 1)}); the store is up to date"
        changes = []
        if self.new_weeks:
            changes.append(f"{len(self.new_weeks)} new week{'s' * (len(self.new_weeks) != 1)} ({self.new_records} new records)")
        elif self.new_records:
            changes.append(f"{self.new_records} new records")
        if self.revised:
            changes.append(f"{self.revised} revised")
        if not changes:
            changes.append("no changes")
        return f"{', '.join(changes)}; {self.records} records read in {self.requests} request{'s' * (self.requests != 1)}"


def utc_now() -> str:
    """Now, in UTC, to the second: how the store stamps fetches."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def store_path() -> Path:
    return home_dir() / STORE_FILE


class Store:
    """An open store; use as a context manager or call close()."""

    def __init__(self, path: Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `soypace fetch` first")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self.db.execute("PRAGMA foreign_keys = ON")
            # Switching to WAL needs a moment of exclusive access and SQLite does not wait for it
            # through the busy handler, so a second process opening a new store retries here.
            _retry_while_locked(lambda: self.db.execute("PRAGMA journal_mode = WAL"))
            _retry_while_locked(self._migrate)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot create the store at {self.path}: {exc.strerror}") from None

    @classmethod
    def open_default(cls, *, create: bool = True) -> "Store":
        return cls(store_path(), create=create)

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE takes the write lock up front, so two writers queue instead of failing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the store at {self.path} was written by a newer soypace (schema {version}, this one knows {SCHEMA_VERSION}); upgrade soypace")
        if version == SCHEMA_VERSION:
            return
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # --- writing ---------------------------------------------------------------------------------

    def save_fetch(self, what: str, batches: list[Batch], *, requests: int, release: str | None,
                   started_at: str, countries: list[dict] | None = None) -> FetchSummary:
        """Store a whole fetch in one transaction: new weeks added, revised weeks versioned."""
        summary = FetchSummary(requests=requests)
        with self.transaction() as db:
            fetch_id = db.execute(
                "INSERT INTO fetches (started_at, what, requests, release, ok) VALUES (?, ?, ?, ?, 1)",
                (started_at, what, requests, release),
            ).lastrowid
            for batch in batches:
                self._save_batch(db, fetch_id, batch, summary)
            if countries:
                db.executemany(
                    "INSERT OR REPLACE INTO countries (code, name, description, region_id, genc_code) VALUES (?, ?, ?, ?, ?)",
                    [(c.get("countryCode"), c.get("countryName") or "", c.get("countryDescription"), c.get("regionId"), c.get("gencCode"))
                     for c in countries if isinstance(c.get("countryCode"), int)],
                )
            db.execute(
                "UPDATE fetches SET finished_at = ?, records = ?, new_records = ?, new_weeks = ?, revised = ? WHERE id = ?",
                (utc_now(), summary.records, summary.new_records, len(summary.new_weeks), summary.revised, fetch_id),
            )
        return summary

    def _save_batch(self, db: sqlite3.Connection, fetch_id: int, batch: Batch, summary: FetchSummary) -> None:
        columns = ", ".join(VALUE_ATTRS)
        for rec in batch.records:
            summary.records += 1
            key = (rec.commodity, rec.country, rec.market_year, rec.week_ending.isoformat())
            row = db.execute(
                f"SELECT id, {columns}, unit_id FROM record_versions WHERE commodity = ? AND country = ? "
                "AND market_year = ? AND week_ending = ? AND is_current = 1", key,
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
                f"INSERT INTO record_versions (commodity, country, market_year, week_ending, {columns}, unit_id, fetch_id, release) "
                f"VALUES (?, ?, ?, ?, {', '.join('?' * len(VALUE_ATTRS))}, ?, ?, ?)",
                key + values + (fetch_id, batch.release),
            )
        scope = (batch.commodity, batch.market_year, ALL if batch.country is None else batch.country)
        db.execute("DELETE FROM coverage WHERE commodity = ? AND market_year = ? AND country = ?", scope)
        db.executemany(
            "INSERT INTO coverage (commodity, market_year, country, first_week, last_week, release, fetch_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [scope + (a.isoformat(), b.isoformat(), batch.release, fetch_id) for a, b in week_runs(batch.weeks)],
        )

    def log_failure(self, what: str, *, requests: int, started_at: str, error: str) -> None:
        """Record a failed fetch (its data was never written)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO fetches (started_at, finished_at, what, requests, ok, error) VALUES (?, ?, ?, ?, 0, ?)",
                (started_at, utc_now(), what, requests, error),
            )

    # --- reading ---------------------------------------------------------------------------------

    def coverage(self, commodity: int | None = None) -> list[Coverage]:
        sql = "SELECT commodity, market_year, country, first_week, last_week FROM coverage"
        rows = self.db.execute(sql + (" WHERE commodity = ?" if commodity else ""), (commodity,) if commodity else ()).fetchall()
        return [Coverage(c, y, None if k == ALL else k, dt.date.fromisoformat(f), dt.date.fromisoformat(l)) for c, y, k, f, l in rows]

    def stored_release(self, commodity: int, market_year: int, country: int | None) -> str | None:
        row = self.db.execute(
            "SELECT MAX(release) FROM coverage WHERE commodity = ? AND market_year = ? AND country = ?",
            (commodity, market_year, ALL if country is None else country),
        ).fetchone()
        return row[0] if row else None

    def coverage_for(self, commodity: int, market_year: int, country: int | None) -> list[Coverage]:
        """The stored runs of weeks for one marketing year and scope (every destination: None)."""
        return [c for c in self.coverage(commodity) if c.market_year == market_year and c.country == country]

    def records(self, commodity: int) -> list[WeekRecord]:
        rows = self.db.execute(
            f"SELECT commodity, country, market_year, week_ending, {', '.join(VALUE_ATTRS)}, unit_id "
            "FROM record_versions WHERE commodity = ? AND is_current = 1", (commodity,),
        ).fetchall()
        return [_record(row) for row in rows]

    def last_fetch(self) -> tuple[str, str | None] | None:
        """(finished_at, release) of the newest successful fetch."""
        row = self.db.execute("SELECT finished_at, release FROM fetches WHERE ok = 1 ORDER BY id DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else None

    def dataset(self, commodity: int) -> Dataset | None:
        """The current version of every stored record, as a Dataset; None when nothing is stored."""
        coverage = self.coverage(commodity)
        if not coverage:
            return None
        last = self.last_fetch()
        release = f", USDA release {last[1]} ET" if last and last[1] else ""
        return Dataset(
            records=self.records(commodity),
            coverage=coverage,
            source=f"{SOURCE} at {self.path}{release}",
            kind="store",
            fetched_at=last[0] if last else None,
        )

    def revisions(self, commodity: int, country: int, first: dt.date, last: dt.date) -> list[dict]:
        """Every field that changed between two stored versions of a week, oldest change first."""
        rows = self.db.execute(
            f"SELECT v.market_year, v.week_ending, v.id, v.is_current, {', '.join('v.' + a for a in VALUE_ATTRS)}, "
            "f.finished_at, v.release FROM record_versions v JOIN fetches f ON f.id = v.fetch_id "
            "WHERE v.commodity = ? AND v.country = ? AND v.week_ending BETWEEN ? AND ? ORDER BY v.market_year, v.week_ending, v.id",
            (commodity, country, first.isoformat(), last.isoformat()),
        ).fetchall()
        out, previous = [], {}
        for row in rows:
            key = (row[0], row[1])
            values = dict(zip(VALUE_ATTRS, row[4:4 + len(VALUE_ATTRS)]))
            fetched, release = row[-2], row[-1]
            if key in previous:
                old, old_fetched, old_release = previous[key]
                for attr in VALUE_ATTRS:
                    if old[attr] != values[attr]:
                        out.append({
                            "week_ending": dt.date.fromisoformat(row[1]), "market_year": row[0], "field": attr,
                            "old_value": old[attr], "new_value": values[attr], "change": _diff(old[attr], values[attr]),
                            "old_fetched_at": old_fetched, "old_release": old_release,
                            "new_fetched_at": fetched, "new_release": release, "current": bool(row[3]),
                        })
            previous[key] = (values, fetched, release)
        return out

    def latest_changes(self, commodity: int, countries: tuple[int, ...]) -> dict | None:
        """What the newest fetch that changed these destinations' data brought: new weeks and
        revised fields. Depends only on the store's contents, so a report built twice agrees."""
        marks = ", ".join("?" * len(countries))
        row = self.db.execute(f"SELECT MAX(fetch_id) FROM record_versions WHERE commodity = ? AND country IN ({marks})",
                              (commodity, *countries)).fetchone()
        if not row or row[0] is None:
            return None
        fetch_id = row[0]
        finished, release = self.db.execute("SELECT finished_at, release FROM fetches WHERE id = ?", (fetch_id,)).fetchone()
        versions = self.db.execute(
            f"SELECT id, country, market_year, week_ending FROM record_versions WHERE fetch_id = ? AND commodity = ? "
            f"AND country IN ({marks}) ORDER BY week_ending, country", (fetch_id, commodity, *countries)).fetchall()
        new_weeks, revised = [], []
        for vid, country, year, week in versions:
            older = self.db.execute(
                "SELECT MAX(id) FROM record_versions WHERE commodity = ? AND country = ? AND market_year = ? AND week_ending = ? AND id < ?",
                (commodity, country, year, week, vid)).fetchone()[0]
            if older is None:
                new_weeks.append((dt.date.fromisoformat(week), country))
            else:
                revised.append((dt.date.fromisoformat(week), country, year))
        changes = []
        for week, country, year in revised:
            for change in self.revisions(commodity, country, week, week):
                if change["market_year"] == year and change["new_fetched_at"] == finished:
                    changes.append(change | {"country": country})
        return {"fetched_at": finished, "release": release, "new_weeks": new_weeks, "revisions": changes}

    def fetch_log(self, limit: int = 20) -> list[dict]:
        cols = ("id", "started_at", "finished_at", "what", "requests", "records", "new_records", "new_weeks", "revised", "release", "ok", "error")
        rows = self.db.execute(f"SELECT {', '.join(cols)} FROM fetches ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(zip(cols, r)) for r in rows]

    # --- the flash-sale ledger -------------------------------------------------------------------

    def add_flash(self, sales) -> tuple[int, int]:
        """Add flash sales in one transaction; (added, already in the ledger). Idempotent."""
        added = 0
        with self.transaction() as db:
            for sale in sales:
                cur = db.execute(
                    "INSERT OR IGNORE INTO flash_sales (announced, sale_date, quantity_mt, destination, market_year, source, note, added_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (sale.announced.isoformat(), sale.sale_date.isoformat() if sale.sale_date else "", sale.quantity_mt,
                     sale.destination, sale.market_year, sale.source, sale.note, utc_now()),
                )
                added += cur.rowcount
        return added, len(sales) - added

    def flash_sales(self) -> list:
        from soypace.data.ledger import FlashSale

        rows = self.db.execute(
            "SELECT id, announced, sale_date, quantity_mt, destination, market_year, source, note FROM flash_sales "
            "ORDER BY CASE sale_date WHEN '' THEN announced ELSE sale_date END, id").fetchall()
        return [FlashSale(announced=dt.date.fromisoformat(a), sale_date=dt.date.fromisoformat(sd) if sd else None,
                          quantity_mt=q, destination=d, market_year=y, source=src, note=n, id=i)
                for i, a, sd, q, d, y, src, n in rows]

    def remove_flash(self, flash_id: int) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM flash_sales WHERE id = ?", (flash_id,)).rowcount == 1

    def has_countries(self) -> bool:
        return self.db.execute("SELECT 1 FROM countries LIMIT 1").fetchone() is not None

    def countries(self) -> list[dict]:
        """The API's destination list as last fetched (code, short name, full name, region)."""
        rows = self.db.execute("SELECT code, name, description, region_id FROM countries ORDER BY code").fetchall()
        return [{"code": c, "api_name": n, "name": d or n, "region_id": r} for c, n, d, r in rows]


def _retry_while_locked(step, seconds: float = BUSY_TIMEOUT_S):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _diff(old: int | None, new: int | None) -> int | None:
    return None if old is None or new is None else new - old


def _record(row: tuple) -> WeekRecord:
    values = dict(zip(RECORD_ATTRS, (row[0], row[1], row[2], dt.date.fromisoformat(row[3]), *row[4:])))
    return WeekRecord(**values)


def open_existing_store() -> Store | None:
    """The user's store if one exists; reading commands never create it."""
    path = store_path()
    if not path.exists():
        return None
    return Store(path, create=False)
