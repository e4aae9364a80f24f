"""The report and chart commands, --check and cron manners, on the shipped real data."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from soypace.cli import app

runner = CliRunner()
SOYPACE = str(Path(sys.executable).with_name("soypace"))


def run(*args, **kw):
    return runner.invoke(app, list(args), **kw)


@pytest.mark.parametrize(
    "target, as_of, code",
    [
        (
            "truce-2025",
            "2025-11-13",
            3,
        ),  # 364,000 MT against paths of 2,709,677 (x 14/62 days) and 1,388,430 (x 14/121)
        ("truce-2025", "2026-02-26", 4),  # both deadlines missed
        ("calendar-2026", "2026-01-22", 0),  # 3,231,146 MT in four weeks against a 1.44 MMT path
    ],
)
def test_check_exit_codes_on_the_real_data(target, as_of, code):
    res = run("report", "--target", target, "--check", "--as-of", as_of, "--no-timestamp")
    assert res.exit_code == code, res.output


def test_without_check_a_successful_run_exits_0_whatever_the_numbers():
    assert run("report", "--as-of", "2026-02-26").exit_code == 0


def test_check_on_status_too():
    assert run("status", "--check", "--as-of", "2025-11-13").exit_code == 3


def test_the_same_data_gives_the_same_bytes():
    a = run("report", "--as-of", "2026-01-08", "--no-timestamp").stdout
    b = run("report", "--as-of", "2026-01-08", "--no-timestamp").stdout
    assert a == b and "Generated" not in a
    stamped = run("report", "--as-of", "2026-01-08").stdout.splitlines()
    plain = a.splitlines()
    extra = [line for line in stamped if line not in plain]
    assert len(extra) == 1 and extra[0].startswith("_Generated: ")


def test_report_contents():
    text = run("report", "--as-of", "2026-01-08", "--no-timestamp").stdout
    assert (
        "**China has bought 8.12 MMT of 12 (68%): likely missed for Jan 31 2026, analog's P50 "
        "reaching 9.39 MMT (analog reach share 4%); needs 1.29 MMT a week for 3 more weeks, "
        "recent pace 0.68 MMT.**"
    ) in text
    # with no target, every target that had started by then, the live ones first
    assert text.index("## 2025 US-China trade truce") < text.index(
        "## 25 MMT of U.S. soybeans in calendar 2026"
    )
    for section in (
        "### Pacing",
        "### Projections",
        "### Last 8 weeks",
        "### Chart",
        "### What changed",
        "## Data",
    ):
        assert section in text
    assert "| 2026-01-08 | 1,224,128 | 901,128 | 8,116,647 | -68,450 | 3,011,100 |" in text  # the real week
    assert "Source: shipped snapshot" in text


def test_all_reports_every_active_target():
    text = run("report", "--all", "--as-of", "2026-01-08", "--no-timestamp").stdout
    assert "## 2025 US-China trade truce" in text and "## 25 MMT of U.S. soybeans in calendar 2026" in text


def test_html_report_is_one_self_contained_file(tmp_path):
    out = tmp_path / "report.html"
    res = run("report", "--format", "html", "--output", str(out), "--as-of", "2026-01-08", "--no-timestamp")
    assert res.exit_code == 0 and res.stdout == ""
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 3  # a chart per started target
    assert "<script" not in page and "<link" not in page and " src=" not in page
    assert "8,116,647" in page
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left behind
    assert oct(out.stat().st_mode & 0o777) != "0o600"


def test_a_failed_write_leaves_no_file(tmp_path):
    res = run("report", "--output", str(tmp_path / "missing" / "r.md"))
    assert res.exit_code == 1 and "cannot write" in res.stderr
    assert not (tmp_path / "missing").exists()


def test_text_report_has_no_markdown():
    text = run("report", "--format", "text", "--as-of", "2026-01-08", "--no-timestamp").stdout
    assert "|" not in text.split("Chart")[0] and "**" not in text and "###" not in text


def test_quiet_says_nothing_on_success(tmp_path):
    res = run("report", "--quiet", "--output", str(tmp_path / "r.md"))
    assert res.exit_code == 0 and res.stdout == "" and res.stderr == ""


def test_terminal_chart_and_pictures(tmp_path):
    res = run("chart", "--as-of", "2026-01-08")
    assert res.exit_code == 0 and "2025-12-31" in res.stdout and "2026-02-28" in res.stdout
    assert "\x1b[" not in res.stdout
    png, svg = tmp_path / "pace.png", tmp_path / "pace.svg"
    assert run("chart", "--as-of", "2026-01-08", "--output", str(png)).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    run("chart", "--as-of", "2026-01-08", "--output", str(svg))
    first = svg.read_bytes()
    run("chart", "--as-of", "2026-01-08", "--output", str(svg))
    assert first == svg.read_bytes() and b"<svg" in first
    assert run("chart", "--output", str(tmp_path / "pace.gif")).exit_code == 2


# --- cron manners: other processes, bare environments ------------------------------------------


def test_report_runs_under_crons_bare_environment(tmp_path):
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "SOYPACE_HOME": str(tmp_path / "soypace")}
    res = subprocess.run(
        [
            "env",
            "-i",
            *(f"{k}={v}" for k, v in env.items()),
            SOYPACE,
            "report",
            "--check",
            "--as-of",
            "2025-11-13",
            "--no-timestamp",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 3, res.stderr
    assert "# soypace weekly report" in res.stdout and "\x1b[" not in res.stdout
    assert "Traceback" not in res.stderr


def test_no_color_and_term_dumb_are_honoured():
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    forced = subprocess.run(
        [SOYPACE, "status"], env=base | {"FORCE_COLOR": "1"}, capture_output=True, text=True
    )
    assert "\x1b[" in forced.stdout  # FORCE_COLOR: rich output even into a pipe
    no_color = subprocess.run(
        [SOYPACE, "status"], env=base | {"FORCE_COLOR": "1", "NO_COLOR": "1"}, capture_output=True, text=True
    )
    assert "\x1b[" not in no_color.stdout and "───" in no_color.stdout  # the rich table, without colour
    dumb = subprocess.run(
        [SOYPACE, "status"], env=base | {"FORCE_COLOR": "1", "TERM": "dumb"}, capture_output=True, text=True
    )
    assert "\x1b[" not in dumb.stdout and "───" not in dumb.stdout and "deadline  verdict" in dumb.stdout


def test_head_ends_the_report_quietly():
    res = subprocess.run(
        f"'{SOYPACE}' report --format html --as-of 2026-01-08 | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (
        res.stdout == "<!DOCTYPE html>\n" and "Traceback" not in res.stderr and "BrokenPipe" not in res.stderr
    )


@pytest.mark.skipif(shutil.which("env") is None, reason="needs env(1)")
def test_every_cron_flag_has_an_environment_variable(monkeypatch):
    monkeypatch.setenv("SOYPACE_REPORT_FORMAT", "text")
    monkeypatch.setenv("SOYPACE_NO_TIMESTAMP", "1")
    monkeypatch.setenv("SOYPACE_CHECK", "1")
    res = run("report", "--as-of", "2025-11-13")
    assert res.exit_code == 3 and "Generated" not in res.stdout and "###" not in res.stdout


def test_all_and_target_together_is_a_usage_error():
    res = run("report", "--all", "--target", "calendar-2026")
    assert res.exit_code == 2 and "not both" in res.stderr
