import dataclasses
import datetime as dt
import sqlite3

import pytest

from soypace.data.save import week_runs
from soypace.data.schema import MIGRATIONS, SCHEMA_VERSION
from soypace.data.store import Batch, Store, StoreError

D = dt.date


def china_batch(snapshot, year=2026, release="2026-08-20T08:30:00", change=None):
    records = [r for r in snapshot.all_records() if r.country == 5700 and r.market_year == year]
    if change:
        records = [change(r) for r in records]
    weeks = [r.week_ending for r in records]
    return Batch(801, year, 5700, records, tuple(weeks), release)


def test_a_new_store_has_the_current_schema(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.schema_version == SCHEMA_VERSION


def test_a_store_from_a_newer_soypace_is_refused(tmp_path):
    path = tmp_path / "s.sqlite3"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer soypace"):
        Store(path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_text("this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(path)


def test_saved_records_come_back_as_a_dataset(tmp_path, snapshot):
    with Store(tmp_path / "s.sqlite3") as store:
        summary = store.save_fetch("t", [china_batch(snapshot)], requests=3, release="r1", started_at="now")
        ds = store.dataset(801)
    original = sorted(china_batch(snapshot).records, key=lambda r: r.week_ending)
    assert sorted(ds.all_records(), key=lambda r: r.week_ending) == original
    assert summary.new_records == 45 and summary.revised == 0 and len(summary.new_weeks) == 45
    assert ds.kind == "store" and ds.latest_week(801, 5700) == D(2026, 9, 3)


def test_a_revised_week_keeps_both_versions_and_the_new_one_is_current(tmp_path, snapshot):
    week = D(2026, 1, 8)

    def revise(r):
        return dataclasses.replace(r, net_sales=r.net_sales + 1000) if r.week_ending == week else r

    with Store(tmp_path / "s.sqlite3") as store:
        first = [china_batch(snapshot, release="r1")]
        store.save_fetch("first", first, requests=1, release="r1", started_at="t1")
        again = store.save_fetch("same", first, requests=1, release="r1", started_at="t2")
        revised = [china_batch(snapshot, release="r2", change=revise)]
        second = store.save_fetch("second", revised, requests=1, release="r2", started_at="t3")
        current = store.dataset(801).record(801, 5700, 2026, week)
        [change] = store.revisions(801, 5700, D(2025, 10, 30), D(2026, 2, 28))
        versions = store.db.execute(
            "SELECT COUNT(*) FROM record_versions WHERE week_ending = ?", (week.isoformat(),)
        ).fetchone()[0]
    assert again.new_records == 0 and again.revised == 0
    assert second.revised == 1 and second.new_records == 0
    assert current.net_sales == 1_224_128 + 1000  # the real week, revised up by 1,000
    assert versions == 2
    assert change["field"] == "net_sales" and change["old_value"] == 1_224_128 and change["change"] == 1000
    assert (change["old_release"], change["new_release"]) == ("r1", "r2")


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path, snapshot):
    bad = dataclasses.replace(china_batch(snapshot).records[0], country=None)  # violates NOT NULL
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_fetch("first", [china_batch(snapshot)], requests=1, release="r1", started_at="t1")
        before = store.db.execute("SELECT COUNT(*) FROM record_versions").fetchone()[0]
        batch = china_batch(snapshot, year=2027)
        with pytest.raises(sqlite3.IntegrityError):
            broken = [batch, dataclasses.replace(batch, records=[bad])]
            store.save_fetch("broken", broken, requests=1, release="r2", started_at="t2")
        after = store.db.execute("SELECT COUNT(*) FROM record_versions").fetchone()[0]
        fetches = store.db.execute("SELECT COUNT(*) FROM fetches").fetchone()[0]
        assert store.coverage_for(801, 2027, 5700) == []
    assert before == after and fetches == 1


def test_every_fetch_is_logged_good_or_bad(tmp_path, snapshot):
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_fetch("good", [china_batch(snapshot)], requests=3, release="r1", started_at="t1")
        store.log_failure("bad", requests=2, started_at="t2", error="USDA's ESR API failed")
        log = store.fetch_log()
    assert [(f["what"], f["ok"], f["requests"]) for f in log] == [("bad", 0, 2), ("good", 1, 3)]
    assert log[0]["error"] == "USDA's ESR API failed" and log[1]["records"] == 45


def test_reading_never_creates_a_store(tmp_path):
    with pytest.raises(StoreError, match="run `soypace fetch` first"):
        Store(tmp_path / "absent.sqlite3", create=False)
    assert not (tmp_path / "absent.sqlite3").exists()


def test_week_runs_split_at_gaps():
    weeks = [D(2026, 9, 3), D(2026, 9, 10), D(2026, 10, 1), D(2026, 9, 10)]
    assert week_runs(weeks) == [(D(2026, 9, 3), D(2026, 9, 10)), (D(2026, 10, 1), D(2026, 10, 1))]


def test_a_version_1_store_migrates_keeping_its_data(tmp_path, snapshot):
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    for statement in MIGRATIONS[0].split(";"):
        con.execute(statement)
    con.execute("INSERT INTO fetches (started_at, what, ok) VALUES ('t', 'old fetch', 1)")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.fetch_log()[0]["what"] == "old fetch"
        assert store.flash_sales() == []


def test_the_split_store_keeps_the_names_other_code_uses():
    from soypace.data import store

    names = ("open_existing_store", "store_path", "Store", "Batch", "FetchSummary", "StoreError", "utc_now")
    for name in names:
        assert hasattr(store, name), name
    for method in (
        "add_flash",
        "flash_sales",
        "remove_flash",
        "revisions",
        "latest_changes",
        "fetch_log",
        "countries",
        "has_countries",
        "dataset",
        "save_fetch",
        "log_failure",
        "coverage_for",
        "stored_release",
        "open_default",
        "transaction",
        "schema_version",
    ):
        assert hasattr(store.Store, method), method
