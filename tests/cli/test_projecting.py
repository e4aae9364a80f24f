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
    assert rows[0]["as_of"] == "2025-10-30" and "error_mt" in rows[0]
    res = runner.invoke(app, ["project", "--as-of", "2025-12-18", "--format", "json"])
    assert res.exit_code == 0 and '"method": "bootstrap"' in res.stdout


def test_unknown_method_is_a_usage_error():
    res = runner.invoke(app, ["project", "--method", "crystal-ball"])
    assert res.exit_code == 2 and "unknown method 'crystal-ball'" in res.stderr
