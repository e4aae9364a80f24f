"""The last resort: an exception no layer expected (a bug) is one line and exit 1 for a user, its
traceback with SOYPACE_DEBUG=1; tests, which drive the app directly, still see the exception itself,
so the handler never hides a bug from the suite."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from fake_esr import SECRET
from faultkit import cli

from soypace.cli import main
from soypace.views import listing

BUG = (
    "import sys\n"
    "import soypace.views.listing as listing\n"
    "def broken(*a, **k):\n"
    "    raise KeyError('a bug near ' + __import__('os').environ['SOYPACE_API_KEY'])\n"
    "listing.targets_result = broken\n"
    "sys.argv = ['soypace', 'targets']\n"
    "from soypace.cli import main\n"
    "main()\n"
)


def _broken(*args, **kwargs):
    raise ZeroDivisionError(f"a bug that mentions the key {SECRET}")


@pytest.fixture
def bug(monkeypatch):
    monkeypatch.setattr(listing, "targets_result", _broken)
    monkeypatch.setattr(sys, "argv", ["soypace", "targets"])
    monkeypatch.setenv("SOYPACE_API_KEY", SECRET)


def test_an_unexpected_exception_is_one_line_and_exit_1(bug, capfd):
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 1
    err = capfd.readouterr().err
    [line] = err.strip().splitlines()
    assert line.startswith("soypace: internal error: ZeroDivisionError: a bug that mentions the key ***")
    assert line.endswith("; run with SOYPACE_DEBUG=1 for the traceback, and please report it")


def test_with_soypace_debug_the_exception_itself_comes_out(bug, monkeypatch):
    monkeypatch.setenv("SOYPACE_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main()


def test_the_app_itself_lets_a_bug_through_so_tests_see_it(bug):
    run = cli(["targets"])
    assert isinstance(run.exception, ZeroDivisionError)  # not swallowed: CliRunner tests fail on it


def test_an_expected_error_is_still_the_ordinary_line(monkeypatch, capfd):
    monkeypatch.setattr(sys, "argv", ["soypace", "status", "--target", "nope"])
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 2
    assert capfd.readouterr().err.startswith("soypace: error: unknown target 'nope'")


def _run(debug: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOYPACE_")}
    env.update(SOYPACE_API_KEY=SECRET, SOYPACE_HOME=os.environ["SOYPACE_HOME"])
    if debug:
        env["SOYPACE_DEBUG"] = "1"
    return subprocess.run([sys.executable, "-c", BUG], env=env, capture_output=True, text=True, timeout=60)


def test_a_user_sees_one_line_from_the_console_entry_point():
    res = _run(debug=False)
    assert res.returncode == 1
    assert res.stderr.startswith("soypace: internal error: KeyError: 'a bug near ***'")
    assert len(res.stderr.strip().splitlines()) == 1 and SECRET not in res.stderr


def test_soypace_debug_shows_the_traceback_without_local_variables():
    res = _run(debug=True)
    assert res.returncode == 1
    assert "Traceback" in res.stderr and "KeyError" in res.stderr
    assert "locals" not in res.stderr.lower()
