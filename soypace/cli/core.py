"""The Typer app, the one place a library error becomes its exit code, the last resort for any
other exception, and messages for people (on stderr, silenced by --quiet). Every line passes
through soypace.data.guard.clean: no secret, no escape sequence, no runaway length reaches stderr."""

import os
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import UsageError as ClickUsageError  # typer < 0.29 vendors click
from typer.core import TyperGroup

from soypace import SoypaceError, __version__
from soypace.data.guard import clean

DEBUG_VARIABLE = "SOYPACE_DEBUG"

EXIT_CODES = (
    "Exit codes: 0 ok; 1 error (data, network, store); 2 bad input (usage). With --check "
    "(status, report): 3 behind the straight-line path, 4 a deadline missed, 5 data stale."
)


class SoypaceGroup(TyperGroup):
    """Runs a command and turns a SoypaceError, or a bad option that Click's parser refused, into
    one line on stderr and its exit code (2 for bad input), as the README promises."""

    def invoke(self, ctx: Any) -> Any:  # click's Context, as Typer vendors it
        try:
            return super().invoke(ctx)
        except SoypaceError as exc:
            typer.echo(f"soypace: error: {clean(str(exc))}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except ClickUsageError as exc:
            path = exc.ctx.command_path if exc.ctx is not None else "soypace"
            message = " ".join(exc.format_message().split())
            typer.echo(f"soypace: error: {clean(message)} (see `{path} -h`)", err=True)
            raise typer.Exit(exc.exit_code) from None


def internal_error(exc: Exception) -> NoReturn:
    """The last resort, for the console entry point only: an exception no layer expected (a bug) becomes
    one line and exit 1, or, with SOYPACE_DEBUG=1, its traceback. Tests drive the app directly and
    so still see the exception itself."""
    if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): nothing to say
        sys.exit(1)
    if os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0"):
        raise exc
    what = clean(f"{type(exc).__name__}: {exc}", 300)
    typer.echo(
        f"soypace: internal error: {what}; run with {DEBUG_VARIABLE}=1 for the traceback, "
        "and please report it",
        err=True,
    )
    sys.exit(1)


app = typer.Typer(
    name="soypace",
    cls=SoypaceGroup,
    help=(
        "Is China buying U.S. soybeans fast enough to meet the 2025 trade-truce targets?\n\n"
        "Paces China's purchases (USDA FAS weekly export sales) against each target's straight-line "
        "path and deadlines. Runs on the shipped real USDA data with no key and no network.\n\n"
        "Examples:\n\n\b\n"
        "  soypace status\n"
        "  soypace status --as-of 2026-01-08 --format csv\n"
        "  soypace weeks --target calendar-2026 --format csv > weeks.csv\n\n" + EXIT_CODES
    ),
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


_quiet = False


def be_quiet(value: bool) -> None:
    """--quiet: nothing on stderr on success (errors still)."""
    global _quiet
    _quiet = value


def warn(message: str) -> None:
    if not _quiet:
        typer.echo(f"soypace: warning: {clean(message)}", err=True)


def info(message: str) -> None:
    if not _quiet:
        typer.echo(f"soypace: {clean(message)}", err=True)
