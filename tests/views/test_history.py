"""`backtest --history` on the shipped data: every method on every past season, the figures the
issue asks for, and the calibration status reads being this run's fit."""

import dataclasses

import pytest

from soypace.data.calibration import shipped_calibration
from soypace.data.codes import CHINA
from soypace.data.snapshot import load_snapshot
from soypace.model.methods import METHOD_NAMES
from soypace.model.scoring import ALL, SUMMARY_COLUMNS
from soypace.views.history import calibration_chart, calibration_from, history_backtest, history_result

STABLE = ["method", "scope", "horizon", "weeks_ahead", "n", "mae_p50_mt", "coverage_p10_p90",
          "coverage_p25_p75", "pinball_mt"]  # fmt: skip


@pytest.fixture(scope="module")
def history():
    return history_backtest(load_snapshot((CHINA,)))


def test_the_columns_the_issue_names_come_first():
    assert SUMMARY_COLUMNS[: len(STABLE)] == STABLE


def test_every_method_covers_at_least_300_china_cases(history):
    for method in METHOD_NAMES:
        assert history.row(method, "china")["n"] >= 300, method
        assert history.row(method, "all-destinations")["n"] >= 300, method


def test_the_method_status_uses_is_calibrated_and_beats_the_run_rate_by_30_percent(history):
    chosen = history.status
    assert chosen is not None and chosen.method == shipped_calibration().status_method
    row = history.row(chosen.method, "china")
    assert 0.7 <= row["coverage_p10_p90"] <= 0.9
    assert row["mae_p50_mt"] <= 0.7 * row["run_rate_mae_mt"] and row["mae_vs_run_rate"] <= 0.7


def test_the_shipped_calibration_is_this_runs_fit(history):
    """data/calibration.toml must be refitted (make calibration) whenever the data or the methods change."""
    shipped = shipped_calibration()
    assert calibration_from(history) == dataclasses.replace(shipped, held_out=())
    for scope in ("china", "all-destinations"):  # the fits backtest replays truce-2025 with: this run's too
        fold = history.run.folds[(scope, frozenset({2026}))]
        assert shipped.without(scope, frozenset({2026}), history.simulations, history.seed) == fold
    assert "data/calibration.toml is this run's fit on every season." in history_result(history, True).notes


def test_disrupted_seasons_and_targets_are_scored_apart(history):
    disrupted = {o.case.horizon.season for o in history.run.outcomes if o.case.disrupted}
    assert disrupted == {2019, 2020, 2026}
    extended = history.row("run-rate", "truce-2025", "extended")
    assert extended["n"] == 13 and extended["mae_vs_run_rate"] == 1.0
    assert history.row("analog", "china-disrupted")["n"] == 183


def test_the_overview_is_each_method_and_scope_overall(history):
    overview = history_result(history, overview=True)
    assert {(r["horizon"], r["weeks_ahead"]) for r in overview.rows} == {(ALL, None)}
    assert overview.notes[0].startswith(f"status uses {history.status.method}, by the rule: the lowest")
    full = history_result(history, overview=False)
    assert {r["weeks_ahead"] for r in full.rows} == {None, *range(4, 27)}
    assert {r["horizon"] for r in full.rows if r["scope"] == "china"} == {
        ALL,
        "end-dec",
        "end-feb",
        "end-aug",
        "calendar-year",
    }


def test_the_per_case_table_is_what_the_summary_counts(history):
    cases = history_result(history, overview=False, per_case=True).rows
    china_analog = [r for r in cases if r["scope"] == "china" and r["method"] == "analog"]
    assert len(china_analog) == history.row("analog", "china")["n"]
    inside = sum(r["in_p10_p90"] for r in china_analog) / len(china_analog)
    assert round(inside, 3) == history.row("analog", "china")["coverage_p10_p90"]
    assert all(r["p10_mt"] <= r["p50_mt"] <= r["p90_mt"] for r in china_analog)


def test_the_chart_shows_every_method_with_a_range(history):
    chart = calibration_chart(history)
    assert [m.method for m in chart.methods] == ["seasonal", "bootstrap", "season-paths", "analog", "auto"]
    assert all(sum(m.pit) == pytest.approx(1, abs=0.01) for m in chart.methods)
    assert {w for m in chart.methods for w, _ in m.outer} == set(range(4, 27))
    assert chart.chosen == history.status.method
