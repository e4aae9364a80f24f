"""The weekly view (soypace.views.weeks): one row per week with the running total and the path,
on the shipped real data and on a hand-made series with a gap."""

import datetime as dt

import pytest

from soypace import UsageError
from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import WeekRecord
from soypace.model.targets import custom_target, load_targets
from soypace.model.window import Query, resolve
from soypace.views.status import status_result
from soypace.views.weeks import weeks_result

D = dt.date
TRUCE = load_targets().get("truce-2025")


def truce(snapshot, as_of, **kw):
    return resolve(snapshot, Query(TRUCE, 5700, as_of=as_of, **kw))


@pytest.mark.parametrize(
    "as_of, total",
    [
        (D(2025, 11, 13), 364_000),  # 232,000 + 232,000 - 100,000
        (D(2026, 1, 8), 8_116_647),
        (D(2026, 2, 26), 10_816_852),  # the extended deadline's judged week
    ],
)
def test_the_last_running_total_is_status_cumulative(snapshot, as_of, total):
    window = truce(snapshot, as_of)
    rows = weeks_result(window).rows
    assert rows[-1]["week_ending"] == as_of
    assert rows[-1]["cumulative_mt"] == status_result(window).rows[-1]["cumulative_mt"] == total
    assert total == sum(r["purchases_mt"] for r in rows)


def test_the_real_weeks_as_of_january_8(snapshot):
    rows = {r["week_ending"]: r for r in weeks_result(truce(snapshot, D(2026, 1, 8))).rows}
    assert list(rows)[0] == D(2025, 10, 30) and len(rows) == 11
    nov13 = rows[D(2025, 11, 13)]
    assert nov13["net_sales_mt"] == nov13["purchases_mt"] == -100_000  # cancellations exceeded sales
    assert nov13["likely_switch_mt"] is None  # China's net sales fell too: nothing switched to it
    jan8 = rows[D(2026, 1, 8)]
    assert (jan8["net_sales_mt"], jan8["exports_mt"]) == (1_224_128, 901_128)
    assert jan8["path_mt"] == 6_942_149  # 12,000,000 x 70 / 121 days, to the extended deadline
    assert jan8["ahead_mt"] == 8_116_647 - 6_942_149
    # unknown destinations fell by 68,450 while China rose by 1,224,128: the smaller move
    assert (jan8["unknown_net_sales_mt"], jan8["unknown_outstanding_mt"]) == (-68_450, 3_011_100)
    assert jan8["likely_switch_mt"] == 68_450 and "possible switch of 68,450 MT" in jan8["note"]
    assert jan8["with_unknown_mt"] is None  # the confirmed view


def test_the_path_to_a_named_deadline(snapshot):
    window = truce(snapshot, D(2026, 1, 8))
    rows = {r["week_ending"]: r["path_mt"] for r in weeks_result(window, "original").rows}
    assert rows[D(2025, 10, 30)] == 0
    assert rows[D(2025, 12, 25)] == 10_838_710  # 12,000,000 x 56 / 62 days = 10,838,709.7
    assert rows[D(2026, 1, 1)] == rows[D(2026, 1, 8)] == 12_000_000  # past the deadline: the target
    with pytest.raises(UsageError, match="has no deadline 'nope'; it has: original, january, extended"):
        weeks_result(window, "nope")


def test_with_unknown_adds_the_pool_to_each_running_total(snapshot):
    last = weeks_result(truce(snapshot, D(2026, 1, 8), unknown_share=1.0)).rows[-1]
    assert last["with_unknown_mt"] == 8_116_647 + 3_011_100 == 11_127_747


W1, W2, W3, W4 = D(2026, 1, 1), D(2026, 1, 8), D(2026, 1, 15), D(2026, 1, 22)


def test_a_gap_week_is_none_never_zero():
    """The data covers Jan 1 and Jan 15-22 only: Jan 8 is a gap; Jan 22 is covered without a row
    (a week of no sales, 0)."""

    def rec(week, net):
        return WeekRecord(801, 5700, 2026, week, 5, 0, net, None, net, net, 0, 0)

    dataset = Dataset(
        [rec(W1, 100), rec(W3, 30)],
        [Coverage(801, 2026, None, W1, W1), Coverage(801, 2026, None, W3, W4)],
        "hand-made",
        "test",
    )
    window = resolve(dataset, Query(custom_target(1000, W1, D(2026, 2, 26)), 5700, as_of=W4))
    result = weeks_result(window)
    gap = result.rows[1]
    assert gap["week_ending"] == W2 and gap["note"] == "no data for MY 2026"
    for column in ("net_sales_mt", "exports_mt", "outstanding_mt", "purchases_mt", "unknown_net_sales_mt"):
        assert gap[column] is None, column
    assert [r["purchases_mt"] for r in result.rows] == [100, None, 30, 0]
    assert [r["exports_mt"] for r in result.rows] == [5, None, 5, 0]
    # the running total carries over the gap without adding to it: 100, 100, 130, 130
    assert [r["cumulative_mt"] for r in result.rows] == [100, 100, 130, 130]
    assert any("1 week(s) missing from the data, counted as unknown (not zero): 2026-01-08 (MY 2026)" in n
               for n in result.notes)  # fmt: skip
