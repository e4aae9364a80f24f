"""The two unknown-destination figures (loose bound, since-window estimate) and the cargo-sized
switch rule, by hand and on the shipped real data."""

import datetime as dt

from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import WeekRecord
from soypace.model.purchases import weekly_points
from soypace.model.targets import load_targets
from soypace.model.unknown import (
    CARGO_MT,
    SWITCH_RULE,
    UnknownBounds,
    count_switches,
    likely_switch,
    unknown_bounds,
    week_before_window,
)
from soypace.model.window import Query, resolve

D = dt.date
W0, W1, W2 = D(2025, 12, 25), D(2026, 1, 1), D(2026, 1, 8)


def rec(week, net, outstanding, gross=None, next_net=None):
    return WeekRecord(801, 9990, 2026, week, 0, 0, outstanding, gross, net, outstanding, None, next_net)


def points(*records):
    dataset = Dataset(list(records), [Coverage(801, 2026, None, W0, W2)], "hand-made", "test")
    return weekly_points(dataset, 801, 9990, W0, W2)


def test_the_window_opens_the_week_before_the_first_counted_week():
    assert week_before_window(D(2025, 10, 30)) == D(2025, 10, 23)  # a Thursday start counts its week
    assert week_before_window(D(2026, 1, 1)) == D(2025, 12, 25)


def test_the_since_window_estimate_adds_the_pools_growth_and_never_less_than_zero():
    grew = unknown_bounds(points(rec(W0, 0, 1000), rec(W1, 300, 1300), rec(W2, 200, 1500)), W1, W2)
    assert (grew.open_week, grew.pool_at_open_mt, grew.pool_mt) == (W0, 1000, 1500)
    assert grew.since_window_mt == 500 and grew.next_my_mt is None
    assert grew.loose(10_000, 1.0) == 11_500 and grew.since_window(10_000, 1.0) == 10_500
    assert grew.since_window(10_000, 0.5) == 10_250
    shrank = unknown_bounds(points(rec(W0, 0, 1000), rec(W1, -300, 700), rec(W2, 0, 700)), W1, W2)
    assert shrank.pool_change_mt == -300 and shrank.since_window_mt == 0


def test_next_my_bookings_in_the_window_are_added_to_the_growth():
    found = unknown_bounds(
        points(rec(W0, 0, 1000, next_net=50), rec(W1, 0, 1000, next_net=70), rec(W2, 0, 900, next_net=30)),
        W1,
        W2,
    )
    assert found.next_my_mt == 100 and found.since_window_mt == 0 + 100  # W0 is before the window


def test_gross_new_sales_replace_the_growth_capped_by_the_pool():
    sold = unknown_bounds(points(rec(W0, 0, 1000, 0), rec(W1, -400, 900, 300), rec(W2, 0, 900, 200)), W1, W2)
    assert sold.uses_gross and sold.gross_mt == 500 and sold.since_window_mt == 500
    capped = unknown_bounds(points(rec(W0, 0, 100, 0), rec(W1, 0, 100, 800), rec(W2, 0, 100, 0)), W1, W2)
    assert capped.since_window_mt == 100


def test_without_the_opening_week_the_estimate_is_unknown():
    bounds = UnknownBounds(W2, 1500, W0, None)
    assert bounds.since_window_mt is None and bounds.since_window(10, 1.0) is None
    assert bounds.loose(10, 1.0) == 1510


def test_a_possible_switch_needs_a_cargo_on_both_sides():
    assert likely_switch(CARGO_MT, -CARGO_MT) == CARGO_MT
    assert likely_switch(CARGO_MT - 1, -1_000_000) == 0
    assert likely_switch(1_000_000, -(CARGO_MT - 1)) == 0
    assert likely_switch(2_086, -300_000) == 0  # the week ending 2026-06-04 no longer fires
    assert "55,000 MT" in SWITCH_RULE


def test_as_of_january_8_the_pool_had_shrunk_so_the_estimate_adds_nothing(snapshot):
    window = resolve(snapshot, Query(load_targets().get("truce-2025"), 5700, as_of=D(2026, 1, 8)))
    extended = next(d for d in window.target.deadlines if d.name == "extended")
    bounds = window.unknown_pool(extended)
    assert (bounds.open_week, bounds.pool_at_open_mt) == (D(2025, 10, 23), 3_257_650)
    assert bounds.country_pool_at_open_mt == 0  # China held no U.S. commitments then
    assert bounds.pool_mt == 3_011_100 and bounds.pool_change_mt == -246_550
    assert bounds.loose(8_116_647, 1.0) == 11_127_747
    assert bounds.since_window(8_116_647, 1.0) == 8_116_647


def test_the_switch_rule_fires_in_24_of_42_weeks_on_the_shipped_data(snapshot):
    window = resolve(snapshot, Query(load_targets().get("truce-2025"), 5700))
    count = count_switches(window.points, window.unknown_points)
    assert (count.fired, count.compared) == (24, 42)
    assert (count.smallest_mt, count.smallest_week) == (57_350, D(2025, 12, 25))
    assert count.whole_weeks == 14
    assert "24 of 42 week(s)" in count.sentence("China")
