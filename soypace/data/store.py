"""The local store: a SQLite database of every version of every weekly record soypace fetched.

A later release that revises a week adds a new current version and keeps the old one with the
fetch it came from. Each fetch is one transaction (all or nothing), SQLite's own locking with a
busy timeout keeps two processes from corrupting it, and every fetch, good or bad, is logged.
The schema is in soypace.data.schema, writing a fetch's batches in soypace.data.save, and the
queries that compare versions in soypace.data.revisions; this module opens the store and reads it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from soypace.data import database, revisions
from soypace.data.database import StoreError, guarded, retry_while_locked
from soypace.data.dataset import Coverage, Dataset
from soypace.data.guard import MAX_SQLITE_INT, clean, printable
from soypace.data.ledger import FlashSale, delete_flash, save_flash, stored_flash_sales
from soypace.data.paths import store_path
from soypace.data.records import RECORD_ATTRS, WeekRecord
from soypace.data.save import (
    FAS,
    Batch,
    FetchSummary,
    save_batch,
    save_countries,
    store_label,
    stored_sources,
)
from soypace.data.schema import ALL, SCHEMA_VERSION, VALUE_ATTRS, schema_version, upgrade

FETCH_LOG_COLUMNS = (
    "id", "started_at", "finished_at", "what", "requests", "records", "new_records", "new_weeks",
    "revised", "release", "ok", "error", "source",
)  # fmt: skip
SOURCE = "local store of the USDA FAS Export Sales Reporting (ESR) API"


def utc_now() -> str:
    """Now, in UTC, to the second: how the store stamps fetches."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Store:
    """An open store; use as a context manager or call close(). ``read_only`` opens it for reading
    only (see soypace.data.database), so that reading works on read-only media and never writes."""

    def __init__(self, path: Path, *, create: bool = True, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if (read_only or not create) and not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `soypace fetch` first")
        try:
            if read_only:
                self.db = self._open_read_only()
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.db = database.connect_read_write(self.path)
                retry_while_locked(self._migrate)
        except sqlite3.Error as exc:
            raise StoreError(database.problem(exc, self.path, "open")) from None
        except OSError as exc:
            raise StoreError(f"cannot create the store at {self.path}: {exc.strerror}") from None

    def _open_read_only(self) -> sqlite3.Connection:
        """A read-only connection at the current schema: an older store is brought forward first by a
        short read-write open, when its folder allows one."""
        db = database.connect_read_only(self.path)
        version = schema_version(db)
        if version == SCHEMA_VERSION:
            return db
        db.close()
        if version > SCHEMA_VERSION:
            raise database.newer(self.path, version, SCHEMA_VERSION)
        try:
            Store(self.path, create=False).close()
        except StoreError as exc:
            raise StoreError(
                f"the store at {self.path} is from an older soypace (schema {version}) and cannot be "
                f"upgraded where it is ({exc}); copy it somewhere writable and point SOYPACE_HOME there"
            ) from None
        return database.connect_read_only(self.path)

    @classmethod
    def open_default(cls, *, create: bool = True, read_only: bool = False) -> Store:
        """The user's store (see ``store_path``), created unless ``create`` is False or ``read_only``."""
        return cls(store_path(), create=create, read_only=read_only)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE takes the write lock up front, so two writers queue instead of failing.
        A failure rolls back (SQLite may have done so itself, e.g. on a full disk)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the first failure is the one to report
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        version = schema_version(self.db)
        if version > SCHEMA_VERSION:
            raise database.newer(self.path, version, SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            with self.transaction() as db:
                upgrade(db)  # reads the version again: another process may have migrated meanwhile

    @property
    def schema_version(self) -> int:
        """The schema this store is at (see soypace.data.schema)."""
        return schema_version(self.db)

    # --- writing ---------------------------------------------------------------------------------

    @guarded("save the fetch to")
    def save_fetch(
        self,
        what: str,
        batches: list[Batch],
        *,
        requests: int,
        release: str | None,
        started_at: str,
        countries: list[dict] | None = None,
        source: str = FAS,
    ) -> FetchSummary:
        """Store a whole fetch in one transaction: new weeks added, revised weeks versioned."""
        summary = FetchSummary(requests=requests)
        with self.transaction() as db:
            fetch_id = db.execute(
                "INSERT INTO fetches (started_at, what, requests, release, ok, source) "
                "VALUES (?, ?, ?, ?, 1, ?)",
                (started_at, what, requests, release, source),
            ).lastrowid
            assert fetch_id is not None  # an INSERT always sets it
            for batch in batches:
                save_batch(db, fetch_id, batch, summary)
            if countries:
                save_countries(db, countries)
            db.execute(
                "UPDATE fetches SET finished_at = ?, records = ?, new_records = ?, new_weeks = ?, "
                "revised = ? WHERE id = ?",
                (
                    utc_now(),
                    summary.records,
                    summary.new_records,
                    len(summary.new_weeks),
                    summary.revised,
                    fetch_id,
                ),
            )
        return summary

    @guarded("log the failed fetch in")
    def log_failure(
        self, what: str, *, requests: int, started_at: str, error: str, source: str = FAS
    ) -> None:
        """Record a failed fetch (its data was never written); the error is stored as it would be
        printed: secrets scrubbed, one printable line."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO fetches (started_at, finished_at, what, requests, ok, error, source) "
                "VALUES (?, ?, ?, ?, 0, ?, ?)",
                (started_at, utc_now(), clean(what), requests, clean(error), source),
            )

    # --- reading ---------------------------------------------------------------------------------

    @guarded("read")
    def coverage(self, commodity: int, countries: Iterable[int] | None = None) -> list[Coverage]:
        """The stored runs of weeks of a commodity: those for every destination and, for the given
        destinations only (None: all of them), their own."""
        scopes = None if countries is None else (ALL, *countries)
        rows = self.db.execute(
            "SELECT commodity, market_year, country, first_week, last_week FROM coverage WHERE commodity = ?"
            + _among("country", scopes),
            (commodity, *(scopes or ())),
        ).fetchall()
        day = dt.date.fromisoformat
        return [
            Coverage(c, y, None if k == ALL else k, day(first), day(last)) for c, y, k, first, last in rows
        ]

    def coverage_for(self, commodity: int, market_year: int, country: int | None) -> list[Coverage]:
        """The stored runs of weeks for one marketing year and scope (every destination: None)."""
        return [
            c
            for c in self.coverage(commodity, None if country is None else (country,))
            if c.market_year == market_year and c.country == country
        ]

    @guarded("read")
    def stored_release(self, commodity: int, market_year: int, country: int | None) -> str | None:
        """The newest USDA release stored for a marketing year and scope, so a fetch can skip it."""
        row = self.db.execute(
            "SELECT MAX(release) FROM coverage WHERE commodity = ? AND market_year = ? AND country = ?",
            (commodity, market_year, ALL if country is None else country),
        ).fetchone()
        return row[0] if row else None

    @guarded("read")
    def records(
        self, commodity: int, countries: Iterable[int] | None = None, market_year: int | None = None
    ) -> list[WeekRecord]:
        """The current version of each stored week of a commodity, for these destinations (None: all)
        and one marketing year (None: all)."""
        codes = None if countries is None else tuple(countries)
        year = "" if market_year is None else " AND market_year = ?"
        rows = self.db.execute(
            f"SELECT commodity, country, market_year, week_ending, {', '.join(VALUE_ATTRS)}, unit_id "
            "FROM record_versions WHERE commodity = ? AND is_current = 1" + year + _among("country", codes),
            (commodity, *(() if market_year is None else (market_year,)), *(codes or ())),
        ).fetchall()
        return [_record(row) for row in rows]

    @guarded("read")
    def last_fetch(self) -> tuple[str, str | None] | None:
        """(finished_at, release) of the newest successful fetch."""
        row = self.db.execute(
            "SELECT finished_at, release FROM fetches WHERE ok = 1 ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1]) if row else None

    @guarded("read")
    def dataset(
        self, commodity: int, countries: Iterable[int] | None = None, *, lazy: bool = False
    ) -> Dataset | None:
        """The current version of the stored records of these destinations (None: all), as a Dataset,
        selected in SQL so the cost follows the destinations asked for; None when nothing at all is
        stored for the commodity (an empty Dataset when only other destinations are). ``lazy`` reads
        each marketing year when first asked for (the store must stay open while it is used)."""
        wanted = None if countries is None else frozenset(countries)
        coverage = self.coverage(commodity, wanted)
        if not coverage and not self.coverage(commodity):
            return None
        last = self.last_fetch()
        release = f", USDA release {last[1]} ET" if last and last[1] else ""
        return Dataset(
            records=[] if lazy else self.records(commodity, wanted),
            loader=(lambda c, year: self.records(c, wanted, year)) if lazy else None,
            coverage=coverage,
            source=f"{store_label(stored_sources(self.db, commodity, wanted))} at {self.path}{release}",
            kind="store",
            fetched_at=last[0] if last else None,
            destinations=wanted,
        )

    @guarded("read")
    def revisions(self, commodity: int, country: int, first: dt.date, last: dt.date) -> list[dict]:
        """Every field that changed between two stored versions of a week, oldest change first."""
        return revisions.revisions(self.db, commodity, country, first, last)

    @guarded("read")
    def latest_changes(self, commodity: int, countries: tuple[int, ...]) -> dict | None:
        """What the newest fetch that changed these destinations' data brought (new weeks, revisions)."""
        return revisions.latest_changes(self.db, commodity, countries)

    @guarded("read the fetch log in")
    def fetch_log(self, limit: int = 20) -> list[dict]:
        """The newest fetches first, good and bad, for `soypace log`."""
        cols = FETCH_LOG_COLUMNS
        rows = self.db.execute(
            f"SELECT {', '.join(cols)} FROM fetches ORDER BY id DESC LIMIT ?",
            (min(max(limit, 0), MAX_SQLITE_INT),),
        ).fetchall()
        log = [dict(zip(cols, r, strict=True)) for r in rows]
        for entry in log:  # written by any soypace, older ones included: shown as printable lines
            for key in ("what", "error"):
                if isinstance(entry[key], str):
                    entry[key] = printable(entry[key])
        return log

    @guarded("read")
    def has_countries(self) -> bool:
        """Whether the API's destination list has been fetched, so a fetch asks for it only once."""
        return self.db.execute("SELECT 1 FROM countries LIMIT 1").fetchone() is not None

    @guarded("read")
    def countries(self) -> list[dict]:
        """The API's destination list as last fetched (code, short name, full name, region)."""
        rows = self.db.execute(
            "SELECT code, name, description, region_id FROM countries ORDER BY code"
        ).fetchall()
        return [{"code": c, "api_name": n, "name": d or n, "region_id": r} for c, n, d, r in rows]

    # --- the flash-sale ledger (soypace.data.ledger) ---------------------------------------------

    @guarded("add to the flash ledger in")
    def add_flash(self, sales: Sequence[FlashSale]) -> tuple[int, int]:
        """Add flash sales in one transaction; (added, already in the ledger). Idempotent."""
        with self.transaction() as db:
            added = save_flash(db, sales, utc_now())
        return added, len(sales) - added

    @guarded("read the flash ledger in")
    def flash_sales(self) -> list[FlashSale]:
        """The flash-sale ledger, in date order."""
        return stored_flash_sales(self.db)

    @guarded("remove from the flash ledger in")
    def remove_flash(self, flash_id: int) -> bool:
        """Remove one entry of the ledger; False when there is no such entry."""
        if not 0 < flash_id <= MAX_SQLITE_INT:
            return False
        with self.transaction() as db:
            return delete_flash(db, flash_id)


def open_existing_store() -> Store | None:
    """The user's store if one exists, read-only: reading commands never create or write it."""
    path = store_path()
    if not path.exists():
        return None
    return Store(path, read_only=True)


def _among(column: str, values: Sequence[int] | None) -> str:
    """An ``AND column IN (?, ...)`` clause for these values; nothing for None (every value)."""
    return "" if values is None else f" AND {column} IN ({', '.join('?' * len(values))})"


def _record(row: tuple) -> WeekRecord:
    fields = (row[0], row[1], row[2], dt.date.fromisoformat(row[3]), *row[4:])
    values = dict(zip(RECORD_ATTRS, fields, strict=True))
    return WeekRecord(**values)
