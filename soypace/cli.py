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
    if with_unknown:
        if unknown_share not in (None, 1.0):
            raise UsageError("--with-unknown means --unknown-share 1; give one of them")
        unknown_share = 1.0
    if unknown_share is not None and not 0.0 <= unknown_share <= 1.0:
        raise UsageError(f"--unknown-share {unknown_share:g} is not between 0 and 1")
    return Query(target=chosen, country=resolve_country(country), basis=basis.value, as_of=parse_date(as_of, "--as-of"),
                 unknown_share=unknown_share, nowcast=nowcast, today=dt.date.today())


def ledger() -> list:
    """The user's flash-sale ledger (empty when there is no store yet)."""
    from soypace.store import open_existing_store

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
    from soypace.client import DEMO_LIMITS, KEY_SIGNUP, EsrClient, api_key_from_env

    key = api_key_from_env()
    if key.is_demo:
        info(f"using api.data.gov's shared DEMO_KEY ({DEMO_LIMITS}); set SOYPACE_API_KEY to a free key from {KEY_SIGNUP}")
    read_timeout = float(os.environ.get("SOYPACE_HTTP_TIMEOUT", "60"))
    backoff = float(os.environ.get("SOYPACE_HTTP_BACKOFF", "0.5"))
    return EsrClient(key=key, timeout=(min(10.0, read_timeout), read_timeout), backoff_factor=backoff)


def run_fetch_plan(plan, *, show_progress: bool = True):
    """Run a fetch with a progress bar on a terminal; returns the summary (errors propagate)."""
    from soypace.fetch import run_fetch
    from soypace.store import Store

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
    from soypace.codes import CHINA, UNKNOWN, commodity as commodity_info
    from soypace.fetch import FetchPlan, default_market_years
    from soypace.schedule import market_year_of

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
    from soypace.sources import choose_dataset

    if refresh and not offline:
        from soypace.client import ApiError

        try:
            info(run_fetch_plan(refresh_plan(query)).sentence())
        except ApiError as exc:
            warn(f"could not refresh ({exc}); showing the data already stored")
    dataset, notes = choose_dataset(query.target.commodity, query.country, query.target.start)
    for note in notes:
        warn(note)
    return dataset


def warn_if_stale(result, query) -> bool:
    """A staleness warning on stderr when the newest week is older than USDA's calendar promises;
    a replay of the past (--as-of) is never stale. Returns whether it was stale."""
    from soypace.schedule import now_eastern
    from soypace.sources import stale_note

    latest = result.meta.get("latest_week")
    if query.as_of is None and latest:
        note = stale_note(latest, now_eastern())
        if note:
            warn(note)
            return True
    return False


BomOpt = Annotated[bool, typer.Option("--bom", envvar="SOYPACE_CSV_BOM", help="Start CSV with a UTF-8 byte-order mark, for Excel.")]


def emit(result, fmt: Format, bom: bool | None = None) -> None:
    """Data to stdout; for CSV, whose cells have no room for it, the provenance goes to stderr."""
    from soypace.formats import render

    if bom is None:
        bom = os.environ.get("SOYPACE_CSV_BOM", "").lower() in ("1", "true", "yes")
    render(result, fmt.value, sys.stdout, bom=bom)
    if fmt is Format.csv:
        for line in result.provenance():
            info(line)


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
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
    unknown_share: UnknownShareOpt = None,
    with_unknown: WithUnknownOpt = False,
    nowcast: NowcastOpt = False,
    check: CheckOpt = False,
    quiet: QuietOpt = False,
    bom: BomOpt = False,
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
      soypace status --as-of 2026-01-08 --with-unknown
      soypace status --as-of 2026-01-07 --nowcast

    Views of China's buying, always labelled: confirmed (China's own rows, the default);
    --unknown-share X adds X times the unknown destinations' outstanding sales (the pool of
    sold-but-undeclared tonnage) in its own column; --with-unknown is X = 1, the upper bound.
    --nowcast adds flash sales dated after the last weekly report (never one a report covers).
    """
    from soypace.status import status_result

    query = build_query(target, targets_file, as_of, basis, country, target_mt, start, deadline,
                        unknown_share, with_unknown, nowcast)
    be_quiet(quiet)
    result = status_result(load_data(query, refresh, offline), query, ledger() if nowcast else ())
    emit(result, fmt, bom)
    stale = warn_if_stale(result, query)
    if check:
        from soypace.report import check_code

        raise typer.Exit(check_code(result.rows, stale))


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
    revisions: Annotated[bool, typer.Option("--revisions", help="Show what later USDA releases changed in these weeks (from the local store).")] = False,
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
    unknown_share: UnknownShareOpt = None,
    with_unknown: WithUnknownOpt = False,
    bom: BomOpt = False,
) -> None:
    """The weekly series behind a target, for spreadsheets.

    One row per week from the target's start to the as-of week: net sales, exports, the purchases
    counted on the basis, the running total, the straight-line path and ahead/behind. Weeks the
    data lacks are shown as gaps, never as zero.

    Beside them: unknown destinations' net sales and outstanding pool, and likely switches: a
    week where the unknown destinations' net sales fall while the country's rise is marked with
    the smaller of the two moves (tonnage that plausibly moved from unknown to the country). The
    weekly data does not say so directly, and a switch is not a new sale overall.

    Examples:

    \b
      soypace weeks
      soypace weeks --target calendar-2026 --format csv > weeks.csv
      soypace weeks --revisions
    """
    from soypace.weekly import revisions_result, weeks_result

    query = build_query(target, targets_file, as_of, basis, country, target_mt, start, deadline,
                        unknown_share, with_unknown)
    dataset = load_data(query, refresh, offline)
    if revisions:
        from soypace.store import open_existing_store

        store = open_existing_store() if dataset.kind == "store" else None
        changes = []
        if store is not None:
            with store:
                changes = store.revisions(query.target.commodity, query.country, query.target.start,
                                          query.as_of or query.target.last_deadline)
        emit(revisions_result(dataset, query, changes), fmt, bom)
        return
    result = weeks_result(dataset, query, path_to)
    emit(result, fmt, bom)
    warn_if_stale(result, query)


@app.command()
@handles_errors
def targets(
    targets_file: TargetsFileOpt = None,
    fmt: FormatOpt = Format.table,
    bom: BomOpt = False,
) -> None:
    """List the purchase targets, their deadlines and the sources of their terms.

    Add your own with a TOML file of the same shape as data/targets.toml:

      soypace targets --targets my-targets.toml
    """
    from soypace.status import targets_result
    from soypace.targets import load_targets

    emit(targets_result(load_targets(targets_file)), fmt, bom)


@app.command()
@handles_errors
def countries(fmt: FormatOpt = Format.table) -> None:
    """List the destination codes and names that --country accepts."""
    from soypace.codes import all_countries
    from soypace.formats import Result

    rows = [{"code": c.code, "name": c.name, "api_name": c.api_name} for c in all_countries()]
    emit(Result("ESR destinations", ["code", "name", "api_name"], rows, {"source": "data/countries.csv"}), fmt)


@app.command()
@handles_errors
def fetch(
    market_year: Annotated[Optional[list[int]], typer.Option("--market-year", "-y", help="Marketing year by its end year (2026 = 2025/26); repeatable. Default: the years this calendar year's targets need.")] = None,
    since_year: Annotated[Optional[int], typer.Option("--since-year", help="Backfill every marketing year from this one (end year) to the current one.")] = None,
    country: Annotated[Optional[list[str]], typer.Option("--country", "-c", help="Destination code or name; repeatable. Default: china and unknown.")] = None,
    all_countries: Annotated[bool, typer.Option("--all-countries", help="Every destination (one request per year).")] = False,
    commodity: Annotated[int, typer.Option("--commodity", envvar="SOYPACE_COMMODITY", help="ESR commodity code (801 = soybeans).")] = 801,
    force: Annotated[bool, typer.Option("--force", help="Fetch even what the store already has in full.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Fetch USDA's weekly export sales into the local store (incrementally).

    Asks /datareleasedates first and downloads only what changed: a closed marketing year already
    stored is never fetched again (unless --force), the current one only after a new release.
    Everything is written in one transaction: a failed or killed fetch leaves the store as it was.
    Revised weeks keep their old versions (see `soypace weeks --revisions`).

    The API key comes from SOYPACE_API_KEY (or DATA_GOV_API_KEY), sent only as a header; without
    one, api.data.gov's shared DEMO_KEY is used (30 requests an hour, 50 a day). SOYPACE_API_URL
    overrides the API's address; SOYPACE_HOME the store's folder.

    Examples:

    \b
      soypace fetch
      soypace fetch --since-year 2020
      soypace fetch --market-year 2026 --all-countries
    """
    from soypace.codes import commodity as commodity_info, resolve_country
    from soypace.fetch import DEFAULT_COUNTRIES, FetchPlan, default_market_years, market_years_since

    info_ = commodity_info(commodity)
    today = dt.date.today()
    if market_year and since_year:
        raise UsageError("give --market-year or --since-year, not both")
    if since_year is not None:
        if not 1990 <= since_year <= today.year + 2:
            raise UsageError(f"--since-year {since_year} is out of range")
        years = market_years_since(since_year, today, info_.market_year_start_month)
    elif market_year:
        for year in market_year:
            if not 1990 <= year <= today.year + 2:
                raise UsageError(f"--market-year {year} is out of range (the API names a marketing year by its end year, e.g. 2026 for 2025/26)")
        years = tuple(sorted(set(market_year)))
    else:
        years = default_market_years(today, info_.market_year_start_month)
    if all_countries and country:
        raise UsageError("give --country or --all-countries, not both")
    countries = None if all_countries else tuple(resolve_country(c) for c in country) if country else DEFAULT_COUNTRIES
    be_quiet(quiet)
    plan = FetchPlan(commodity, years, countries, force)
    summary = run_fetch_plan(plan, show_progress=not quiet)
    for line in summary.fetched:
        info(f"fetched {line}")
    info(summary.sentence())


@app.command()
@handles_errors
def log(
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many fetches to show.")] = 20,
    fmt: FormatOpt = Format.table,
) -> None:
    """The fetch log: when each fetch ran, what it asked, how many requests and records, and errors."""
    from soypace.formats import Result
    from soypace.store import Store

    with Store.open_default(create=False) as store:
        rows = store.fetch_log(limit)
        path = store.path
    columns = ["id", "started_at", "finished_at", "what", "requests", "records", "new_records", "new_weeks", "revised", "release", "ok", "error"]
    emit(Result("Fetch log (newest first)", columns, rows, {"source": f"local store at {path}"}), fmt)


MethodOpt = Annotated[Optional[list[str]], typer.Option("--method", "-m", help="run-rate, since-start, seasonal or bootstrap; repeatable. Default: all.")]
WindowOpt = Annotated[int, typer.Option("--window", help="Weeks averaged by run-rate.", min=1)]
SimulationsOpt = Annotated[int, typer.Option("--simulations", help="Bootstrap paths.", min=100, max=1_000_000)]
SeedOpt = Annotated[int, typer.Option("--seed", envvar="SOYPACE_SEED", help="Bootstrap seed; the default is fixed, so runs repeat exactly.")]
YearsOpt = Annotated[Optional[str], typer.Option("--years", help="Past marketing years for seasonal and bootstrap, by end year: 2020,2021 (default: all in the data).")]
ExcludeOpt = Annotated[Optional[str], typer.Option("--exclude-years", help="Past marketing years to leave out, e.g. trade-war years: 2019,2020.")]


def projection_options(method, window, simulations, seed, years, exclude):
    """Options -> outlook.Options, refusing unknown methods and malformed year lists."""
    from soypace.outlook import Options
    from soypace.projections import METHODS

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


@app.command()
@handles_errors
def project(
    target: TargetOpt = None,
    targets_file: TargetsFileOpt = None,
    as_of: AsOfOpt = None,
    basis: BasisOpt = Basis.commitments,
    country: CountryOpt = "china",
    fmt: FormatOpt = Format.table,
    target_mt: TargetMtOpt = None,
    start: StartOpt = None,
    deadline: DeadlineOpt = None,
    method: MethodOpt = None,
    window: WindowOpt = 4,
    simulations: SimulationsOpt = 10_000,
    seed: SeedOpt = 20251030,
    years: YearsOpt = None,
    exclude_years: ExcludeOpt = None,
    offline: OfflineOpt = False,
    bom: BomOpt = False,
) -> None:
    """Shortfall estimates: every projection method side by side for each open deadline.

    Methods (none is a model of buyers; their ranges are spreads of an assumption):

    \b
      run-rate     the mean of the last N weeks (--window) carried to the deadline
      since-start  the mean weekly pace since the window opened
      seasonal     the remaining weeks shaped like past marketing years (China's
                   history in the data; --years / --exclude-years); left out
                   when there is no history
      bootstrap    10,000 paths resampling blocks of weeks seen so far (and past
                   years' same season, rescaled): P10, P50, P90 and the share of
                   paths that reach the target

    Each row gives the projected total, surplus or shortfall, the range where the method has
    one, the share reaching the target, and the week the method expects the target reached.

    \b
      soypace project --as-of 2025-12-18
      soypace project --target calendar-2026 --method bootstrap --seed 7
    """
    from soypace.outlook import project_result

    query = build_query(target, targets_file, as_of, basis, country, target_mt, start, deadline)
    options = projection_options(method, window, simulations, seed, years, exclude_years)
    result = project_result(load_data(query, False, offline), query, options)
    emit(result, fmt, bom)
    warn_if_stale(result, query)


@app.command()
@handles_errors
def backtest(
    target: TargetOpt = None,
    targets_file: TargetsFileOpt = None,
    basis: BasisOpt = Basis.commitments,
    country: CountryOpt = "china",
    fmt: FormatOpt = Format.table,
    method: MethodOpt = None,
    window: WindowOpt = 4,
    simulations: SimulationsOpt = 2_000,
    seed: SeedOpt = 20251030,
    years: YearsOpt = None,
    exclude_years: ExcludeOpt = None,
    per_week: Annotated[bool, typer.Option("--per-week", help="The per-week table instead of the summary (the default for --format csv).")] = False,
    bom: BomOpt = False,
) -> None:
    """How each projection method would have done on a target whose deadlines have passed.

    Replays every as-of week from the target's start to its last judged week, runs each method on
    the data up to that week only, and compares with the outcome: mean absolute error, bias, how
    often P10-P90 held the outcome, how often met/missed was called right, and the error by weeks
    left before the deadline. --format csv gives the per-week table for plotting.

    \b
      soypace backtest --target truce-2025
      soypace backtest --target truce-2025 --format csv > backtest.csv
    """
    from soypace.backtest import backtest_result

    query = build_query(target, targets_file, None, basis, country, None, None, None)
    options = projection_options(method, window, simulations, seed, years, exclude_years)
    result = backtest_result(load_data(query), query, options, per_week or fmt is Format.csv)
    emit(result, fmt, bom)


class ReportFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    text = "text"


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


@app.command()
@handles_errors
def report(
    target: TargetOpt = None,
    targets_file: TargetsFileOpt = None,
    all_targets: Annotated[bool, typer.Option("--all", envvar="SOYPACE_ALL_TARGETS", help="Every active target (started, a deadline still open at the as-of week).")] = False,
    as_of: AsOfOpt = None,
    basis: BasisOpt = Basis.commitments,
    country: CountryOpt = "china",
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", envvar="SOYPACE_REPORT_FORMAT", help="markdown, html (one self-contained file, chart inline) or text.")] = ReportFormat.markdown,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", envvar="SOYPACE_REPORT_OUTPUT", help="Write the report here (atomically) instead of stdout.", dir_okay=False)] = None,
    no_timestamp: Annotated[bool, typer.Option("--no-timestamp", envvar="SOYPACE_NO_TIMESTAMP", help="Leave out the 'Generated:' line, so identical data gives identical bytes.")] = False,
    check: CheckOpt = False,
    quiet: QuietOpt = False,
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
    unknown_share: UnknownShareOpt = None,
    with_unknown: WithUnknownOpt = False,
    nowcast: NowcastOpt = False,
    seed: SeedOpt = 20251030,
) -> None:
    """The weekly report, for cron and mail: headline, pacing, projections, the last 8 weeks, a
    chart, what the newest data changed, and what it stands on.

    The same data and --as-of give the same report byte for byte; the generation time is one
    line ('Generated: ...'), dropped by --no-timestamp. With --check the exit code says how things
    stand (3 behind, 4 a deadline missed, 5 data stale); without it a successful run exits 0.

    \b
      soypace report
      soypace report --format html --output report.html
      soypace report --all --check --quiet --output weekly.md
    """
    from soypace.document import render_document
    from soypace.outlook import Options
    from soypace.report import active_targets, build_report, check_code
    from soypace.targets import load_targets

    be_quiet(quiet)
    first = build_query(target, targets_file, as_of, basis, country, None, None, None, unknown_share, with_unknown, nowcast)
    dataset = load_data(first, refresh, offline)
    queries = [first]
    if all_targets:
        if target:
            raise UsageError("give --target or --all, not both")
        from dataclasses import replace
        from soypace.status import resolve

        as_of_week = resolve(dataset, first).as_of if first.as_of else dataset.latest_week(first.target.commodity, first.country)
        chosen = active_targets(load_targets(targets_file), as_of_week)
        if not chosen:
            raise SoypaceError(f"no target is active at the week ending {as_of_week}; name one with --target")
        queries = [replace(first, target=t) for t in chosen]
    store_changes = None
    if dataset.kind == "store":
        from soypace.store import open_existing_store

        with open_existing_store() as store:
            store_changes = store.latest_changes(first.target.commodity, (first.country, UNKNOWN_CODE))
    stamp = None if no_timestamp else dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    doc, rows = build_report(dataset, queries, options=Options(seed=seed), flash=ledger() if nowcast else (),
                             store_changes=store_changes, generated_at=stamp, html_chart=fmt is ReportFormat.html)
    body = render_document(doc, fmt.value)
    if output:
        write_atomically(output, body)
        info(f"wrote {output}")
    else:
        sys.stdout.write(body)
    stale = False
    if first.as_of is None:
        from soypace.schedule import now_eastern
        from soypace.sources import stale_note

        note = stale_note(dataset.latest_week(first.target.commodity, first.country), now_eastern())
        if note:
            warn(note)
            stale = True
    if check:
        raise typer.Exit(check_code(rows, stale))


@app.command()
@handles_errors
def chart(
    target: TargetOpt = None,
    targets_file: TargetsFileOpt = None,
    as_of: AsOfOpt = None,
    basis: BasisOpt = Basis.commitments,
    country: CountryOpt = "china",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Save as a picture (.png or .svg) instead of drawing in the terminal.", dir_okay=False)] = None,
    width: Annotated[int, typer.Option("--width", help="Terminal chart width in columns.", min=40, max=400)] = 100,
    height: Annotated[int, typer.Option("--height", help="Terminal chart height in rows.", min=10, max=200)] = 26,
    offline: OfflineOpt = False,
) -> None:
    """The pace chart: cumulative purchases against the straight-line path and the target, each
    deadline marked, the bootstrap's P10-P90 range shaded where a deadline is still open.

    \b
      soypace chart
      soypace chart --target calendar-2026 --output pace.png
    """
    from soypace.chart import chart_data, picture, terminal
    from soypace.formats import use_rich
    from soypace.status import resolve, status_result

    query = build_query(target, targets_file, as_of, basis, country, None, None, None)
    dataset = load_data(query, False, offline)
    data = chart_data(resolve(dataset, query), status_result(dataset, query).rows)
    if output is None:
        sys.stdout.write(terminal(data, width, height, colour=use_rich(sys.stdout) and not os.environ.get("NO_COLOR")))
        return
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in ("png", "svg"):
        raise UsageError(f"--output {output}: use a .png or .svg file name")
    write_atomically(output, picture(data, suffix))
    info(f"wrote {output}")


flash_app = typer.Typer(
    help=("The flash-sale ledger: USDA's daily announcements of single sales of 100,000 MT or more.\n\n"
          "There is no API for them, so you keep the ledger: add sales as they are announced, or import a CSV. "
          "`soypace status --nowcast` adds only those dated after the last weekly report."),
    no_args_is_help=True,
)
app.add_typer(flash_app, name="flash")


@flash_app.command("add")
@handles_errors
def flash_add(
    date: Annotated[str, typer.Option("--date", help="The announcement date (YYYY-MM-DD).")],
    mt: Annotated[int, typer.Option("--mt", help="Tonnage in metric tons.")],
    destination: Annotated[str, typer.Option("--destination", help="china or unknown.")] = "china",
    marketing_year: Annotated[Optional[str], typer.Option("--marketing-year", help="e.g. 2025/2026 (default: the year of the date).")] = None,
    sale_date: Annotated[Optional[str], typer.Option("--sale-date", help="The sale date, when the announcement gives it.")] = None,
    source: Annotated[str, typer.Option("--source", help="Where you read it (a URL).")] = "",
) -> None:
    """Add one flash sale to the ledger.

    \b
      soypace flash add --date 2026-01-06 --mt 336000
      soypace flash add --date 2026-01-15 --mt 435000 --destination unknown
    """
    from soypace.flash import FlashSale, parse_day, parse_destination, parse_market_year, validate
    from soypace.schedule import market_year_of
    from soypace.store import Store

    announced = parse_day(date, "--date")
    sold = parse_day(sale_date, "--sale-date") if sale_date else None
    year = parse_market_year(marketing_year) if marketing_year else market_year_of(sold or announced)
    sale = validate(FlashSale(announced, mt, parse_destination(destination), year, sold, source), dt.date.today())
    with Store.open_default() as store:
        added, _ = store.add_flash([sale])
    info(f"added {mt:,} MT on {sale.dated}" if added else "that flash sale is already in the ledger; nothing added")


@flash_app.command("import")
@handles_errors
def flash_import(
    file: Annotated[Optional[Path], typer.Argument(help="CSV with columns sale_or_report_date, announced, quantity_mt, marketing_year, destination, date_note, source_url.", dir_okay=False)] = None,
    example: Annotated[bool, typer.Option("--example", help="Import the shipped real (incomplete) list of 2025/26 announcements.")] = False,
) -> None:
    """Import flash sales from a CSV; importing the same file twice adds nothing.

    \b
      soypace flash import --example
      soypace flash import my-flash-sales.csv
    """
    from soypace.flash import example_ledger_path, read_ledger_csv
    from soypace.store import Store

    if bool(file) == bool(example):
        raise UsageError("give a CSV file or --example (not both)")
    path = example_ledger_path() if example else file
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    sales = read_ledger_csv(text, dt.date.today(), str(path))
    with Store.open_default() as store:
        added, already = store.add_flash(sales)
    info(f"imported {added} flash sale(s) from {path.name} ({already} already in the ledger)")
    if example:
        warn("the shipped list is incomplete: most of mid-December 2025 and everything after Jan 15 2026 is missing")


@flash_app.command("list")
@handles_errors
def flash_list(fmt: FormatOpt = Format.table) -> None:
    """List the ledger, oldest first."""
    from soypace.flash import ledger_rows
    from soypace.formats import Result
    from soypace.store import store_path

    sales = ledger()
    columns = ["id", "dated", "announced", "sale_date", "quantity_mt", "destination", "market_year", "note", "source"]
    notes = [] if sales else ["the ledger is empty: `soypace flash add` or `soypace flash import --example`"]
    emit(Result("Flash-sale ledger", columns, ledger_rows(sales), {"source": f"your flash-sale ledger in {store_path()}"}, notes=notes,
                display=[(c, c.replace("_", " ")) for c in columns if c not in ("note", "source")]), fmt)


@flash_app.command("remove")
@handles_errors
def flash_remove(flash_id: Annotated[int, typer.Argument(metavar="ID", help="The id from `soypace flash list`.")]) -> None:
    """Remove one flash sale from the ledger."""
    from soypace.store import Store

    with Store.open_default(create=False) as store:
        if not store.remove_flash(flash_id):
            raise UsageError(f"no flash sale with id {flash_id}; see `soypace flash list`")
    info(f"removed flash sale {flash_id}")


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
