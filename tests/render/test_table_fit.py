"""Terminal tables never split a number: every table command at 80, 100 and 120 columns."""

import datetime as dt
import io
import os
import pty
import re
import subprocess
import sys

import pytest

from soypace.data.snapshot import load_snapshot
from soypace.model.methods import Options
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve
from soypace.render.formats import _numeric, fit_columns, render_rich
from soypace.views.backtest import backtest_result
from soypace.views.listing import countries_result, ledger_result, targets_result
from soypace.views.project import project_result
from soypace.views.session import Session
from soypace.views.status import status_result
from soypace.views.weeks import weeks_result

FAST = Options(simulations=500)
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def results():
    data = load_snapshot([5700, 9990])
    book = load_targets()
    truce, cal = book.get("truce-2025"), book.get("calendar-2026")
    jan8 = resolve(data, Query(truce, 5700, as_of=dt.date(2026, 1, 8), options=FAST))
    latest = resolve(data, Query(cal, 5700, options=FAST))
    with Session() as session:
        listing = [targets_result(book), countries_result(session), ledger_result(session)]
    return {
        "status": status_result(jan8),
        "status-latest": status_result(latest),
        "weeks": weeks_result(jan8),
        "project": project_result(jan8),
        "backtest": backtest_result(data, Query(truce, 5700, options=FAST), per_week=False),
        "targets": listing[0],
        "countries": listing[1],
        "flash list": listing[2],
    }


RESULTS = results()


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize("name", list(RESULTS))
def test_every_shown_number_is_whole_and_the_answer_is_kept(name, width, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = RESULTS[name]
    out = Terminal()
    render_rich(result, out, width=width)
    text = ANSI.sub("", out.getvalue())
    assert max(len(line) for line in text.splitlines()) <= width
    shown, hidden = fit_columns(result, width)
    names = [c for c, _ in shown]
    assert names[0] == (result.display or [(result.columns[0], "")])[0][0]  # the row label stays
    assert all(k in names for k in result.keep)
    table = re.split(r"\n\(\d+ more column", text)[0]
    for row in result.rows:
        for column in names:
            cell = result.cell(row, column)
            if cell and _numeric(result, column) and not any(ch.isalpha() for ch in cell):
                assert cell in table, f"{name} at {width}: {column} {cell!r} is split or missing"


def test_status_in_a_real_80_column_terminal_splits_no_number(tmp_path):
    """The whole path: the console script in a pty whose window is 80 columns wide."""
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | {"NO_COLOR": "1", "TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "soypace", "status", "-t", "truce-2025", "--as-of", "2026-01-08"],
        stdout=slave, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    text = ANSI.sub("", b"".join(chunks).decode()).replace("\r", "")
    assert max(len(line) for line in text.splitlines()) <= 80
    # bought, margin, P50 and reach share
    for number in ("8,116,647", "6,422,446", "-5,577,554", "10,428,047", "8.4"):
        assert number in text
