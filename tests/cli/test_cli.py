"""The command line, driven with Typer's CliRunner on the shipped data."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from soypace.cli import app
from soypace.views.status import STATUS_COLUMNS

runner = CliRunner()


def run(*args, **kwargs):
    return runner.invoke(app, list(args), **kwargs)


def test_status_default_is_a_scoreboard_with_the_live_target_first():
    res = run("status")
    assert res.exit_code == 0, res.output
    live, settled = res.stdout.index("calendar-2026:"), res.stdout.index("truce-2025:")
    assert live < settled  # the live question first
    assert "at risk" in res.stdout and "17.08/25.00" in res.stdout  # verdict, bought vs target in MMT
    assert "short 1.18" in res.stdout and "missed" in res.stdout  # truce-2025's extended deadline
    assert "Target: calendar-2026, crop-2025-26, truce-2025 (every started target)" in res.stdout


def test_status_of_one_target_prints_its_deadlines_and_the_eta():
    res = run("status", "-t", "truce-2025")
    assert res.exit_code == 0, res.output
    assert "original" in res.stdout and "extended" in res.stdout
    assert "missed by 1,183,148 MT" in res.stdout
    # 2026-06-25 before next-MY sales were counted: 200,000 MT of 2026/27 booked that week crossed it
    assert "reached in the week ending 2026-06-18" in res.stdout
    assert "Source: shipped snapshot" in res.stdout and "latest week 2026-10-01" in res.stdout
    assert "\x1b[" not in res.stdout


def test_status_csv_columns_are_stable_and_provenance_goes_to_stderr():
    res = run("status", "-t", "truce-2025", "--format", "csv", "--as-of", "2026-01-08")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0]) == STATUS_COLUMNS
    ext = rows[2]  # original, january, extended
    assert ext["needed_weekly_mt"] == "554765" and ext["reports_left"] == "7" and ext["as_of"] == "2026-01-08"
    assert rows[0]["path_mt"] == ""  # a past deadline has no path
    assert "Source:" in res.stderr and "Source:" not in res.stdout


def test_status_json_has_meta_naming_its_data():
    doc = json.loads(run("status", "-t", "truce-2025", "--format", "json").stdout)
    meta = doc["meta"]
    assert meta["target"] == "truce-2025" and meta["basis"] == "commitments" and meta["country"] == 5700
    assert meta["latest_week"] == "2026-10-01" and "USDA" in meta["source"]
    assert [r["judged_week"] for r in doc["rows"]] == ["2025-12-25", "2026-01-29", "2026-02-26"]


def test_status_markdown():
    res = run("status", "--format", "markdown")
    assert res.exit_code == 0 and "| deadline |" in res.stdout


def test_environment_variables_set_defaults(monkeypatch):
    monkeypatch.setenv("SOYPACE_FORMAT", "json")
    monkeypatch.setenv("SOYPACE_BASIS", "shipments")
    doc = json.loads(run("status").stdout)
    assert doc["meta"]["basis"] == "shipments"


def test_country_by_name_or_code():
    a = json.loads(run("status", "--country", "China", "-f", "json").stdout)["rows"]
    b = json.loads(run("status", "--country", "5700", "-f", "json").stdout)["rows"]
    assert a == b


def test_custom_target_from_the_command_line():
    res = run(
        "status", "--target-mt", "5000000", "--start", "2026-01-01", "--deadline", "2026-06-30", "-f", "json"
    )
    assert res.exit_code == 0, res.output
    [row] = json.loads(res.stdout)["rows"]
    assert row["target"] == "custom" and row["target_mt"] == 5_000_000


def test_weeks_csv_is_one_row_per_week_from_the_start():
    res = run("weeks", "--format", "csv", "--as-of", "2026-02-26")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows[0]["week_ending"] == "2025-10-30" and rows[-1]["week_ending"] == "2026-02-26"
    assert len(rows) == 18
    assert rows[-1]["cumulative_mt"] == "10816852"
    assert rows[2]["net_sales_mt"] == "-100000"  # the week ending Nov 13: cancellations exceeded sales


def test_targets_lists_every_deadline():
    res = run("targets", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [(r["target"], r["deadline_name"]) for r in rows][:3] == [
        ("truce-2025", "original"),
        ("truce-2025", "january"),
        ("truce-2025", "extended"),
    ]
    assert {r["target"] for r in rows} == {
        "truce-2025",
        "crop-2025-26",
        "calendar-2026",
        "calendar-2027",
        "calendar-2028",
    }


@pytest.mark.parametrize(
    "args, words",
    [
        (["status", "--target", "nope"], "unknown target 'nope'"),
        (["status", "--as-of", "2026-13-45"], "is not a date"),
        (["status", "--as-of", "yesterday"], "is not a date"),
        (["status", "--as-of", "1850-01-01"], "out of range"),
        (["status", "--as-of", "2025-10-01"], "starts (2025-10-30)"),
        (["status", "--country", "atlantis"], "unknown country 'atlantis'"),
        (["status", "--country", "1234"], "unknown country code 1234"),
        (["weeks", "--path-to", "nope"], "has no deadline 'nope'"),
        (["status", "--target-mt", "5"], "go together"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, words):
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and lines[0].startswith("soypace: error:")
    assert "Traceback" not in res.output


def test_malformed_targets_file_is_exit_2_naming_the_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        "[targets.x]\ntonnage_mt = 'lots'\nstart = 2026-01-01\ndeadlines = [{date = 2026-02-01}]\n"
    )
    res = run("status", "--targets", str(bad))
    assert res.exit_code == 2 and "targets.x.tonnage_mt" in res.stderr


def test_help_lists_examples_and_exit_codes():
    res = run("--help")
    assert res.exit_code == 0 and "Exit codes" in res.stdout
    assert "soypace status --as-of" in run("status", "--help").stdout


# --- confirmed, unknown and flash views ----------------------------------------------------------


def test_with_unknown_worked_example():
    res = run("status", "--as-of", "2026-01-08", "--with-unknown", "--format", "json")
    doc = json.loads(res.stdout)
    ext = doc["rows"][1]
    assert (ext["cumulative_mt"], ext["unknown_outstanding_mt"], ext["with_unknown_mt"]) == (
        8_116_647,
        3_011_100,
        11_127_747,
    )
    assert doc["meta"]["view"] == "with-unknown"
    assert any("assumes every undeclared sale is China's" in n for n in doc["meta"]["notes"])


def test_unknown_share_must_be_between_0_and_1():
    res = run("status", "--unknown-share", "1.5")
    assert res.exit_code == 2 and "between 0 and 1" in res.stderr


def test_nowcast_with_the_example_ledger():
    assert run("flash", "import", "--example").exit_code == 0
    again = run("flash", "import", "--example")
    assert "0 flash sale(s)" in again.stderr and "13 already" in again.stderr
    res = run("status", "--as-of", "2026-01-07", "--nowcast", "--format", "json")
    ext = json.loads(res.stdout)["rows"][1]
    assert ext["as_of"] == "2026-01-01"
    assert ext["flash_since_last_week_mt"] == 336_000
    assert (ext["flash_first_date"], ext["flash_last_date"]) == ("2026-01-06", "2026-01-06")
    assert ext["nowcast_mt"] == ext["cumulative_mt"] + 336_000 == 6_892_519 + 336_000


def test_flash_add_validates_and_is_idempotent():
    assert run("flash", "add", "--date", "2026-01-06", "--mt", "336000").exit_code == 0
    assert "already in the ledger" in run("flash", "add", "--date", "2026-01-06", "--mt", "336000").stderr
    for args, words in [
        (["--date", "2026-13-01", "--mt", "5"], "not a date"),
        (["--date", "2026-01-06", "--mt", "-5"], "positive"),
        (["--date", "2026-01-06", "--mt", "5", "--destination", "mars"], "not china or unknown"),
        (
            ["--date", "2026-01-06", "--mt", "5", "--marketing-year", "2027/2028"],
            "cannot be for marketing year",
        ),
    ]:
        res = run("flash", "add", *args)
        assert res.exit_code == 2 and words in res.stderr, (args, res.stderr)
    rows = list(csv.DictReader(io.StringIO(run("flash", "list", "--format", "csv").stdout)))
    assert len(rows) == 1 and rows[0]["quantity_mt"] == "336000"
    assert run("flash", "remove", rows[0]["id"]).exit_code == 0
    assert run("flash", "remove", rows[0]["id"]).exit_code == 2


def test_every_command_is_mapped_to_the_group_that_registers_it():
    """main() loads only the invoked command's group, so the map must name every command."""
    import importlib

    from soypace import cli
    from soypace.cli.core import app as bare

    registered = {}
    for group in cli.GROUPS:
        before = {c.name or c.callback.__name__ for c in bare.registered_commands}
        before |= {g.name for g in bare.registered_groups}
        importlib.import_module(f"soypace.cli.{group}")
        after = {c.name or c.callback.__name__ for c in bare.registered_commands}
        after |= {g.name for g in bare.registered_groups}
        registered.update(dict.fromkeys(after - before, group))
    cli.load()
    every = {c.name or c.callback.__name__ for c in bare.registered_commands} | {
        g.name for g in bare.registered_groups
    }
    assert set(cli.COMMANDS) == every
    for name, group in registered.items():
        assert cli.COMMANDS[name] == group


def test_the_scoreboard_in_csv_and_json_has_every_column_of_every_started_target():
    rows = list(csv.DictReader(io.StringIO(run("status", "--format", "csv").stdout)))
    assert list(rows[0]) == STATUS_COLUMNS
    assert [(r["target"], r["deadline_name"], r["verdict"]) for r in rows] == [
        ("calendar-2026", "year-end", "at risk"),
        ("crop-2025-26", "my-end", "met"),
        ("truce-2025", "original", "missed"),
        ("truce-2025", "january", "missed"),
        ("truce-2025", "extended", "missed"),
    ]
    assert rows[0]["cumulative_mt"] == "17082027" and rows[-1]["verdict_margin_mt"] == "-1183148"
    doc = json.loads(run("status", "-f", "json").stdout)
    assert doc["meta"]["target"] == "calendar-2026, crop-2025-26, truce-2025"


def test_check_on_the_scoreboard_judges_the_live_targets_only():
    """truce-2025 was missed for good; a cron job watching the live target must not exit 4 forever."""
    res = run("status", "--check", "--as-of", "2026-10-01")
    assert res.exit_code == 3  # calendar-2026: behind the straight line, not missed
