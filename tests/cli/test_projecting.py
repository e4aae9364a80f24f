"""The project and backtest commands, driven with Typer's CliRunner on the shipped data."""

import csv
import io

from typer.testing import CliRunner

from soypace.cli import app

runner = CliRunner()


def test_backtest_and_project_run_offline_from_the_cli():
    res = runner.invoke(app, ["backtest", "--target", "truce-2025", "--simulations", "500"])
    assert res.exit_code == 0, res.output
    assert "run-rate" in res.stdout and "seasonal" in res.stdout and "2025-10-30 to 2026-02-19" in res.stdout
    res = runner.invoke(
        app, ["backtest", "--target", "truce-2025", "--simulations", "500", "--format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    hindsight = [r for r in rows if r["mode"] == "hindsight"]
    known = [r for r in rows if r["mode"] == "known-on"]
    assert hindsight[0]["as_of"] == "2025-10-30" and hindsight[0]["known_on"] == ""
    # the shutdown backlog: nothing can be replayed as known before USDA caught up (2026-01-06); the
    # first known-on replay is the regular release of the week ending 2026-01-01, on 2026-01-08
    assert (known[0]["as_of"], known[0]["known_on"]) == ("2026-01-01", "2026-01-08")
    assert {r["as_of"] for r in known} < {r["as_of"] for r in hindsight}
    res = runner.invoke(app, ["project", "--as-of", "2025-12-18", "--format", "json"])
    assert res.exit_code == 0 and '"method": "bootstrap"' in res.stdout


def test_unknown_method_is_a_usage_error():
    res = runner.invoke(app, ["project", "--method", "crystal-ball"])
    assert res.exit_code == 2 and "unknown method 'crystal-ball'" in res.stderr
