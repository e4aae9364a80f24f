"""`soypace backtest --history` from the command line: offline, CSV with the stable columns, the
calibration chart with --output, and one-line usage errors for what does not apply."""

import csv
import io

from typer.testing import CliRunner

from soypace.cli import app

runner = CliRunner()


def test_history_as_csv_and_the_chart(tmp_path):
    picture = tmp_path / "calibration.png"
    res = runner.invoke(
        app, ["backtest", "--history", "--offline", "--format", "csv", "--output", str(picture)]
    )
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0])[:9] == [
        "method", "scope", "horizon", "weeks_ahead", "n", "mae_p50_mt", "coverage_p10_p90",
        "coverage_p25_p75", "pinball_mt",
    ]  # fmt: skip
    overall = {(r["method"], r["scope"]): r for r in rows if r["horizon"] == "all" and r["weeks_ahead"] == ""}
    assert int(overall[("auto", "china")]["n"]) >= 300 and ("run-rate", "all-destinations") in overall
    assert picture.read_bytes().startswith(b"\x89PNG") and f"wrote {picture}" in res.stderr


def test_what_does_not_apply_to_history_is_a_usage_error(tmp_path):
    for args, says in (
        (["--country", "unknown"], "replays China"),
        (["--method", "bootstrap"], "every method"),
        (["--output", str(tmp_path / "x.gif")], ".png or .svg"),
    ):
        res = runner.invoke(app, ["backtest", "--history", *args])
        assert res.exit_code == 2 and says in res.stderr, (args, res.stderr)
    res = runner.invoke(app, ["backtest", "--target", "truce-2025", "--output", str(tmp_path / "x.png")])
    assert res.exit_code == 2 and "add --history" in res.stderr


def test_status_reads_the_calibration_and_never_replays_the_history():
    """status stays fast: it reads data/calibration.toml and loads none of the history backtest."""
    import subprocess
    import sys

    check = (
        "import sys; sys.argv = ['soypace', 'status']\n"
        "from soypace.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "names = ('hindcast', 'hindcast_run', 'calibrate', 'scoring', 'history')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[-1] in names)\n"
        "read = 'soypace.data.calibration' in sys.modules\n"
        "print('LOADED', loaded, read, file=sys.stderr)\n"
    )
    res = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert "LOADED [] True" in res.stderr
