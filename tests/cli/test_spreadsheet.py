"""soypace's CSV opened in a real spreadsheet: LibreOffice (headless) converts it to xlsx and the
cells are read back. Runs wherever `soffice` is installed (.ci/run installs it)."""

import os
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from soypace.cli import app

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Skipped only on a developer's machine without LibreOffice; in CI (CI=true) a missing soffice fails.
pytestmark = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed here; .ci/run installs it",
)
runner = CliRunner()


def to_xlsx(tmp_path, name, csv_text):
    import openpyxl

    assert SOFFICE, "soffice is missing: .ci/run should have installed libreoffice-calc-nogui"
    src = tmp_path / f"{name}.csv"
    src.write_bytes(csv_text.encode("utf-8"))
    profile = (tmp_path / "lo-profile").as_uri()  # never the user's own LibreOffice profile
    # CSV filter options: comma-separated, double-quoted, UTF-8 (76), from line 1
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = openpyxl.load_workbook(tmp_path / f"{name}.xlsx").active
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    header = [c.value for c in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_weeks_csv_keeps_numbers_dates_and_negatives(tmp_path):
    import datetime as dt

    res = runner.invoke(app, ["weeks", "--as-of", "2026-02-26", "--format", "csv", "--bom"])
    assert res.stdout.startswith("\ufeff")
    header, rows = to_xlsx(tmp_path, "weeks", res.stdout)
    assert header[0] == "week_ending"
    nov13 = rows[2]
    assert nov13["week_ending"].value == dt.datetime(2025, 11, 13)  # a date cell, not text
    assert nov13["net_sales_mt"].value == -100000 and nov13["net_sales_mt"].data_type == "n"
    assert rows[-1]["cumulative_mt"].value == 10816852


def test_a_crafted_text_cell_stays_text(tmp_path):
    targets = tmp_path / "evil.toml"
    targets.write_text(
        '[targets.evil]\ntitle = "=HYPERLINK(\\"http://example.invalid\\",\\"click\\")"\n'
        'tonnage_mt = 1_000\nstart = 2026-01-01\ndeadlines = [{ name = "-sum(1+1)", date = 2026-02-01 }]\n'
    )
    res = runner.invoke(app, ["targets", "--targets", str(targets), "--format", "csv"])
    assert res.exit_code == 0, res.output
    _, rows = to_xlsx(tmp_path, "targets", res.stdout)
    evil = next(r for r in rows if r["target"].value == "evil")
    for cell in (evil["title"], evil["deadline_name"]):
        assert cell.data_type == "s", cell.value  # text, not a formula
        assert cell.value.startswith("'")
    assert evil["target_mt"].value == 1000 and evil["target_mt"].data_type == "n"
