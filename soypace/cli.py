"""The command line: parse options, call the library, render, choose the exit code. Nothing more.

Heavy imports (pandas, numpy, requests) stay inside the commands that need them, so that
``soypace --help`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from soypace import SoypaceError, UsageError, __version__

EXIT_CODES = """Exit codes: 0 ok; 1 error (data, network, store); 2 bad input (usage)."""

app = typer.Typer(
    name="soypace",
    help=(
        "Is China buying U.S. soybeans fast enough to meet the 2025 trade-truce targets?\n\n"
        "Paces China's purchases (USDA FAS weekly export sales) against each target's straight-line "
        "path and deadlines. Runs on the shipped real USDA data with no key and no network.\n\n"
        "Examples:\n\n\b\n"
        "  soypace status\n"
        "  soypace status --as-of 2026-01-08 --format csv\n"
        "  soypace weeks --target calendar-2026 --format csv > weeks.csv\n\n"
        + EXIT_CODES
    ),
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class Basis(str, Enum):
    commitments = "commitments"
    shipments = "shipments"


# --- the options every data command shares ------------------------------------------------------

TargetOpt = Annotated[Optional[str], typer.Option("--target", "-t", envvar="SOYPACE_TARGET", help="Target name (see `soypace targets`); default: the targets file's default, truce-2025.")]
TargetsFileOpt = Annotated[Optional[Path], typer.Option("--targets", envvar="SOYPACE_TARGETS", help="A TOML file of extra targets, added to the shipped ones.", dir_okay=False)]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="Pace as it stood then (YYYY-MM-DD); maps to the last week ending on or before it. Default: the latest week in the data.")]
BasisOpt = Annotated[Basis, typer.Option("--basis", "-b", envvar="SOYPACE_BASIS", help="commitments: net new sales (current + next MY); shipments: weekly exports.")]
CountryOpt = Annotated[str, typer.Option("--country", "-c", envvar="SOYPACE_COUNTRY", help="Destination: ESR code or name (china, 5700, unknown).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", envvar="SOYPACE_FORMAT", help="table (rich on a terminal, plain when piped), csv, json or markdown.")]
TargetMtOpt = Annotated[Optional[int], typer.Option("--target-mt", help="A one-off target in metric tons (with --start and --deadline) instead of --target.")]
StartOpt = Annotated[Optional[str], typer.Option("--start", help="First day counted by a --target-mt target (YYYY-MM-DD).")]
DeadlineOpt = Annotated[Optional[str], typer.Option("--deadline", help="Deadline of a --target-mt target (YYYY-MM-DD).")]


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"soypace: error: {message}", err=True)
    return typer.Exit(code)


def handles_errors(func):
    """Turn library errors into one line on stderr and their exit code (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SoypaceError as exc:
            raise fail(str(exc), exc.exit_code) from None

    return wrapper


def parse_date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD (e.g. 2026-01-08)") from None
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise UsageError(f"{option} {day} is out of range (2000-01-01 to 2100-12-31)")
    return day


def build_query(target, targets_file, as_of, basis, country, target_mt, start, deadline):
    """Options -> a status.Query; every bad value becomes a UsageError naming the option."""
    from soypace.codes import resolve_country
    from soypace.status import Query
    from soypace.targets import custom_target, load_targets

    custom = (target_mt, start, deadline)
    if any(v is not None for v in custom):
        if None in custom:
            raise UsageError("--target-mt, --start and --deadline go together; give all three")
        if target:
            raise UsageError("give either --target or --target-mt/--start/--deadline, not both")
        chosen = custom_target(target_mt, parse_date(start, "--start"), parse_date(deadline, "--deadline"))
    else:
        chosen = load_targets(targets_file).get(target)
    return Query(target=chosen, country=resolve_country(country), basis=basis.value, as_of=parse_date(as_of, "--as-of"))


def load_data():
    from soypace.snapshot import load_snapshot

    return load_snapshot()


def emit(result, fmt: Format) -> None:
    """Data to stdout; for CSV, whose cells have no room for it, the provenance goes to stderr."""
    from soypace.formats import render

    render(result, fmt.value, sys.stdout)
    if fmt is Format.csv:
        for line in result.provenance():
            typer.echo(f"soypace: {line}", err=True)


# --- commands ----------------------------------------------------------------------------------

@app.command()
@handles_errors
def status(
    target: TargetOpt = None,
    targets_file: TargetsFileOpt = None,
    as_of: AsOfOpt = None,
    basis: BasisOpt = Basis.commitments,
    country: CountryOpt = "china",
    fmt: FormatOpt = Format.table,
    target_mt: TargetMtOpt = None,
    start: StartOpt = None,
    deadline: DeadlineOpt = None,
) -> None:
    """Pacing and shortfall for each deadline of a target.

    One row per deadline: cumulative purchases, the straight-line path, ahead/behind (MT and days),
    the weekly pace still needed, the recent 4-week pace and where it leads (projected total,
    surplus or shortfall), the week the target is reached, and a status (met, on_track, behind,
    missed). A deadline is judged on the last weekly report ending on or before it.

    Examples:

    \b
      soypace status
      soypace status --as-of 2026-01-08
      soypace status --basis shipments --format json
      soypace status --target-mt 5000000 --start 2026-01-01 --deadline 2026-06-30
    """
    from soypace.status import status_result

    query = build_query(target, targets_file, as_of, basis, country, target_mt, start, deadline)
    emit(status_result(load_data(), query), fmt)


@app.command()
@handles_errors
def weeks(
    target: TargetOpt = None,
    targets_file: TargetsFileOpt = None,
    as_of: AsOfOpt = None,
    basis: BasisOpt = Basis.commitments,
    country: CountryOpt = "china",
    fmt: FormatOpt = Format.table,
    target_mt: TargetMtOpt = None,
    start: StartOpt = None,
    deadline: DeadlineOpt = None,
    path_to: Annotated[Optional[str], typer.Option("--path-to", help="Which deadline the path column aims at (default: the last).")] = None,
) -> None:
    """The weekly series behind a target, for spreadsheets.

    One row per week from the target's start to the as-of week: net sales, exports, the purchases
    counted on the basis, the running total, the straight-line path and ahead/behind. Weeks the
    data lacks are shown as gaps, never as zero.

    Examples:

    \b
      soypace weeks
      soypace weeks --target calendar-2026 --format csv > weeks.csv
    """
    from soypace.status import weeks_result

    query = build_query(target, targets_file, as_of, basis, country, target_mt, start, deadline)
    emit(weeks_result(load_data(), query, path_to), fmt)


@app.command()
@handles_errors
def targets(
    targets_file: TargetsFileOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the purchase targets, their deadlines and the sources of their terms.

    Add your own with a TOML file of the same shape as data/targets.toml:

      soypace targets --targets my-targets.toml
    """
    from soypace.status import targets_result
    from soypace.targets import load_targets

    emit(targets_result(load_targets(targets_file)), fmt)


@app.command()
@handles_errors
def countries(fmt: FormatOpt = Format.table) -> None:
    """List the destination codes and names that --country accepts."""
    from soypace.codes import all_countries
    from soypace.formats import Result

    rows = [{"code": c.code, "name": c.name, "api_name": c.api_name} for c in all_countries()]
    emit(Result("ESR destinations", ["code", "name", "api_name"], rows, {"source": "data/countries.csv"}), fmt)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"soypace {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit.")] = False,
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
