"""Unknown destinations: the pool, the upper bound, and likely switches, on hand-made series."""

import datetime as dt

import pytest
from handmade import W1, W2, W3, switched_dataset
from hypothesis import given
from hypothesis import strategies as st

from soypace.model.purchases import weekly_points
from soypace.model.unknown import likely_switch, likely_switches, outstanding_at, with_unknown

D = dt.date


@pytest.fixture
def switched():
    return switched_dataset()


def test_the_switch_detector_finds_the_week_and_the_smaller_move(switched):
    china = weekly_points(switched, 801, 5700, W1, W3)
    unknown = weekly_points(switched, 801, 9990, W1, W3)
    assert likely_switches(china, unknown) == {W2: 300_000}


def test_the_pool_at_a_week_is_unknown_when_the_data_lacks_it(switched):
    unknown = weekly_points(switched, 801, 9990, W1, D(2026, 1, 22))  # Jan 22 is not covered
    assert [outstanding_at(unknown, w) for w in (W1, W2, W3)] == [500_000, 200_000, 250_000]
    assert outstanding_at(unknown, D(2026, 1, 22)) is None  # a gap, not an empty pool
    assert outstanding_at(unknown, D(2025, 12, 25)) is None  # before the points


def test_with_unknown_by_hand():
    assert with_unknown(510, 250, 1.0) == 760
    assert with_unknown(510, 250, 0.5) == 635
    assert with_unknown(510, None, 1.0) is None
    with pytest.raises(ValueError, match="between 0 and 1"):
        with_unknown(510, 250, 1.5)


@given(st.integers(-(10**7), 10**7), st.integers(0, 10**7), st.floats(0, 1))
def test_with_unknown_lies_between_confirmed_and_the_upper_bound(confirmed, pool, share):
    value = with_unknown(confirmed, pool, share)
    assert confirmed <= value <= confirmed + pool


@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6))
def test_a_switch_is_never_more_than_either_move(country_net, unknown_net):
    moved = likely_switch(country_net, unknown_net)
    assert moved >= 0
    if moved:
        assert moved <= country_net and moved <= -unknown_net
