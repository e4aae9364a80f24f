"""What every command shares: the app, the shared options, error handling, the data a command
stands on, and output (data to stdout, messages to stderr)."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from soypace import SoypaceError, UsageError

UNKNOWN_CODE = 9990  # unknown destinations; the report shows them beside the chosen country

EXIT_CODES = ("Exit codes: 0 ok; 1 error (data, network, store); 2 bad input (usage). With --check "
              "(status, report): 3 behind the straight-line path, 4 a deadline missed, 5 data stale.")

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


UnknownShareOpt = Annotated[Optional[float], typer.Option("--unknown-share", envvar="SOYPACE_UNKNOWN_SHARE", help="Also show confirmed + this share (0 to 1) of unknown destinations' outstanding sales, in its own column.")]
WithUnknownOpt = Annotated[bool, typer.Option("--with-unknown", help="The same with share 1: 'China plus unknown', the upper bound that assumes every undeclared sale is China's.")]
NowcastOpt = Annotated[bool, typer.Option("--nowcast", envvar="SOYPACE_NOWCAST", help="Add flash sales from your ledger dated after the last reported week (see `soypace flash`), in their own columns.")]


def build_query(target, targets_file, as_of, basis, country, target_mt, start, deadline,
                unknown_share=None, with_unknown=False, nowcast=False):
    """Options -> a status.Query; every bad value becomes a UsageError naming the option."""
    from soypace.data.codes import resolve_country
    from soypace.views.status import Query
    from soypace.model.targets import custom_target, load_targets

    custom = (target_mt, start, deadline)
    if any(v is not None for v in custom):
        if None in custom:
            raise UsageError("--target-mt, --start and --deadline go together; give all three")
        if target:
            raise UsageError("give either --target or --target-mt/--start/--deadline, not both")
        chosen = custom_target(target_mt, parse_date(start, "--start"), parse_date(deadline, "--deadline"))
    else:
        chosen = load_targets(targets_file).get(target)
    if with_unknown:
        if unknown_share not in (None, 1.0):
            raise UsageError("--with-unknown means --unknown-share 1; give one of them")
        unknown_share = 1.0
    if unknown_share is not None and not 0.0 <= unknown_share <= 1.0:
        raise UsageError(f"--unknown-share {unknown_share:g} is not between 0 and 1")
    return Query(target=chosen, country=resolve_country(country, fetched_country_codes()), basis=basis.value,
                 as_of=parse_date(as_of, "--as-of"),
                 unknown_share=unknown_share, nowcast=nowcast, today=dt.date.today())


# --- the options every data command shares, added by decorators (sqlite-utils' output_options) --

def _extend_signature(func, receiver: str, added: list[tuple[str, object, object]], build):
    """A wrapper of ``func`` whose signature (what Typer reads) has the ``added`` parameters in
    front instead of ``receiver``; ``build(**their values)`` makes the one value ``func`` gets as
    ``receiver``. Decorators built on it stack."""
    import inspect
    import typing

    hints = typing.get_type_hints(func, include_extras=True)
    own = [p.replace(annotation=hints.get(p.name, p.annotation), kind=inspect.Parameter.KEYWORD_ONLY)
           for p in inspect.signature(func).parameters.values() if p.name != receiver]
    names = [name for name, _, _ in added]
    params = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
              for name, annotation, default in added] + own

    @functools.wraps(func)
    def wrapper(**kwargs):
        value = build(**{name: kwargs.pop(name) for name in names})
        return func(**kwargs, **{receiver: value})

    wrapper.__signature__ = inspect.Signature(params)
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    del wrapper.__wrapped__  # Typer must read the new signature, not the original's
    return wrapper


def query_options(*, custom: bool = True, as_of: bool = True, unknown: bool = False, nowcast: bool = False):
    """Adds the target, destination and basis options (and, as asked, --as-of, a one-off
    --target-mt target, the unknown-destinations view and the nowcast) and hands the command a
    built status.Query as ``query``."""
    added = [("target", TargetOpt, None), ("targets_file", TargetsFileOpt, None)]
    if as_of:
        added.append(("as_of", AsOfOpt, None))
    added += [("basis", BasisOpt, Basis.commitments), ("country", CountryOpt, "china")]
    if custom:
        added += [("target_mt", TargetMtOpt, None), ("start", StartOpt, None), ("deadline", DeadlineOpt, None)]
    if unknown:
        added += [("unknown_share", UnknownShareOpt, None), ("with_unknown", WithUnknownOpt, False)]
    if nowcast:
        added.append(("nowcast", NowcastOpt, False))

    def build(target=None, targets_file=None, as_of=None, basis=Basis.commitments, country="china", target_mt=None,
              start=None, deadline=None, unknown_share=None, with_unknown=False, nowcast=False):
        return build_query(target, targets_file, as_of, basis, country, target_mt, start, deadline,
                           unknown_share, with_unknown, nowcast)

    return lambda func: _extend_signature(func, "query", added, build)


@dataclass(frozen=True)
class Output:
    """Where and how a command's Result goes: the format, and a BOM for Excel's sake."""

    fmt: "Format"
    bom: bool

    def emit(self, result) -> None:
        emit(result, self.fmt, self.bom)


def output_options(func):
    """Adds --format and --bom and hands the command an Output as ``out``."""
    return _extend_signature(func, "out", [("fmt", FormatOpt, Format.table), ("bom", BomOpt, False)], Output)


def fetched_country_codes() -> set[int]:
    """Destination codes from the API's list in the store (none when there is no store)."""
    from soypace.data.store import open_existing_store

    store = open_existing_store()
    if store is None:
        return set()
    with store:
        return {c["code"] for c in store.countries()}


def ledger() -> list:
    """The user's flash-sale ledger (empty when there is no store yet)."""
    from soypace.data.store import open_existing_store

    store = open_existing_store()
    if store is None:
        return []
    with store:
        return store.flash_sales()


RefreshOpt = Annotated[bool, typer.Option("--refresh", envvar="SOYPACE_REFRESH", help="Fetch new USDA data first (see `soypace fetch`); on failure, warn and use what is stored.")]
OfflineOpt = Annotated[bool, typer.Option("--offline", help="Never touch the network, even with SOYPACE_REFRESH set.")]


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", envvar="SOYPACE_QUIET", help="Nothing on stderr on success (errors still); data or a report asked for still goes out.")]
CheckOpt = Annotated[bool, typer.Option("--check", envvar="SOYPACE_CHECK", help="Exit 3 if behind the path, 4 if a deadline was missed, 5 if the data is stale (0: on track or met).")]
_quiet = False


def be_quiet(value: bool) -> None:
    global _quiet
    _quiet = value


def warn(message: str) -> None:
    if not _quiet:
        typer.echo(f"soypace: warning: {message}", err=True)


def info(message: str) -> None:
    if not _quiet:
        typer.echo(f"soypace: {message}", err=True)


def make_client():
    """The ESR client, configured from the environment; says once on stderr when using DEMO_KEY."""
    from soypace.data.client import DEMO_LIMITS, KEY_SIGNUP, EsrClient, api_key_from_env

    key = api_key_from_env()
    if key.is_demo:
        info(f"using api.data.gov's shared DEMO_KEY ({DEMO_LIMITS}); set SOYPACE_API_KEY to a free key from {KEY_SIGNUP}")
    read_timeout = float(os.environ.get("SOYPACE_HTTP_TIMEOUT", "60"))
    backoff = float(os.environ.get("SOYPACE_HTTP_BACKOFF", "0.5"))
    return EsrClient(key=key, timeout=(min(10.0, read_timeout), read_timeout), backoff_factor=backoff)


def run_fetch_plan(plan, *, show_progress: bool = True):
    """Run a fetch with a progress bar on a terminal; returns the summary (errors propagate)."""
    from soypace.data.fetch import run_fetch
    from soypace.data.store import Store

    with Store.open_default() as store, make_client() as client:
        if show_progress and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            scopes = 1 if plan.countries is None else len(plan.countries)
            with Progress(console=Console(stderr=True), transient=True) as bar:
                task = bar.add_task("fetching", total=len(plan.market_years) * scopes)
                return run_fetch(client, store, plan, progress=lambda label: bar.update(task, advance=1, description=label))
        return run_fetch(client, store, plan)


def refresh_plan(query):
    """What `--refresh` fetches: the default years plus any the target's window needs."""
    from soypace.data.codes import CHINA, UNKNOWN, commodity as commodity_info
    from soypace.data.fetch import FetchPlan, default_market_years
    from soypace.calendar import market_year_of

    t = query.target
    month = commodity_info(t.commodity).market_year_start_month
    today = dt.date.today()
    years = set(default_market_years(today, month))
    last = min(t.last_deadline, today)
    years.update(range(market_year_of(t.start, month), market_year_of(last, month) + 1))
    countries = tuple(sorted({query.country, CHINA, UNKNOWN}))
    return FetchPlan(t.commodity, tuple(sorted(years)), countries)


def load_data(query, refresh: bool = False, offline: bool = False):
    """The dataset a reading command stands on; refreshes first when asked, never when offline."""
    from soypace.data.sources import choose_dataset

    if refresh and not offline:
        from soypace.data.client import ApiError

        try:
            info(run_fetch_plan(refresh_plan(query)).sentence())
        except ApiError as exc:
            warn(f"could not refresh ({exc}); showing the data already stored")
    dataset, notes = choose_dataset(query.target.commodity, query.country, query.target.start)
    for note in notes:
        warn(note)
    return dataset


def warn_if_stale(latest, query) -> bool:
    """A staleness warning on stderr when the newest week (a date, or a Result whose meta has it)
    is older than USDA's calendar promises; a replay of the past (--as-of) is never stale.
    Returns whether it was stale."""
    from soypace.calendar import now_eastern
    from soypace.data.sources import stale_note

    if hasattr(latest, "meta"):
        latest = latest.meta.get("latest_week")
    if query.as_of is None and latest:
        note = stale_note(latest, now_eastern())
        if note:
            warn(note)
            return True
    return False


BomOpt = Annotated[bool, typer.Option("--bom", envvar="SOYPACE_CSV_BOM", help="Start CSV with a UTF-8 byte-order mark, for Excel.")]


def emit(result, fmt: Format, bom: bool | None = None) -> None:
    """Data to stdout; for CSV, whose cells have no room for it, the provenance goes to stderr."""
    from soypace.render.formats import render

    if bom is None:
        bom = os.environ.get("SOYPACE_CSV_BOM", "").lower() in ("1", "true", "yes")
    render(result, fmt.value, sys.stdout, bom=bom)
    if fmt is Format.csv:
        for line in result.provenance():
            info(line)



MethodOpt = Annotated[Optional[list[str]], typer.Option("--method", "-m", help="run-rate, since-start, seasonal or bootstrap; repeatable. Default: all.")]
WindowOpt = Annotated[int, typer.Option("--window", help="Weeks averaged by run-rate.", min=1)]
SimulationsOpt = Annotated[int, typer.Option("--simulations", help="Bootstrap paths.", min=100, max=1_000_000)]
SeedOpt = Annotated[int, typer.Option("--seed", envvar="SOYPACE_SEED", help="Bootstrap seed; the default is fixed, so runs repeat exactly.")]
YearsOpt = Annotated[Optional[str], typer.Option("--years", help="Past marketing years for seasonal and bootstrap, by end year: 2020,2021 (default: all in the data).")]
ExcludeOpt = Annotated[Optional[str], typer.Option("--exclude-years", help="Past marketing years to leave out, e.g. trade-war years: 2019,2020.")]


def build_projection_options(method, window, simulations, seed, years, exclude):
    """Options -> outlook.Options, refusing unknown methods and malformed year lists."""
    from soypace.views.project import Options
    from soypace.model.projections import METHODS

    methods = tuple(method) if method else tuple(METHODS)
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise UsageError(f"unknown method {unknown[0]!r}; choose from {', '.join(METHODS)}")

    def year_list(text, option):
        if text is None:
            return None
        try:
            return tuple(int(y) for y in text.split(",") if y.strip())
        except ValueError:
            raise UsageError(f"{option} {text!r} is not a comma-separated list of years like 2020,2021") from None

    return Options(methods=methods, window=window, simulations=simulations, seed=seed,
                   years=year_list(years, "--years"), exclude_years=year_list(exclude, "--exclude-years") or ())


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: a reader never sees half a file."""
    import tempfile

    path = Path(path)
    mode = "wb" if isinstance(data, bytes) else "w"
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as exc:
        raise SoypaceError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def method_options(simulations: int = 10_000):
    """Adds the projection-method options (--method, --window, --simulations, --seed, --years,
    --exclude-years) and hands the command an outlook.Options as ``options``."""
    added = [("method", MethodOpt, None), ("window", WindowOpt, 4), ("simulations", SimulationsOpt, simulations),
             ("seed", SeedOpt, 20251030), ("years", YearsOpt, None), ("exclude_years", ExcludeOpt, None)]

    def build(method, window, simulations, seed, years, exclude_years):
        return build_projection_options(method, window, simulations, seed, years, exclude_years)

    return lambda func: _extend_signature(func, "options", added, build)
