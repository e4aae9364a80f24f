"""Status shows the range and reach share of the method the history backtest ranks best, names it,
and says how its ranges did on past seasons; where it cannot run, the bootstrap's, saying so."""

import datetime as dt

from soypace.data.calibration import shipped_calibration
from soypace.data.snapshot import load_snapshot
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve
from soypace.views.chart import chart_data
from soypace.views.status import STATUS_COLUMNS, status_result

D = dt.date
TRUCE = load_targets().get("truce-2025")


def test_status_reads_the_ranked_methods_range_and_says_how_it_did(snapshot):
    window = resolve(snapshot, Query(TRUCE, 5700, as_of=D(2026, 1, 8)))
    method = shipped_calibration().status_method
    score = shipped_calibration().score("china", method)
    assert window.range_method == method and STATUS_COLUMNS[-1] == "range_method"
    result = status_result(window)
    [extended] = [r for r in result.rows if r["deadline_name"] == "extended"]
    [p] = [p for p in window.projections((method,))[0] if p.deadline_name == "extended"]
    assert (extended["p50_mt"], extended["prob_reach"], extended["range_method"]) == (
        round(p.p50_mt),
        round(p.prob_reach, 3),
        method,
    )
    line = next(n for n in result.notes if n.startswith("P10, P50, P90 and the reach share"))
    held = (
        f"ranges of this method held the outcome in {score.coverage_p10_p90:.0%} of {score.cases} past cases"
    )
    assert held in line and "a replay of the past" in line  # as of Jan 8 2026, fitted on 2025/26 too
    assert chart_data(window).range_method == method


def test_the_latest_status_is_no_replay(snapshot):
    window = resolve(snapshot, Query(load_targets().get("calendar-2026"), 5700))
    line = next(n for n in status_result(window).notes if n.startswith("P10, P50, P90"))
    assert "replay" not in line


def test_a_destination_without_past_seasons_falls_back_to_the_bootstrap():
    mexico = load_snapshot((2010,))  # in the data for 2025/26 only
    window = resolve(mexico, Query(TRUCE, 2010, as_of=D(2026, 1, 8)))
    assert window.range_method == "bootstrap"
    rows = status_result(window).rows
    assert {r["range_method"] for r in rows if r["p50_mt"] is not None} == {"bootstrap"}
    line = next(n for n in status_result(window).notes if n.startswith("P10, P50, P90"))
    assert "could not run here" in line and "calibrated on all destinations' totals" not in line
