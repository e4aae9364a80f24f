"""`soypace --help` must stay light: no pandas, no numpy; `python -m soypace` works too."""

import os
import subprocess
import sys

import pytest

from soypace.cli import main

CHECK = (
    "import sys; sys.argv = ['soypace', '--help']\n"
    "from soypace.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "heavy = sorted(m for m in ('pandas', 'numpy', 'requests') if m in sys.modules)\n"
    "print('HEAVY', heavy, file=sys.stderr)\n"
)


def test_help_imports_neither_pandas_nor_numpy():
    res = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert "HEAVY []" in res.stderr
    assert "soypace status" in res.stdout


def test_python_dash_m_runs_the_cli():
    res = subprocess.run(
        [sys.executable, "-m", "soypace", "--version"], capture_output=True, text=True, check=True
    )
    assert res.stdout.startswith("soypace ")


def test_head_closing_the_pipe_ends_quietly():
    # seven years of weeks as JSON: far more than a pipe buffer holds, so the writer meets EPIPE
    args = [
        "weeks",
        "--target-mt",
        "100000000",
        "--start",
        "2019-09-05",
        "--deadline",
        "2027-06-30",
        "--format",
        "json",
    ]
    proc = subprocess.Popen(
        [sys.executable, "-m", "soypace", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=30)
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_a_closed_stdout_exits_1_without_a_traceback(monkeypatch, capfd):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (head) has gone
    stdout = os.fdopen(write_end, "w")
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "argv", ["soypace", "status"])
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 1
    assert "Traceback" not in capfd.readouterr().err
