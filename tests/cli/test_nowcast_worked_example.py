"""The nowcast's worked example on the command line, with the shipped (real) flash-sale list."""

import json

from typer.testing import CliRunner

from soypace.cli import app
from soypace.views.status import STATUS_COLUMNS

runner = CliRunner()


def status_rows(*args):
    res = runner.invoke(app, ["status", "--nowcast", "--format", "json", *args])
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_january_7_adds_the_336000_mt_announced_january_6():
    assert runner.invoke(app, ["flash", "import", "--example"]).exit_code == 0
    doc = status_rows("--as-of", "2026-01-07")
    extended = next(r for r in doc["rows"] if r["deadline_name"] == "extended")
    assert extended["as_of"] == "2026-01-01"
    assert extended["flash_since_last_week_mt"] == 336_000
    assert extended["nowcast_mt"] == extended["cumulative_mt"] + 336_000
    assert (extended["flash_sold_from"], extended["flash_sold_to"]) == ("2026-01-02", "2026-01-05")
    assert extended["flash_maybe_reported_mt"] == 0


def test_december_5_no_longer_adds_the_462000_mt_the_week_ending_december_4_holds():
    assert runner.invoke(app, ["flash", "import", "--example"]).exit_code == 0
    doc = status_rows("--as-of", "2025-12-05")
    for row in doc["rows"]:
        assert row["as_of"] == "2025-12-04"
        assert row["flash_since_last_week_mt"] == 0 and row["nowcast_mt"] == row["cumulative_mt"]
    assert not any("462,000" in note for note in doc["meta"]["notes"])


def test_december_10_lists_the_sale_that_straddles_the_week_and_adds_nothing():
    assert runner.invoke(app, ["flash", "import", "--example"]).exit_code == 0
    doc = status_rows("--as-of", "2025-12-10")
    extended = next(r for r in doc["rows"] if r["deadline_name"] == "extended")
    assert extended["flash_since_last_week_mt"] == 0 and extended["flash_maybe_reported_mt"] == 132_000
    assert any("may already be in the weekly data" in n and "132,000" in n for n in doc["meta"]["notes"])


def test_the_new_columns_come_after_the_old_ones():
    old = STATUS_COLUMNS.index("prob_reach")
    for name in ("flash_sold_from", "flash_sold_to", "flash_maybe_reported_mt", "since_window_mt"):
        assert STATUS_COLUMNS.index(name) > old


def test_flash_add_refuses_a_small_figure_unless_forced():
    small = ["flash", "add", "--date", "2026-01-16", "--mt", "80000"]
    res = runner.invoke(app, small)
    assert res.exit_code == 2 and "under the 100,000 MT" in res.stderr
    assert runner.invoke(app, [*small, "--force", "single"]).exit_code == 2
    assert runner.invoke(app, [*small, "--force", "weekly-total"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["flash", "list", "--format", "json"]).stdout)
    assert [r["kind"] for r in listed["rows"]] == ["weekly-total"]
