"""Every formula checked by hand on a tiny series, then properties with hypothesis."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from soypace.model import pacing
from soypace.model.pacing import pace

D = dt.date
START, DEADLINE = D(2026, 1, 1), D(2026, 1, 29)  # both Thursdays, 28 days apart
SERIES = [(D(2026, 1, 1), 10), (D(2026, 1, 8), 20), (D(2026, 1, 15), 30)]


def test_active_deadline_by_hand():
    p = pace(SERIES, 100, START, DEADLINE, D(2026, 1, 15))
    assert p.cumulative_mt == 60  # 10 + 20 + 30
    assert p.path_mt == 50  # 100 * 14 / 28
    assert p.ahead_mt == 10
    assert p.ahead_days == 2.8  # 60/100 * 28 - 14
    assert p.remaining_mt == 40
    assert p.reports_left == 2  # Jan 22, Jan 29
    assert p.needed_weekly_mt == 20  # 40 / 2
    assert p.recent_weekly_mt == 20  # (10 + 20 + 30) / 3: the window is younger than 4 weeks
    assert p.projected_mt == 100  # 60 + 20 * 2
    assert p.projected_surplus_mt == 0
    assert p.eta_week == D(2026, 1, 29)  # 40 / 20 = 2 weeks after Jan 15
    assert p.status == "on_track"
    assert p.pct_of_target == 60.0


def test_behind_when_below_the_path():
    p = pace(
        [(D(2026, 1, 1), 0), (D(2026, 1, 8), 10), (D(2026, 1, 15), 10)], 100, START, DEADLINE, D(2026, 1, 15)
    )
    assert p.ahead_mt == -30 and p.status == "behind"
    assert p.ahead_days == -8.4  # 20/100 * 28 - 14
    assert p.needed_weekly_mt == 40


def test_recent_pace_uses_the_last_four_counted_weeks_only():
    weekly = [(D(2026, 1, 1) + dt.timedelta(weeks=i), v) for i, v in enumerate([100, 1, 2, 3, 4])]
    assert pacing.recent_weekly(weekly, START, D(2026, 1, 29)) == 2.5


def test_weeks_before_start_or_after_as_of_do_not_count():
    weekly = [(D(2025, 12, 25), 1000), *SERIES, (D(2026, 1, 22), 1000)]
    assert pace(weekly, 100, START, DEADLINE, D(2026, 1, 15)).cumulative_mt == 60


def test_deadline_is_judged_on_last_week_before_it():
    # deadline Wed 2026-01-28: judged on the week ending Thu 2026-01-22
    weekly = [*SERIES, (D(2026, 1, 22), 30), (D(2026, 1, 29), 500)]
    p = pace(weekly, 100, START, D(2026, 1, 28), D(2026, 1, 29))
    assert p.judged_week == D(2026, 1, 22)
    assert p.cumulative_mt == 90 and p.status == "missed"
    assert p.projected_surplus_mt == -10
    assert p.path_mt is None and p.needed_weekly_mt is None and p.recent_weekly_mt is None
    assert p.eta_week == D(2026, 1, 29)  # reached after the deadline, with the week ending Jan 29


def test_met_once_the_target_is_reached_even_before_the_deadline():
    p = pace([(D(2026, 1, 1), 120)], 100, START, DEADLINE, D(2026, 1, 1))
    assert p.status == "met" and p.remaining_mt == 0 and p.needed_weekly_mt == 0
    assert p.eta_week == D(2026, 1, 1)


def test_gaps_are_skipped_and_listed_not_counted_as_zero_sales():
    weekly = [(D(2026, 1, 1), 10), (D(2026, 1, 8), None), (D(2026, 1, 15), 30)]
    p = pace(weekly, 100, START, DEADLINE, D(2026, 1, 15))
    assert p.cumulative_mt == 40
    assert p.gap_weeks == (D(2026, 1, 8),)
    assert p.recent_weekly_mt == 20  # mean of the two known weeks


def test_no_eta_when_the_recent_pace_is_not_positive():
    p = pace([(D(2026, 1, 1), 10), (D(2026, 1, 8), -10)], 100, START, DEADLINE, D(2026, 1, 8))
    assert p.eta_week is None


def test_path_is_clipped_to_zero_and_target():
    assert pacing.path_mt(100, START, DEADLINE, D(2025, 12, 1)) == 0
    assert pacing.path_mt(100, START, DEADLINE, D(2026, 3, 1)) == 100


weekly_values = st.lists(st.integers(min_value=-500_000, max_value=3_000_000), min_size=1, max_size=40)


@given(weekly_values)
def test_cumulative_is_the_running_sum(values):
    weekly = [(START + dt.timedelta(weeks=i), v) for i, v in enumerate(values)]
    totals = pacing.running_total(weekly, START)
    assert [t for _, t in totals] == [sum(values[: i + 1]) for i in range(len(values))]


@given(st.integers(min_value=1, max_value=10**8), st.integers(min_value=1, max_value=400))
def test_path_is_monotone_and_bounded(target, days):
    deadline = START + dt.timedelta(days=days)
    points = [
        pacing.path_mt(target, START, deadline, START + dt.timedelta(days=d)) for d in range(-3, days + 4)
    ]
    assert all(a <= b for a, b in zip(points, points[1:], strict=False))
    assert points[0] == 0 and points[-1] == target


@given(weekly_values, st.integers(min_value=1, max_value=30_000_000))
def test_needed_pace_covers_the_remainder(values, target):
    weekly = [(START + dt.timedelta(weeks=i), v) for i, v in enumerate(values)]
    deadline = START + dt.timedelta(weeks=52)
    p = pace(weekly, target, START, deadline, weekly[-1][0])
    assert p.remaining_mt == max(target - sum(values), 0)
    assert abs(p.needed_weekly_mt * p.reports_left - p.remaining_mt) <= p.reports_left
