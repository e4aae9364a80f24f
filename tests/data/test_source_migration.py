"""The store keeps which live source each record version and each fetch came from; a store written
before sources were kept (schema 2) migrates with everything it held marked as the FAS API's."""

import dataclasses
import datetime as dt
import sqlite3

from soypace.data.save import AGTRANSPORT, FAS, Batch, store_label
from soypace.data.schema import MIGRATIONS, SCHEMA_VERSION
from soypace.data.store import Store

FAS_ONLY = "local store of the USDA FAS Export Sales Reporting (ESR) API"


def china(snapshot, change=None, source=FAS):
    records = [r for r in snapshot.all_records() if r.country == 5700 and r.market_year == 2026]
    if change:
        records = [change(r) for r in records]
    return Batch(801, 2026, 5700, records, tuple(r.week_ending for r in records), None, source)


def test_a_schema_2_store_migrates_and_marks_what_it_held_as_fas(tmp_path):
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:
        for statement in migration.split(";"):
            con.execute(statement)
    con.execute("INSERT INTO fetches (started_at, what, ok) VALUES ('t', 'old fetch', 1)")
    con.execute(
        "INSERT INTO record_versions (commodity, country, market_year, week_ending, net_sales, unit_id, "
        "fetch_id) VALUES (801, 5700, 2026, '2025-10-30', 232000, 1, 1)"
    )
    con.execute("INSERT INTO coverage VALUES (801, 2026, 5700, '2025-10-30', '2025-10-30', NULL, 1)")
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        [(source,)] = store.db.execute("SELECT source FROM record_versions").fetchall()
        [entry] = store.fetch_log()
        dataset = store.dataset(801, [5700])
    assert source == FAS and entry["source"] == FAS and entry["what"] == "old fetch"
    assert dataset.source.startswith(FAS_ONLY + " at ")


def test_each_version_keeps_its_source_and_provenance_names_every_source(tmp_path, snapshot):
    def revise(r):
        return dataclasses.replace(r, net_sales=r.net_sales + 1) if str(r.week_ending) == "2026-01-08" else r

    with Store(tmp_path / "s.sqlite3") as store:
        store.save_fetch("fas", [china(snapshot)], requests=1, release="r1", started_at="t1")
        assert store.dataset(801, [5700]).source.startswith(FAS_ONLY + " at ")
        same = store.save_fetch(
            "ag",
            [china(snapshot, source=AGTRANSPORT)],
            requests=1,
            release=None,
            started_at="t2",
            source=AGTRANSPORT,
        )
        assert same.new_records == same.revised == 0  # the same figures: the FAS versions stay, unchanged
        assert store.dataset(801, [5700]).source.startswith(FAS_ONLY + " at ")
        store.save_fetch(
            "ag",
            [china(snapshot, revise, AGTRANSPORT)],
            requests=1,
            release=None,
            started_at="t3",
            source=AGTRANSPORT,
        )
        rows = store.db.execute(
            "SELECT source, is_current FROM record_versions WHERE week_ending = '2026-01-08' ORDER BY id"
        ).fetchall()
        [change] = store.revisions(801, 5700, dt.date(2025, 10, 30), dt.date(2026, 2, 28))
        label = store.dataset(801, [5700]).source
        log = [(f["what"], f["source"]) for f in store.fetch_log()]
    assert rows == [(FAS, 0), (AGTRANSPORT, 1)]
    assert (change["old_source"], change["new_source"]) == (FAS, AGTRANSPORT)
    assert label.startswith(
        "local store of the USDA FAS Export Sales Reporting (ESR) API and USDA AMS AgTransport "
        "(Socrata dataset wnn7-29tu) at "
    )
    assert log == [("ag", AGTRANSPORT), ("ag", AGTRANSPORT), ("fas", FAS)]


def test_a_store_of_agtransport_data_alone_says_so():
    assert store_label([AGTRANSPORT]) == "local store of USDA AMS AgTransport (Socrata dataset wnn7-29tu)"
    assert store_label([]) == store_label([FAS]) == FAS_ONLY
