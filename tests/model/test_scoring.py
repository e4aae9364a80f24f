"""Scores by hand: absolute error, coverage, pinball loss, PIT, the summary and the ranking."""

import datetime as dt

import numpy as np
import pytest

from soypace.model.calibrate import pinball
from soypace.model.hindcast import Case, Horizon
from soypace.model.hindcast_run import Outcome
from soypace.model.scoring import ALL, best, ranking, score, summarise

D = dt.date
H = Horizon("end-feb", D(2025, 9, 1), D(2026, 2, 28), 2026, frozenset({2026}))
# quantiles at 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9
RANGE = (10.0, 20.0, 25.0, 30.0, 40.0, 50.0, 60.0, 70.0, 75.0, 80.0, 90.0)


def case(as_of=None, mode="known-on"):
    return Case("china", H, as_of or D(2026, 1, 1), mode, None)


def outcome(method, actual, p50=50.0, quantiles=RANGE, c=None):
    return Outcome(c or case(), method, 0.0, actual, p50, quantiles)


def test_pinball_loss_by_hand():
    # deciles 10..90 against 55: levels below it pay tau x (55 - q), those above (1 - tau) x (q - 55)
    deciles = np.array([[10, 20, 30, 40, 50, 60, 70, 80, 90]], dtype=float)
    by_hand = [0.1 * 45, 0.2 * 35, 0.3 * 25, 0.4 * 15, 0.5 * 5, 0.4 * 5, 0.3 * 15, 0.2 * 25, 0.1 * 35]
    assert pinball(deciles, np.array([55.0]))[0] == pytest.approx(sum(by_hand) / 9)


def test_a_score_says_where_the_outcome_fell():
    s = score(outcome("analog", 72.0))
    assert (s.error, s.in_p10_p90, s.in_p25_p75, s.pit) == (50 - 72, True, True, 7)
    s = score(outcome("analog", 95.0))
    assert (s.in_p10_p90, s.in_p25_p75, s.pit) == (False, False, 9)
    # a method without a range is a point: no coverage, every decile below or above the outcome, and a
    # pinball loss of half its absolute error
    s = score(outcome("run-rate", 70.0, p50=50.0, quantiles=None))
    assert (s.in_p10_p90, s.pit, s.pinball) == (None, 9, pytest.approx(10.0))
    assert score(outcome("run-rate", 30.0, p50=50.0, quantiles=None)).pit == 0


def test_the_summary_against_the_run_rate_on_the_same_cases():
    a, b = case(D(2026, 1, 1)), case(D(2026, 1, 8), mode="hindsight")
    outcomes = [
        outcome("analog", 72.0, c=a),  # error 22, inside both ranges
        outcome("analog", 95.0, c=b),  # error 45, outside both
        outcome("run-rate", 72.0, p50=100.0, quantiles=None, c=a),  # error 28
        outcome("run-rate", 95.0, p50=35.0, quantiles=None, c=b),  # error 60
    ]
    rows = summarise(outcomes, lambda o: [o.case.track], ["china"])
    overall = next(
        r for r in rows if r["method"] == "analog" and r["horizon"] == ALL and r["weeks_ahead"] is None
    )
    assert (overall["n"], overall["mae_p50_mt"], overall["coverage_p10_p90"]) == (2, round(33.5), 0.5)
    assert (overall["run_rate_mae_mt"], overall["mae_vs_run_rate"]) == (44, round(33.5 / 44, 3))
    assert (overall["bias_p50_mt"], overall["n_known_on"]) == (round(-33.5), 1)
    assert overall["pit_70_80"] == overall["pit_90_100"] == 0.5
    # by weeks ahead: Jan 1 is 8 weeks before Feb 26, Jan 8 seven
    assert {r["weeks_ahead"] for r in rows if r["method"] == "analog"} == {None, 7, 8}
    assert [r["method"] for r in rows if r["weeks_ahead"] is None and r["horizon"] == ALL] == [
        "run-rate",
        "analog",
    ]


def test_the_ranking_takes_the_best_pinball_loss_among_calibrated_ranges():
    cases = [case(D(2025, 10, 2) + dt.timedelta(weeks=k)) for k in range(10)]
    # narrow: a tight range that holds 5 of 10 outcomes; wide: holds 8 of 10 but pays for its width
    narrow = [outcome("season-paths", 50.0 if k < 5 else 200.0, c=c) for k, c in enumerate(cases)]
    wide_q = tuple(5 * q - 200 for q in RANGE)
    wide = [outcome("analog", 50.0 if k < 8 else 400.0, quantiles=wide_q, c=c) for k, c in enumerate(cases)]
    ranked = ranking(narrow + wide, "china")
    by_name = {r.method: r for r in ranked}
    assert by_name["season-paths"].coverage_p10_p90 == 0.5 and by_name["analog"].coverage_p10_p90 == 0.8
    assert not by_name["season-paths"].calibrated and by_name["analog"].calibrated
    assert best(ranked).method == "analog"
