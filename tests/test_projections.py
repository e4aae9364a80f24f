"""Each method on tiny hand-made series, then invariants with hypothesis."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soypace.model import projections as pj
from soypace.model.projections import ProjectionInput

D = dt.date
START = D(2026, 1, 1)
DEADLINES = (("d4", D(2026, 2, 19)), ("d8", D(2026, 3, 19)))  # 4 and 8 reports after Jan 22


def inp(values, history=None, years=(), target=1000, deadlines=DEADLINES):
    weeks = tuple(START + pj.WEEK * i for i in range(len(values)))
    return ProjectionInput(
        weeks, np.array(values, dtype=float), weeks[-1], target, START, deadlines, history or {}, tuple(years)
    )


def by_deadline(found):
    return {p.deadline_name: p for p in found}


def test_a_constant_series_projects_exactly_with_every_pace_method():
    i = inp([50, 50, 50, 50])  # as of Jan 22: cumulative 200
    for method in (pj.run_rate, pj.since_start, pj.bootstrap):
        got = by_deadline(method(i))
        assert got["d4"].projected_mt == pytest.approx(200 + 50 * 4)
        assert got["d8"].projected_mt == pytest.approx(200 + 50 * 8)
    boot = by_deadline(pj.bootstrap(i))["d8"]
    assert boot.p10_mt == boot.p90_mt == pytest.approx(600) and boot.prob_reach == 0.0


def test_a_zero_series_projects_the_cumulative():
    i = inp([0, 0, 0])
    for method in (pj.run_rate, pj.since_start, pj.bootstrap):
        assert all(p.projected_mt == 0 for p in method(i))
        assert all(p.eta_week is None for p in method(i))


def test_run_rate_uses_the_last_n_weeks_and_since_start_all_of_them():
    i = inp([100, 0, 20, 40])  # cumulative 160
    assert by_deadline(pj.run_rate(i, window=2))["d4"].projected_mt == 160 + 30 * 4
    assert by_deadline(pj.since_start(i))["d4"].projected_mt == 160 + 40 * 4
    # eta at 40 a week: 840 left -> 21 weeks after Jan 22
    assert by_deadline(pj.since_start(i))["d4"].eta_week == D(2026, 1, 22) + pj.WEEK * 21


def test_gaps_are_left_out_of_the_paces():
    i = inp([10, float("nan"), 30])  # as of Jan 15: five reports left to Feb 19
    assert by_deadline(pj.since_start(i))["d4"].projected_mt == 40 + 20 * 5


def _history(year_back_values: dict[int, list[float]], weeks_total: int):
    """History of past years: the same weeks (aligned by week of MY) ``n`` years back."""
    hist = {}
    for back, values in year_back_values.items():
        for k, value in enumerate(values[:weeks_total]):
            hist[pj.counterpart(START + pj.WEEK * k, back)] = value
    return hist


def test_seasonal_applies_each_past_years_shape_by_hand():
    # this year: 4 weeks of 50 -> cumulative 200 as of Jan 22; deadline 2 weeks later (Feb 5)
    deadlines = (("d", D(2026, 2, 5)),)
    hist = _history({1: [5, 5, 5, 5, 5, 5], 2: [10, 10, 10, 10, 40, 0]}, 6)
    i = inp([50, 50, 50, 50], hist, years=(2025, 2024), deadlines=deadlines)
    [p] = pj.seasonal(i)
    # 2024/25: remaining 10 / elapsed 20 -> 200 * 1.5 = 300; 2023/24: 40 / 40 -> 400
    assert p.p10_mt == pytest.approx(300 + 0.1 * 100) and p.p90_mt == pytest.approx(300 + 0.9 * 100)
    assert p.projected_mt == p.p50_mt == pytest.approx(350)
    assert "2023/24" in p.note and "2024/25" in p.note


def test_seasonal_with_no_history_is_left_out_not_faked():
    assert pj.seasonal(inp([100, 100, 100, 100])) == []
    found, notes = pj.project_all(inp([100, 100, 100, 100]))
    assert {p.method for p in found} == {"run-rate", "since-start", "bootstrap"}
    assert any("seasonal" in n and "no comparable past years" in n for n in notes)


def test_seasonal_needs_a_few_weeks_of_this_year():
    hist = _history({1: [5] * 30}, 30)
    assert pj.seasonal(inp([100, 100, 100], hist, years=(2025,))) == []
    assert pj.seasonal(inp([100, 100, 100, 100], hist, years=(2025,))) != []


def test_seasonal_never_uses_history_it_lacks():
    deadlines = (("d", D(2026, 2, 5)),)
    hist = _history({1: [10, 10, 5, 5, 5]}, 5)  # the last week of the past year's season is missing
    assert pj.seasonal(inp([100, 100, 100, 100], hist, years=(2025,), deadlines=deadlines)) == []


def test_block_resampling_by_hand():
    pool = pj.block_pool(np.array([1.0, 2.0, np.nan, 3.0]), 2)
    assert pool.tolist() == [[1, 2], [2, 3]]  # gaps removed, consecutive known weeks
    sims = pj.resample_totals(pool, 3, 5, np.random.default_rng(0))
    assert sims.shape == (5, 3)
    assert set(np.unique(sims)) <= {1.0, 2.0, 3.0}


def test_a_fixed_seed_gives_identical_output():
    i = inp([10, 80, 5, 200, 0, 60])
    assert pj.bootstrap(i, seed=7) == pj.bootstrap(i, seed=7)
    assert pj.bootstrap(i, seed=7) != pj.bootstrap(i, seed=8)


series = st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=20)


@settings(max_examples=40, deadline=None)
@given(series, st.integers(min_value=1, max_value=30_000_000), st.integers(min_value=0, max_value=2**31))
def test_bootstrap_ranges_are_ordered_and_never_below_the_count(values, target, seed):
    i = inp(values, target=target)
    for p in pj.bootstrap(i, simulations=500, seed=seed):
        assert p.p10_mt <= p.p50_mt <= p.p90_mt
        assert 0.0 <= p.prob_reach <= 1.0
        assert p.p10_mt >= sum(values) - 1e-6  # non-negative weeks can only add
    for method in (pj.run_rate, pj.since_start):
        assert all(p.projected_mt >= sum(values) for p in method(i))


@settings(max_examples=25, deadline=None)
@given(series, st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=30, max_size=30))
def test_seasonal_ranges_are_ordered(values, past):
    hist = _history({1: past, 2: past[::-1]}, 30)
    i = inp(values, hist, years=(2025, 2024))
    for p in pj.seasonal(i):
        assert p.p10_mt <= p.p50_mt <= p.p90_mt and 0 <= p.prob_reach <= 1
        assert p.p10_mt >= sum(values) - 1e-6
