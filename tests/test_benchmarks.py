"""The scaling benchmark's synthetic store builder (benchmarks/synthetic.py): shape only, no timings."""

import sys
from pathlib import Path

import pytest

from soypace.calendar import THURSDAY, market_year_weeks
from soypace.data.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synthetic import build_store, destination_codes  # noqa: E402

# the shipped marketing years with weeks covered: 2016/17 to 2026/27 since the snapshot added 2016/17 to
# 2018/19 (China and unknown destinations); a copy is shifted back by their number
SHIPPED_YEARS = set(range(2017, 2028))
SPAN = len(SHIPPED_YEARS)


@pytest.fixture(scope="module")
def doubled(tmp_path_factory):
    """A store holding 2x the shipped history with every destination, built once for the module."""
    path = tmp_path_factory.mktemp("synthetic") / "soypace.sqlite3"
    count = build_store(path, copies=2, all_destinations=True)
    with Store(path, create=False) as store:
        dataset = store.dataset(801)
    assert dataset is not None
    return count, dataset


def test_two_copies_hold_twice_the_marketing_years(doubled):
    """Two copies cover the 11 shipped marketing years and the same 11 shifted back by 11 years."""
    count, dataset = doubled
    years = {r.market_year for r in dataset.all_records()}
    assert years == SHIPPED_YEARS | {y - SPAN for y in SHIPPED_YEARS}
    assert {c.market_year for c in dataset.coverage} == years
    assert count == len(dataset.all_records())


def test_every_marketing_year_has_every_destination(doubled):
    """Every marketing year holds rows for all 47 codes of data/countries.csv and all-destination coverage."""
    _, dataset = doubled
    codes = set(destination_codes())
    assert len(codes) == 47
    by_year: dict[int, set[int]] = {}
    for r in dataset.all_records():
        by_year.setdefault(r.market_year, set()).add(r.country)
    assert all(countries == codes for countries in by_year.values())
    assert all(any(c.country is None for c in dataset.coverage if c.market_year == y) for y in by_year)


def test_every_week_is_a_thursday_inside_its_marketing_year(doubled):
    """Every record and coverage run ends on Thursdays inside its own marketing year, and is covered."""
    _, dataset = doubled
    for r in dataset.all_records():
        first, last = market_year_weeks(r.market_year)
        assert r.week_ending.weekday() == THURSDAY and first <= r.week_ending <= last, r
        assert dataset.covered(r.commodity, r.country, r.market_year, r.week_ending), r
    for c in dataset.coverage:
        first, last = market_year_weeks(c.market_year)
        assert c.first_week.weekday() == c.last_week.weekday() == THURSDAY
        assert first <= c.first_week <= c.last_week <= last, c


def test_the_shifted_copy_keeps_chinas_figures(doubled):
    """The shifted copy of MY 2021 carries China's real weekly figures in the same order."""
    _, dataset = doubled
    china = sorted((r for r in dataset.all_records() if r.country == 5700), key=lambda r: r.week_ending)
    real = [r.net_sales for r in china if r.market_year == 2021]
    shifted = [r.net_sales for r in china if r.market_year == 2021 - SPAN]
    assert shifted and shifted == real[: len(shifted)]


def test_one_copy_without_replication_is_exactly_the_snapshot(tmp_path, snapshot):
    """One copy without replication stores exactly the shipped records and coverage."""
    path = tmp_path / "soypace.sqlite3"
    assert build_store(path, copies=1, all_destinations=False) == len(snapshot.all_records())
    with Store(path, create=False) as store:
        stored = store.dataset(801)
    assert stored is not None
    assert set(stored.all_records()) == set(snapshot.all_records())
    assert set(stored.coverage) == set(snapshot.coverage)
