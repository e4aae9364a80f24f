"""--known-on and --as-of from the command line: figures, labels and errors."""

import csv
import io

from typer.testing import CliRunner

from soypace.cli import app

runner = CliRunner()


def status_csv(*args):
    res = runner.invoke(app, ["status", "--format", "csv", *args])
    assert res.exit_code == 0, res.output
    return res, list(csv.DictReader(io.StringIO(res.stdout)))


def test_known_on_the_day_a_week_came_out_and_the_day_before():
    res, rows = status_csv("--known-on", "2026-01-15")
    assert rows[1]["cumulative_mt"] == "8116647" and rows[1]["as_of"] == "2026-01-08"
    assert "Mode: known-on 2026-01-15" in res.stderr
    _, rows = status_csv("--known-on", "2026-01-14")
    assert rows[1]["cumulative_mt"] == "6892519" and rows[1]["as_of"] == "2026-01-01"


def test_as_of_is_labelled_hindsight():
    res = runner.invoke(app, ["status", "--as-of", "2026-01-08"])
    assert res.exit_code == 0
    assert "as of the week ending 2026-01-08 (hindsight)" in res.stdout
    assert "Mode: hindsight" in res.stdout


def test_known_on_inside_the_backlog_is_one_line_and_exit_1():
    res = runner.invoke(app, ["status", "--known-on", "2025-12-18"])
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.count("\n") == 1 and "is not known" in res.stderr


def test_as_of_and_known_on_together_is_a_usage_error():
    res = runner.invoke(app, ["status", "--as-of", "2026-01-08", "--known-on", "2026-01-15"])
    assert res.exit_code == 2 and "not both" in res.stderr
