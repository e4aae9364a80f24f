import datetime as dt

from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import WeekRecord
from soypace.model.purchases import next_my_gaps, weekly_points

D = dt.date


def rec(country, my, week, net, exports=0, nxt=0):
    return WeekRecord(801, country, my, week, exports, 0, 0, None, net, 0, 0, nxt)


def dataset(records, coverage):
    return Dataset(records=records, coverage=coverage, source="test", kind="test")


def test_the_rollover_week_adds_both_marketing_years_parts_once_each():
    week = D(2026, 9, 3)  # last week of MY 2026 and first of MY 2027
    ds = dataset(
        [
            rec(5700, 2026, week, -136000, exports=5, nxt=1000),
            rec(5700, 2027, week, 1222000, exports=7, nxt=0),
        ],
        [Coverage(801, 2026, None, D(2025, 9, 4), week), Coverage(801, 2027, None, week, week)],
    )
    [p] = weekly_points(ds, 801, 5700, week, week)
    assert p.market_years == (2026, 2027) and not p.is_gap
    assert p.net_sales == 1086000
    assert p.purchases("commitments") == 1087000  # + next-MY 1000 made in MY 2026's part
    assert p.purchases("shipments") == 12


def test_a_covered_week_without_a_row_is_no_activity_but_an_uncovered_week_is_a_gap():
    ds = dataset(
        [rec(5700, 2026, D(2025, 11, 6), 5)], [Coverage(801, 2026, None, D(2025, 9, 4), D(2025, 11, 13))]
    )
    points = weekly_points(ds, 801, 5700, D(2025, 10, 30), D(2025, 11, 20))
    assert [p.purchases("commitments") for p in points] == [0, 5, 0, None]
    assert [p.is_gap for p in points] == [False, False, False, True]
    assert points[-1].missing_years == (2026,)


def test_coverage_for_one_country_does_not_cover_another():
    ds = dataset([], [Coverage(801, 2026, 5700, D(2025, 9, 4), D(2025, 9, 11))])
    assert weekly_points(ds, 801, 5700, D(2025, 9, 11), D(2025, 9, 11))[0].purchases("commitments") == 0
    assert weekly_points(ds, 801, 9990, D(2025, 9, 11), D(2025, 9, 11))[0].is_gap


def test_unknown_next_my_sales_are_flagged_not_zeroed():
    week = D(2025, 11, 6)
    ds = dataset([rec(5700, 2026, week, 10, nxt=None)], [Coverage(801, 2026, None, week, week)])
    [p] = weekly_points(ds, 801, 5700, week, week)
    assert p.next_my_net_sales is None and p.purchases("commitments") == 10
    # in a run of weeks without next-MY figures (from 2025/26's start: the earlier ones are not in this
    # data either) that nothing bounds: no later week has them, and 2026/27 has not opened
    [gap] = next_my_gaps(ds, 801, 5700, week, week, week)
    assert gap.weeks[-1] == week and gap.total_mt is None
