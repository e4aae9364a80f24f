"""Unknown destinations: the pool, the upper bound, and likely switches, on hand-made series."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import WeekRecord
from soypace.model.purchases import weekly_points
from soypace.views.status import Query, status_result
from soypace.model.targets import custom_target
from soypace.model.unknown import likely_switch, likely_switches, with_unknown
from soypace.views.weeks import weeks_result

D = dt.date
W1, W2, W3 = D(2026, 1, 1), D(2026, 1, 8), D(2026, 1, 15)


def rec(country, week, net, outstanding):
    return WeekRecord(801, country, 2026, week, 0, 0, outstanding, None, net, outstanding, 0, 0)


@pytest.fixture
def switched():
    """Unknown books 500 in week 1; in week 2 it falls by 300 while China rises by 400 (a switch
    of 300 plus 100 of new China sales); week 3 both rise."""
    records = [
        rec(9990, W1, 500, 500), rec(5700, W1, 100, 100),
        rec(9990, W2, -300, 200), rec(5700, W2, 400, 500),
        rec(9990, W3, 50, 250), rec(5700, W3, 10, 510),
    ]
    return Dataset(records, [Coverage(801, 2026, None, W1, W3)], "hand-made", "test")


def test_the_switch_detector_finds_the_week_and_the_smaller_move(switched):
    china = weekly_points(switched, 801, 5700, W1, W3)
    unknown = weekly_points(switched, 801, 9990, W1, W3)
    assert likely_switches(china, unknown) == {W2: 300}


def test_no_total_counts_a_switch_twice(switched):
    target = custom_target(1000, W1, D(2026, 2, 26))
    [row] = status_result(switched, Query(target, 5700, as_of=W3, unknown_share=1.0)).rows
    assert row["cumulative_mt"] == 510  # China's own net sales: 100 + 400 + 10
    assert row["unknown_outstanding_mt"] == 250
    # everything sold to China or unknown: 500 + 100 - 300 + 400 + 50 + 10 = 760, the switched 300 once
    assert row["with_unknown_mt"] == 760
    weeks = weeks_result(switched, Query(target, 5700, as_of=W3)).rows
    assert [w["likely_switch_mt"] for w in weeks] == [None, 300, None]
    assert "likely switch of 300 MT" in weeks[1]["note"]


def test_share_zero_equals_confirmed_and_one_equals_with_unknown(switched):
    target = custom_target(1000, W1, D(2026, 2, 26))
    zero = status_result(switched, Query(target, 5700, as_of=W3, unknown_share=0.0)).rows[0]
    one = status_result(switched, Query(target, 5700, as_of=W3, unknown_share=1.0)).rows[0]
    half = status_result(switched, Query(target, 5700, as_of=W3, unknown_share=0.5)).rows[0]
    assert zero["with_unknown_mt"] == zero["cumulative_mt"] == 510
    assert one["with_unknown_mt"] == 510 + 250
    assert half["with_unknown_mt"] == 510 + 125


@given(st.integers(-10**7, 10**7), st.integers(0, 10**7), st.floats(0, 1))
def test_with_unknown_lies_between_confirmed_and_the_upper_bound(confirmed, pool, share):
    value = with_unknown(confirmed, pool, share)
    assert confirmed <= value <= confirmed + pool


@given(st.integers(-10**6, 10**6), st.integers(-10**6, 10**6))
def test_a_switch_is_never_more_than_either_move(country_net, unknown_net):
    moved = likely_switch(country_net, unknown_net)
    assert moved >= 0
    if moved:
        assert moved <= country_net and moved <= -unknown_net


def test_worked_example_as_of_january_8(snapshot):
    from soypace.model.targets import load_targets

    query = Query(load_targets().get("truce-2025"), 5700, as_of=D(2026, 1, 8), unknown_share=1.0)
    extended = status_result(snapshot, query).rows[1]
    assert extended["cumulative_mt"] == 8_116_647
    assert extended["unknown_outstanding_mt"] == 3_011_100  # unknown destinations, week ending 2026-01-08
    assert extended["with_unknown_mt"] == 11_127_747
