"""The command line: parse options, call the library, render, choose the exit code. Nothing more.

One module per group of commands; ``common`` holds what they share. Heavy imports (pandas,
numpy, requests, matplotlib) stay inside the commands that need them, so that ``soypace --help``
starts fast. Nothing else in soypace imports this package.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from soypace import __version__
from soypace.cli import flash, live, projecting, reporting, views  # noqa: F401, I001  (registers the commands, in help order)
from soypace.cli.app import app

__all__ = ["app", "main"]


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"soypace {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Is China buying U.S. soybeans fast enough to meet the 2025 trade-truce targets?"""


def main() -> None:
    """Console entry point: `| head` ends quietly instead of with a BrokenPipeError traceback.

    Click already exits 1 on EPIPE during a write; this also covers the final flush of output
    small enough to sit in the buffer until exit.
    """
    try:
        app()
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
