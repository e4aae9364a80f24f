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
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from soypace import SoypaceError
from soypace.data import revisions
from soypace.data.dataset import Coverage, Dataset
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

BUSY_TIMEOUT_S = 60.0
FETCH_LOG_COLUMNS = (
    "id", "started_at", "finished_at", "what", "requests", "records", "new_records", "new_weeks",
    "revised", "release", "ok", "error", "source",
)  # fmt: skip
SOURCE = "local store of the USDA FAS Export Sales Reporting (ESR) API"
T = TypeVar("T")


class StoreError(SoypaceError):
    """The store cannot be opened or written; says where it is and what to do."""


def utc_now() -> str:
    """Now, in UTC, to the second: how the store stamps fetches."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


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
    def open_default(cls, *, create: bool = True) -> Store:
        """The user's store (see ``store_path``), created unless ``create`` is False."""
        return cls(store_path(), create=create)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE takes the write lock up front, so two writers queue instead of failing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        version = schema_version(self.db)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store at {self.path} was written by a newer soypace (schema {version}, "
                f"this one knows {SCHEMA_VERSION}); upgrade soypace"
            )
        if version < SCHEMA_VERSION:
            with self.transaction() as db:
                upgrade(db)  # reads the version again: another process may have migrated meanwhile

    @property
    def schema_version(self) -> int:
        """The schema this store is at (see soypace.data.schema)."""
        return schema_version(self.db)

    # --- writing ---------------------------------------------------------------------------------

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

    def log_failure(
        self, what: str, *, requests: int, started_at: str, error: str, source: str = FAS
    ) -> None:
        """Record a failed fetch (its data was never written)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO fetches (started_at, finished_at, what, requests, ok, error, source) "
                "VALUES (?, ?, ?, ?, 0, ?, ?)",
                (started_at, utc_now(), what, requests, error, source),
            )

    # --- reading ---------------------------------------------------------------------------------

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

    def stored_release(self, commodity: int, market_year: int, country: int | None) -> str | None:
        """The newest USDA release stored for a marketing year and scope, so a fetch can skip it."""
        row = self.db.execute(
            "SELECT MAX(release) FROM coverage WHERE commodity = ? AND market_year = ? AND country = ?",
            (commodity, market_year, ALL if country is None else country),
        ).fetchone()
        return row[0] if row else None

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

    def last_fetch(self) -> tuple[str, str | None] | None:
        """(finished_at, release) of the newest successful fetch."""
        row = self.db.execute(
            "SELECT finished_at, release FROM fetches WHERE ok = 1 ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1]) if row else None

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

    def revisions(self, commodity: int, country: int, first: dt.date, last: dt.date) -> list[dict]:
        """Every field that changed between two stored versions of a week, oldest change first."""
        return revisions.revisions(self.db, commodity, country, first, last)

    def latest_changes(self, commodity: int, countries: tuple[int, ...]) -> dict | None:
        """What the newest fetch that changed these destinations' data brought (new weeks, revisions)."""
        return revisions.latest_changes(self.db, commodity, countries)

    def fetch_log(self, limit: int = 20) -> list[dict]:
        """The newest fetches first, good and bad, for `soypace log`."""
        cols = FETCH_LOG_COLUMNS
        rows = self.db.execute(
            f"SELECT {', '.join(cols)} FROM fetches ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def has_countries(self) -> bool:
        """Whether the API's destination list has been fetched, so a fetch asks for it only once."""
        return self.db.execute("SELECT 1 FROM countries LIMIT 1").fetchone() is not None

    def countries(self) -> list[dict]:
        """The API's destination list as last fetched (code, short name, full name, region)."""
        rows = self.db.execute(
            "SELECT code, name, description, region_id FROM countries ORDER BY code"
        ).fetchall()
        return [{"code": c, "api_name": n, "name": d or n, "region_id": r} for c, n, d, r in rows]

    # --- the flash-sale ledger (soypace.data.ledger) ---------------------------------------------

    def add_flash(self, sales: Sequence[FlashSale]) -> tuple[int, int]:
        """Add flash sales in one transaction; (added, already in the ledger). Idempotent."""
        with self.transaction() as db:
            added = save_flash(db, sales, utc_now())
        return added, len(sales) - added

    def flash_sales(self) -> list[FlashSale]:
        """The flash-sale ledger, in date order."""
        return stored_flash_sales(self.db)

    def remove_flash(self, flash_id: int) -> bool:
        """Remove one entry of the ledger; False when there is no such entry."""
        with self.transaction() as db:
            return delete_flash(db, flash_id)


def open_existing_store() -> Store | None:
    """The user's store if one exists; reading commands never create it."""
    path = store_path()
    if not path.exists():
        return None
    return Store(path, create=False)


def _among(column: str, values: Sequence[int] | None) -> str:
    """An ``AND column IN (?, ...)`` clause for these values; nothing for None (every value)."""
    return "" if values is None else f" AND {column} IN ({', '.join('?' * len(values))})"


def _retry_while_locked(step: Callable[[], T], seconds: float = BUSY_TIMEOUT_S) -> T:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _record(row: tuple) -> WeekRecord:
    fields = (row[0], row[1], row[2], dt.date.fromisoformat(row[3]), *row[4:])
    values = dict(zip(RECORD_ATTRS, fields, strict=True))
    return WeekRecord(**values)
