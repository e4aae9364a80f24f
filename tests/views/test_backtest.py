"""The backtest view: every as-of week of a judged target replayed, each method scored against
what happened, on the shipped real data."""

import dataclasses
import datetime as dt

import pytest

from soypace import SoypaceError
from soypace.data.calibration import shipped_calibration
from soypace.data.codes import ALL_DESTINATIONS
from soypace.data.dataset import Dataset
from soypace.data.snapshot import load_totals
from soypace.model import hindcast_run
from soypace.model.hindcast import season_track
from soypace.model.methods import BACKTEST_SIMULATIONS, DEFAULT_SEED, METHOD_NAMES, Options
from soypace.model.purchases import SHIPMENTS
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve
from soypace.views.backtest import (
    MODES,
    backtest_result,
    held_out_seasons,
    outcomes,
    replay,
    replay_calibration,
    summarise,
)

D = dt.date
TRUCE = load_targets().get("truce-2025")
FAST = Options(simulations=500)


def replayed(dataset, query):
    """The per-week rows, as backtest_result builds them: outcomes from the whole data, then the
    replay in both modes, known-on first, the calibrated methods fitted without the target's seasons."""
    results = outcomes(resolve(dataset, dataclasses.replace(query, as_of=None)))
    fold = replay_calibration(dataset, query)
    return [row for mode in MODES for row in replay(dataset, query, results, mode, fold)]


def test_projections_see_nothing_after_their_as_of_week(snapshot):
    """Changing every week after Dec 18 2025 must not move a projection made on Dec 18."""
    cut = D(2025, 12, 18)
    future_changed = Dataset(
        [
            dataclasses.replace(r, net_sales=r.net_sales * 3) if r.week_ending > cut and r.net_sales else r
            for r in snapshot.all_records()
        ],
        snapshot.coverage,
        "altered",
        "test",
        next_my_openings=snapshot.next_my_openings,
        interpolated=snapshot.interpolated,  # what the data flags about past years stays the same
    )
    before = resolve(snapshot, Query(TRUCE, 5700, as_of=cut, options=FAST)).projections()[0]
    after = resolve(future_changed, Query(TRUCE, 5700, as_of=cut, options=FAST)).projections()[0]
    assert before == after and len(before) == 21  # 7 methods x 3 open deadlines


def test_the_backtest_replays_the_truce_weeks_and_catches_decembers_over_projection(snapshot):
    rows = replayed(snapshot, Query(TRUCE, 5700, options=FAST))
    weeks = sorted({r["as_of"] for r in rows})
    assert weeks[0] == D(2025, 10, 30) and weeks[-1] == D(2026, 2, 19) and len(weeks) == 17
    run_rate = {r["as_of"]: r for r in rows if r["method"] == "run-rate" and r["deadline_name"] == "extended"}
    dec18 = run_rate[D(2025, 12, 18)]
    # (12,000,000 and the real weeks) run-rate as of Dec 18: 6,026,027 + mean(509,000; 1,010,969;
    # 1,383,046; 617,012) x 10 reports = 14,826,094, against 10,816,852 bought by Feb 26
    assert dec18["projected_mt"] == 14_826_094 and dec18["actual_mt"] == 10_816_852
    assert dec18["error_mt"] == 4_009_242 and not dec18["call_right"]


def test_the_per_week_result_is_the_replay(snapshot):
    query = Query(TRUCE, 5700, options=FAST)
    result = backtest_result(snapshot, query, per_week=True)
    assert result.rows == replayed(snapshot, query)
    assert (result.meta["replayed_from"], result.meta["replayed_to"]) == (D(2025, 10, 30), D(2026, 2, 19))
    assert result.meta["seed"] == FAST.seed and result.meta["methods"] == list(FAST.methods)


def test_summary_scores_each_method(snapshot):
    query = Query(TRUCE, 5700, options=FAST)
    summary = summarise(replayed(snapshot, query))
    assert backtest_result(snapshot, query, per_week=False).rows == summary
    ext = {s["method"]: s for s in summary if s["deadline_name"] == "extended" and s["mode"] == "hindsight"}
    assert set(ext) == set(METHOD_NAMES)
    # seasonal waits for 4 counted weeks (from the week ending Nov 20), the others run from Oct 30
    weeks = {m: s["weeks"] for m, s in ext.items()}
    assert weeks == dict.fromkeys(METHOD_NAMES, 17) | {"seasonal": 14}
    # known on each release day: the weeks ending 2026-01-01 to 2026-02-19 (8), after the backlog
    known = {
        s["method"]: s["weeks"]
        for s in summary
        if s["deadline_name"] == "extended" and s["mode"] == "known-on"
    }
    assert known == dict.fromkeys(METHOD_NAMES, 8)
    assert not [s for s in summary if s["deadline_name"] == "original" and s["mode"] == "known-on"]
    assert ext["run-rate"]["range_coverage"] is None and 0 <= ext["bootstrap"]["range_coverage"] <= 1
    assert all(0 <= s["call_accuracy"] <= 1 and s["mae_mt"] >= abs(s["bias_mt"]) for s in summary)


def test_a_target_not_yet_judged_cannot_be_backtested(snapshot):
    query = Query(load_targets().get("calendar-2026"), 5700, options=FAST)
    with pytest.raises(SoypaceError, match="not judged yet"):
        outcomes(resolve(snapshot, query))
    with pytest.raises(SoypaceError, match="not judged yet"):
        backtest_result(snapshot, query, per_week=False)


def test_the_calibrated_methods_replay_a_target_fitted_without_its_seasons(snapshot):
    """No method is tuned on the target it is scored on: the shipped fit saw 2025/26, the replay's did not."""
    query = Query(TRUCE, 5700, options=FAST)
    fold = replay_calibration(snapshot, query)
    # 2016/17 has no earlier season to draw on, so the fit starts with 2017/18's cases
    assert fold.seasons == tuple(range(2018, 2026))
    notes = backtest_result(snapshot, query, per_week=False).notes
    assert any(n.startswith(f"season-paths, analog and auto: fitted on {fold.cases} cases") for n in notes)
    only_pace = Query(TRUCE, 5700, options=Options(methods=("run-rate",)))
    assert replay_calibration(snapshot, only_pace) is None


DEFAULTS = Options(simulations=BACKTEST_SIMULATIONS)  # what `soypace backtest` runs with


def test_the_shipped_fold_is_what_leave_one_season_out_computes(snapshot):
    """data/calibration.toml's fit without 2025/26 is, number for number, what calibration_without
    computes for truce-2025 at backtest's defaults, and is what the replay uses (per scope)."""
    seasons = held_out_seasons(TRUCE)
    assert seasons == frozenset({2026})
    china = season_track("china", "china", snapshot, TRUCE.commodity, 5700, "commitments")
    totals = season_track(
        "all-destinations", "all-destinations", load_totals(), TRUCE.commodity, 0, "commitments"
    )
    for track, country in ((china, 5700), (totals, ALL_DESTINATIONS)):
        computed = hindcast_run.calibration_without(track, seasons, BACKTEST_SIMULATIONS, DEFAULT_SEED)
        shipped = shipped_calibration().without(track.scope, seasons, BACKTEST_SIMULATIONS, DEFAULT_SEED)
        assert shipped == computed  # every field: alpha, bandwidth, both errors, weights, cases, seasons
        assert replay_calibration(snapshot, Query(TRUCE, country, options=DEFAULTS)) == computed


@pytest.fixture
def refits(monkeypatch):
    """The calls replay_calibration makes to calibration_without, which here returns a marker."""
    calls = []

    def fake(track, seasons, simulations, seed):
        calls.append((track.scope, seasons, simulations, seed))
        return "computed"

    monkeypatch.setattr(hindcast_run, "calibration_without", fake)
    return calls


def test_the_shipped_data_at_backtests_defaults_reads_the_shipped_fold(snapshot, refits):
    for country in (5700, ALL_DESTINATIONS):
        fold = replay_calibration(snapshot, Query(TRUCE, country, options=DEFAULTS))
        assert fold is not None and fold != "computed" and fold.seasons == tuple(range(2018, 2026))
    assert refits == []


@pytest.mark.parametrize(
    "kind, basis, options",
    [
        ("store", "commitments", DEFAULTS),  # the user's store: not the data the file was fitted on
        ("snapshot", "commitments", Options(simulations=500)),
        ("snapshot", "commitments", dataclasses.replace(DEFAULTS, seed=DEFAULT_SEED + 1)),
        ("snapshot", SHIPMENTS, DEFAULTS),  # the file's fits are on the commitments basis
    ],
)
def test_other_data_or_options_compute_the_fold(snapshot, refits, kind, basis, options):
    dataset = dataclasses.replace(snapshot, kind=kind)
    query = Query(TRUCE, 5700, basis=basis, options=options)
    assert replay_calibration(dataset, query) == "computed"
    assert refits == [("china", frozenset({2026}), options.simulations, options.seed)]
