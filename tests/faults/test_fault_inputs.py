"""Item 14 of issue 12: bad input is a usage error (exit 2) in one line, wherever it comes from: a
targets file, a flash-sale CSV, an option, a setting in the environment."""

from __future__ import annotations

import pytest
from faultkit import cli, no_secret_anywhere, one_error_line, state

BIG = str(2**70)  # past SQLite's 64-bit integers


def _targets(tmp_path, body: str | bytes):
    path = tmp_path / "targets.toml"
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    return ["status", "--targets", str(path), "--target", "t"]


TARGET = """
[targets.t]
tonnage_mt = 1_000_000
start = {start}
deadlines = [{{ name = "end", date = {end} }}]
{more}
"""


@pytest.mark.parametrize(
    "start, end, more, words",
    [
        ("2026-01-01", "2026-06-30", 'commodity = "abc"', "'abc' is not an ESR commodity code"),
        ("2026-01-01", "2026-06-30", "commodity = 999", "999 is not an ESR commodity code"),
        ("2026-01-01", "2026-06-30", "commodity = true", "True is not an ESR commodity code"),
        ("0001-01-01", "2026-06-30", "", "0001-01-01 is out of range"),
        ("2026-01-01", "9999-12-31", "", "9999-12-31 is out of range"),
        ('"9999-12-30"', "9999-12-31", "", "out of range"),
        ("2026-01-01", "2026-06-30", "tonnage_mt = 1", "not valid TOML"),
    ],
)
def test_a_bad_targets_file_is_one_line(tmp_path, start, end, more, words):
    run = cli(_targets(tmp_path, TARGET.format(start=start, end=end, more=more)))
    one_error_line(run, 2, "targets file", words)


def test_a_huge_tonnage_in_a_targets_file_is_one_line(tmp_path):
    body = TARGET.format(start="2026-01-01", end="2026-06-30", more="").replace("1_000_000", BIG)
    one_error_line(cli(_targets(tmp_path, body)), 2, "targets.t.tonnage_mt")


def test_a_binary_targets_file_is_one_line(tmp_path):
    one_error_line(cli(_targets(tmp_path, bytes(range(256)) * 8)), 2, "is not UTF-8 text")


def test_a_targets_file_whose_default_is_not_a_name_is_one_line(tmp_path):
    body = "default = [1, 2]\n" + TARGET.format(start="2026-01-01", end="2026-06-30", more="")
    one_error_line(cli(_targets(tmp_path, body)), 2, "targets file", "default")


def test_a_targets_file_nested_too_deeply_is_one_line(tmp_path):
    body = "x = " + "[" * 50_000 + "]" * 50_000 + "\n"
    one_error_line(cli(_targets(tmp_path, body)), 2, "targets file")


@pytest.mark.parametrize(
    "args, words",
    [
        (["status", "--as-of", "9999-12-31"], "out of range"),
        (["status", "--as-of", "0001-01-01"], "out of range"),
        (["status", "--target-mt", "1", "--start", "0001-01-01", "--deadline", "2026-01-01"], "out of range"),
        (["status", "--target-mt", BIG, "--start", "2026-01-01", "--deadline", "2026-06-30"], "--target-mt"),
        (["status", "--country", "²"], "unknown country '²'"),
        (["status", "--country", "٥٧٠٠"], "unknown country"),
        (["status", "--country", "9" * 5000], "unknown country"),
        (["flash", "add", "--date", "9999-12-31", "--mt", "200000"], "out of range"),
        (["flash", "add", "--date", "0001-01-01", "--mt", "200000"], "out of range"),
        (["flash", "add", "--date", "2026-01-06", "--mt", BIG], BIG),
        (["flash", "add", "--date", "2026-01-06", "--mt", "200000", "--marketing-year", "²²²²"], "not like"),
        (["log", "--limit", "0"], "--limit 0"),
        (["log", "--limit", "-1"], "--limit -1"),
    ],
)
def test_a_bad_option_is_one_line(home, args, words):
    before = state(home)
    run = cli(args)
    one_error_line(run, 2, words)
    assert state(home) == before


def test_a_huge_flash_id_is_no_such_sale(home):
    before = state(home)
    one_error_line(cli(["flash", "remove", BIG]), 2, "no flash sale with id")
    assert state(home) == before


def test_a_huge_log_limit_shows_the_whole_log(home):
    run = cli(["log", "--limit", BIG, "--format", "csv"])
    assert run.code == 0 and run.exception is None and len(run.stdout.splitlines()) == 2


HEADER = b"announced,quantity_mt,marketing_year,destination\n"


@pytest.mark.parametrize(
    "body, words",
    [
        (HEADER + "2026-01-06,336000,2025/2026,Chiné\n".encode("latin-1"), "byte 0xe9 on line 2"),
        (HEADER + b"2026-01-06,336\x00000,2025/2026,china\n", "quantity_mt"),
        (HEADER + b"2026-01-06,\xc2\xb2,2025/2026,china\n", "quantity_mt"),
        (HEADER + b"2026-01-06," + BIG.encode() + b",2025/2026,china\n", "beyond any sale"),
        (HEADER + b"9999-12-31,336000,2025/2026,china\n", "out of range"),
        (HEADER + b'2026-01-06,336000,2025/2026,"' + b"x" * 200_000 + b'"\n', "not a CSV file"),
        (bytes(range(256)) * 8, "not UTF-8"),
    ],
    ids=["latin-1", "nul", "superscript", "huge", "year 9999", "huge field", "binary"],
)
def test_a_bad_flash_csv_is_one_line_and_imports_nothing(home, tmp_path, body, words):
    path = tmp_path / "flash.csv"
    path.write_bytes(body)
    before = state(home)
    one_error_line(cli(["flash", "import", str(path)]), 2, words)
    assert state(home) == before


@pytest.mark.parametrize("name", ["SOYPACE_HTTP_TIMEOUT", "SOYPACE_HTTP_BACKOFF", "SOYPACE_HTTP_DEADLINE"])
@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf", "1e300", "\x1b[2J"])
def test_a_duration_setting_that_is_not_seconds_is_one_line(esr, home, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    run = cli(["fetch", "-q", "-y", "2027"])
    line = one_error_line(run, 2, f"{name}=", "is not a")
    assert "\x1b" not in line and esr.requests == []
    no_secret_anywhere(home, run.stdout, run.stderr)


def test_a_zero_timeout_is_refused_but_a_zero_backoff_is_fine(esr, home, monkeypatch):
    monkeypatch.setenv("SOYPACE_HTTP_TIMEOUT", "0")
    one_error_line(cli(["fetch", "-q", "-y", "2027"]), 2, "SOYPACE_HTTP_TIMEOUT='0' is not a positive")
