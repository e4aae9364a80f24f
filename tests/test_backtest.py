import csv
import dataclasses
import datetime as dt
import io

import pytest
from typer.testing import CliRunner

from soypace import SoypaceError
from soypace.views.backtest import replay, summarise
from soypace.cli import app
from soypace.data.dataset import Dataset
from soypace.views.project import Options, project_result, run_methods
from soypace.views.status import Query, resolve
from soypace.model.targets import load_targets

D = dt.date
TRUCE = load_targets().get("truce-2025")
FAST = Options(simulations=500)


def test_projections_see_nothing_after_their_as_of_week(snapshot):
    """Changing every week after Dec 18 2025 must not move a projection made on Dec 18."""
    cut = D(2025, 12, 18)
    future_changed = Dataset(
        [dataclasses.replace(r, net_sales=r.net_sales * 3) if r.week_ending > cut and r.net_sales else r for r in snapshot.records],
        snapshot.coverage, "altered", "test")
    before = run_methods(snapshot, resolve(snapshot, Query(TRUCE, 5700, as_of=cut)), FAST)[1]
    after = run_methods(future_changed, resolve(future_changed, Query(TRUCE, 5700, as_of=cut)), FAST)[1]
    assert before == after and len(before) == 8  # 4 methods x 2 open deadlines


def test_the_backtest_replays_the_truce_weeks_and_catches_decembers_over_projection(snapshot):
    rows = replay(snapshot, Query(TRUCE, 5700), FAST)
    weeks = sorted({r["as_of"] for r in rows})
    assert weeks[0] == D(2025, 10, 30) and weeks[-1] == D(2026, 2, 19) and len(weeks) == 17
    run_rate = {r["as_of"]: r for r in rows if r["method"] == "run-rate" and r["deadline_name"] == "extended"}
    dec18 = run_rate[D(2025, 12, 18)]
    # (12,000,000 and the real weeks) run-rate as of Dec 18: 6,026,027 + mean(509,000; 1,010,969;
    # 1,383,046; 617,012) x 10 reports = 14,826,094, against 10,816,852 bought by Feb 26
    assert dec18["projected_mt"] == 14_826_094 and dec18["actual_mt"] == 10_816_852
    assert dec18["error_mt"] == 4_009_242 and not dec18["call_right"]


def test_summary_scores_each_method(snapshot):
    summary = summarise(replay(snapshot, Query(TRUCE, 5700), FAST))
    ext = {s["method"]: s for s in summary if s["deadline_name"] == "extended"}
    assert set(ext) == {"run-rate", "since-start", "seasonal", "bootstrap"}
    # seasonal waits for 4 counted weeks (from the week ending Nov 20), the others run from Oct 30
    assert {m: s["weeks"] for m, s in ext.items()} == {"run-rate": 17, "since-start": 17, "bootstrap": 17, "seasonal": 14}
    assert ext["run-rate"]["range_coverage"] is None and 0 <= ext["bootstrap"]["range_coverage"] <= 1
    assert all(0 <= s["call_accuracy"] <= 1 and s["mae_mt"] >= abs(s["bias_mt"]) for s in summary)


def test_a_target_not_yet_judged_cannot_be_backtested(snapshot):
    with pytest.raises(SoypaceError, match="not judged yet"):
        replay(snapshot, Query(load_targets().get("calendar-2026"), 5700), FAST)


def test_project_shows_outcomes_for_judged_deadlines(snapshot):
    rows = project_result(snapshot, Query(TRUCE, 5700, as_of=D(2026, 1, 8)), FAST).rows
    original = [r for r in rows if r["deadline_name"] == "original"]
    assert [r["method"] for r in original] == ["outcome"] and original[0]["projected_mt"] == 6_422_446
    extended = {r["method"]: r for r in rows if r["deadline_name"] == "extended"}
    assert extended["run-rate"]["projected_mt"] == round(8_116_647 + 7 * (470_073 + 1_224_128 + 396_419 + 617_012) / 4)


runner = CliRunner()


def test_backtest_and_project_run_offline_from_the_cli():
    res = runner.invoke(app, ["backtest", "--target", "truce-2025", "--simulations", "500"])
    assert res.exit_code == 0, res.output
    assert "run-rate" in res.stdout and "seasonal" in res.stdout and "2025-10-30 to 2026-02-19" in res.stdout
    res = runner.invoke(app, ["backtest", "--target", "truce-2025", "--simulations", "500", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows[0]["as_of"] == "2025-10-30" and "error_mt" in rows[0]
    res = runner.invoke(app, ["project", "--as-of", "2025-12-18", "--format", "json"])
    assert res.exit_code == 0 and '"method": "bootstrap"' in res.stdout


def test_unknown_method_is_a_usage_error():
    res = runner.invoke(app, ["project", "--method", "crystal-ball"])
    assert res.exit_code == 2 and "unknown method 'crystal-ball'" in res.stderr


def test_project_with_unknown_adds_the_pool_in_its_own_column(snapshot):
    query = Query(TRUCE, 5700, as_of=D(2026, 1, 8), unknown_share=1.0)
    rows = {r["method"]: r for r in project_result(snapshot, query, FAST).rows if r["deadline_name"] == "extended"}
    assert rows["run-rate"]["projected_mt"] == 12_855_003
    assert rows["run-rate"]["with_unknown_mt"] == 12_855_003 + 3_011_100
