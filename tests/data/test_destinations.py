"""A dataset loaded for some destinations answers for them exactly as the full one does, from the
shipped snapshot and from the store, so a command pays only for the destinations it reads."""

import datetime as dt

import pytest

from soypace.data.codes import CHINA, UNKNOWN
from soypace.data.dataset import Coverage, Dataset
from soypace.data.snapshot import load_snapshot
from soypace.data.store import Batch, Store
from soypace.model.purchases import weekly_points

D = dt.date
FIRST, LAST = D(2025, 10, 30), D(2026, 10, 1)
WANTED = (CHINA, UNKNOWN)


def assert_same_points(full: Dataset, part: Dataset) -> None:
    for country in WANTED:
        expected = weekly_points(full, 801, country, FIRST, LAST)
        assert weekly_points(part, 801, country, FIRST, LAST) == expected
        assert part.latest_week(801, country) == full.latest_week(801, country)
        assert part.market_years(801, country) == full.market_years(801, country)
    assert any(p.purchases("commitments") for p in expected)  # real numbers, not an empty comparison


def test_a_snapshot_of_two_destinations_gives_the_same_weekly_points(snapshot):
    part = load_snapshot(WANTED)
    assert_same_points(snapshot, part)
    assert {r.country for r in part.all_records()} == set(WANTED)
    # in MY 2025/26, the one year with every destination: the snapshot's other years (2016/17 to 2026/27)
    # hold China and unknown destinations only, so they cost the same either way
    in_2026 = [r for r in part.all_records() if r.market_year == 2026]
    assert len(in_2026) < len([r for r in snapshot.all_records() if r.market_year == 2026]) / 5
    assert load_snapshot([UNKNOWN, CHINA]) is part  # cached per set of destinations


def test_a_store_of_many_destinations_selects_two_with_the_same_weekly_points(tmp_path, snapshot):
    # MY 2025/26 for every destination, and China's own weeks of both years, as a fetch stores them
    everyone = [r for r in snapshot.all_records() if r.market_year == 2026]
    batches = [Batch(801, 2026, None, everyone, tuple(sorted({r.week_ending for r in everyone})))]
    for year in (2026, 2027):
        china = [r for r in snapshot.all_records() if r.country == CHINA and r.market_year == year]
        batches.append(Batch(801, year, CHINA, china, tuple(r.week_ending for r in china)))
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_fetch("t", batches, requests=3, release="r1", started_at="t1")
        full, part = store.dataset(801), store.dataset(801, WANTED)
        nowhere = store.dataset(801, [1])  # a code no destination has: covered, no rows
    assert_same_points(full, part)
    assert {r.country for r in part.all_records()} == set(WANTED)
    assert {r.country for r in full.all_records()} > set(WANTED)
    assert nowhere.all_records() == [] and {c.country for c in nowhere.coverage} == {None}


def test_a_destination_that_was_not_loaded_is_an_error_not_a_week_of_no_sales():
    covered = Dataset(
        records=[],
        coverage=[Coverage(801, 2026, None, D(2025, 9, 4), D(2026, 8, 13))],
        source="test",
        kind="snapshot",
        destinations=frozenset({CHINA}),
    )
    assert covered.covered(801, CHINA, 2026, D(2025, 10, 30))
    with pytest.raises(LookupError, match="loaded for destinations 5700 only, not 9990"):
        covered.covered(801, UNKNOWN, 2026, D(2025, 10, 30))
    with pytest.raises(LookupError):
        covered.record(801, UNKNOWN, 2026, D(2025, 10, 30))


def test_coverage_is_looked_up_by_commodity_and_year():
    runs = [
        Coverage(801, 2026, None, D(2025, 9, 4), D(2026, 1, 1)),
        Coverage(801, 2026, None, D(2026, 1, 15), D(2026, 8, 13)),
        Coverage(801, 2027, CHINA, D(2026, 9, 3), D(2026, 10, 1)),
        Coverage(901, 2026, CHINA, D(2025, 10, 2), D(2026, 10, 1)),
    ]
    data = Dataset(records=[], coverage=runs, source="test", kind="store")
    assert data.covered(801, UNKNOWN, 2026, D(2025, 12, 25))
    assert not data.covered(801, UNKNOWN, 2026, D(2026, 1, 8))  # the gap between two runs
    assert not data.covered(801, UNKNOWN, 2027, D(2026, 9, 10))  # China's own coverage is China's only
    assert data.covered(801, CHINA, 2027, D(2026, 9, 10))
    assert data.latest_week(801, CHINA) == D(2026, 10, 1) and data.latest_week(801, UNKNOWN) == D(2026, 8, 13)
    assert data.market_years(801, CHINA) == [2026, 2027] and data.market_years(801, UNKNOWN) == [2026]
    assert data.latest_week(401, CHINA) is None
