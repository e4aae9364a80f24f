"""The command line: parse options, call the library, render, choose the exit code. Nothing more.

One module per group of commands, each registering its commands on the one Typer app when
imported. A run imports only the group of the command it runs, so Typer builds one group's
commands instead of all of them; ``soypace --help`` (or an unknown command) loads every group.
Heavy imports (numpy, requests, matplotlib) stay inside the commands that need them. Nothing
else in soypace imports this package.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

GROUPS = ("views", "live", "sources", "projecting", "reporting", "flash")  # in help order
COMMANDS = {
    "status": "views", "weeks": "views", "targets": "views", "countries": "views",
    "fetch": "live", "log": "live", "project": "projecting", "backtest": "projecting",
    "report": "reporting", "chart": "reporting", "flash": "flash", "sources": "sources",
}  # fmt: skip

__all__ = ["app", "main"]


def load(groups: tuple[str, ...] = GROUPS) -> Any:
    """Register these groups' commands (all by default) and return the app."""
    for group in groups:
        importlib.import_module(f"soypace.cli.{group}")
    from soypace.cli.core import app

    return app


def __getattr__(name: str) -> Any:
    """``from soypace.cli import app``: the app with every command registered."""
    if name == "app":
        return load()
    raise AttributeError(name)


def main() -> None:
    """Console entry point: `| head` ends quietly instead of with a BrokenPipeError traceback, and an
    unexpected exception is one line (``core.internal_error``).

    Click already exits 1 on EPIPE during a write; this also covers the final flush of output
    small enough to sit in the buffer until exit.
    """
    command = next((a for a in sys.argv[1:] if not a.startswith("-")), None)
    group = COMMANDS.get(command or "")
    app = load((group,) if group else GROUPS)
    try:
        app()
    except Exception as exc:  # the last resort: one line, not a traceback (see core.internal_error)
        from soypace.cli.core import internal_error

        internal_error(exc)
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
