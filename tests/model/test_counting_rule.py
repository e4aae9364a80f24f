"""A target's counting rule as data: counts = "market-year" counts one marketing year's own sales."""

import datetime as dt

import pytest

from soypace import UsageError
from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import WeekRecord
from soypace.model.purchases import weekly_points
from soypace.model.targets import MARKET_YEAR, WINDOW, Deadline, Target, load_targets, read_targets_file
from soypace.model.window import Query, resolve

D = dt.date
BODY = 'tonnage_mt = 1000\nstart = 2026-08-01\ndeadlines = [{ name = "end", date = 2026-08-31 }]\n'


def write(tmp_path, extra):
    path = tmp_path / "t.toml"
    path.write_text("[targets.t]\n" + BODY + extra)
    return path


def test_the_counting_rule_is_read_from_the_targets_file(tmp_path):
    targets, _ = read_targets_file(write(tmp_path, 'counts = "market-year"\nmarket_year = 2026\n'))
    assert targets["t"].market_year == 2026 and targets["t"].counts == MARKET_YEAR
    targets, _ = read_targets_file(write(tmp_path, ""))
    assert targets["t"].market_year is None and targets["t"].counts == WINDOW


@pytest.mark.parametrize(
    "extra, words",
    [
        ('counts = "calendar"\n', "is not 'window' or 'market-year'"),
        ('counts = "market-year"\n', "is not a marketing year"),
        ("market_year = 2026\n", 'only a target with counts = "market-year"'),
    ],
)
def test_a_bad_counting_rule_names_its_key(tmp_path, extra, words):
    with pytest.raises(UsageError, match=words):
        read_targets_file(write(tmp_path, extra))


def test_one_marketing_years_count_leaves_out_next_my_sales_and_the_other_years_part():
    # the week ending 2026-09-03 holds Aug 28-31 (MY 2026) and Sep 1-3 (MY 2027)
    late, split = D(2026, 8, 27), D(2026, 9, 3)
    records = [
        WeekRecord(801, 5700, 2026, late, 0, 0, 0, None, 100, 100, 500, 500),
        WeekRecord(801, 5700, 2026, split, 0, 0, 0, None, 10, 110, 0, 0),
        WeekRecord(801, 5700, 2027, split, 0, 0, 0, None, 1000, 1500, 0, 0),
    ]
    coverage = [Coverage(801, 2026, None, late, split), Coverage(801, 2027, None, split, split)]
    dataset = Dataset(records, coverage, "hand-made", "test")
    every = weekly_points(dataset, 801, 5700, late, D(2026, 9, 10))
    one = weekly_points(dataset, 801, 5700, late, D(2026, 9, 10), market_year=2026)
    assert [p.purchases("commitments") for p in every][:2] == [600, 1010]
    assert [p.purchases("commitments") for p in one] == [100, 10, 0]  # after the year: nothing of it
    target = Target("my", "my", 1000, D(2026, 8, 1), (Deadline("end", D(2026, 8, 31)),), market_year=2026)
    window = resolve(dataset, Query(target, 5700, as_of=split))
    assert window.paces[0][1].cumulative_mt == 100  # judged on the week ending Aug 27
    assert any('counts = "market-year"' in n for n in window.notes)


def test_the_shipped_definitions_side_by_side():
    book = load_targets()
    truce = book.get("truce-2025")
    january = next(d for d in truce.deadlines if d.name == "january")
    assert january.date == D(2026, 1, 31) and "Oct 30 2025" in january.source
    assert [d.date for d in truce.deadlines] == [D(2025, 12, 31), D(2026, 1, 31), D(2026, 2, 28)]
    crop = book.get("crop-2025-26")
    assert (crop.tonnage_mt, crop.market_year, crop.counts) == (12_000_000, 2026, MARKET_YEAR)
    assert [d.date for d in crop.deadlines] == [D(2026, 8, 31)]


def test_the_chinese_sides_reading_counts_2025_26_sales_only(snapshot):
    window = resolve(snapshot, Query(load_targets().get("crop-2025-26"), 5700))
    [(name, pace)] = window.paces
    assert (name, pace.judged_week, pace.cumulative_mt) == ("my-end", D(2026, 8, 27), 12_498_145)
    assert window.next_my_bound(D(2026, 8, 31)) == (0, [], [])
