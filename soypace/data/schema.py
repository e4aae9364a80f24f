"""The store's schema: its tables, as numbered migrations, and the step that brings a database up to date.

Schema changes live here and nowhere else: a new table or column is a new entry at the end of
MIGRATIONS, never an edit of an old one, so every store ever written can be brought forward.
"""

from __future__ import annotations

import sqlite3

from soypace.data.records import TONNAGE_FIELDS

ALL = 0  # coverage.country for "every destination"
VALUE_ATTRS = tuple(TONNAGE_FIELDS.values())  # the tonnage columns of record_versions

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
    # Which source each record version and each fetch came from; everything stored before had one
    # source, the FAS API.
    """
    ALTER TABLE record_versions ADD COLUMN source TEXT NOT NULL DEFAULT 'fas';
    ALTER TABLE fetches ADD COLUMN source TEXT NOT NULL DEFAULT 'fas';
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite3.Connection) -> int:
    """The schema a database is at (SQLite's user_version; 0 for a new, empty file)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def upgrade(db: sqlite3.Connection) -> None:
    """Run the migrations a database lacks; call inside a write transaction, so that a second
    process that migrated first is seen and nothing runs twice."""
    for step in range(schema_version(db), SCHEMA_VERSION):
        for statement in MIGRATIONS[step].split(";"):
            if statement.strip():
                db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
