"""The commands for live USDA data: fetch and the fetch log."""

import datetime as dt
from typing import Annotated

import typer

from soypace import UsageError
from soypace.cli.core import app, be_quiet, info
from soypace.cli.options import check_market_year, destinations, output_options
from soypace.cli.output import Output, session
from soypace.cli.params import AllCountriesOpt, CommodityOpt, FetchCountryOpt, QuietOpt, Source, SourceOpt


@app.command()
def fetch(
    market_year: Annotated[
        list[int] | None,
        typer.Option(
            "--market-year",
            "-y",
            help=(
                "Marketing year by its end year (2026 = 2025/26); repeatable. Default: the years this "
                "calendar year's targets need."
            ),
        ),
    ] = None,
    since_year: Annotated[
        int | None,
        typer.Option(
            "--since-year", help="Backfill every marketing year from this one (end year) to the current one."
        ),
    ] = None,
    country: FetchCountryOpt = None,
    all_countries: AllCountriesOpt = False,
    commodity: CommodityOpt = 801,
    force: Annotated[
        bool, typer.Option("--force", help="Fetch even what the store already has in full.")
    ] = False,
    source: SourceOpt = Source.auto,
    quiet: QuietOpt = False,
) -> None:
    """Fetch USDA's weekly export sales into the local store (incrementally).

    From the FAS API (--source fas, the default when a key is set) it asks /datareleasedates first
    and downloads only what changed: a closed marketing year already stored is never fetched again
    (unless --force), the current one only after a new release. AgTransport (--source agtransport,
    the default without a key) has no release dates: a marketing year is fetched once in full when
    its last week is 8 weeks old, and a younger one is read again on every run.
    Everything is written in one transaction: a failed or killed fetch leaves the store as it was.
    Revised weeks keep their old versions and the source of each (see `soypace weeks --revisions`).

    The API key comes from SOYPACE_API_KEY (or DATA_GOV_API_KEY), sent only as a header; with
    --source fas and no key, api.data.gov's shared DEMO_KEY is used (30 requests an hour, 50 a day).
    SOYPACE_API_URL and SOYPACE_AGTRANSPORT_URL override the sources' addresses;
    SOYPACE_SOCRATA_APP_TOKEN (optional, sent only as a header) raises AgTransport's rate limit;
    SOYPACE_HOME sets the store's folder.

    Examples:

    \b
      soypace fetch
      soypace fetch --source agtransport
      soypace fetch --since-year 2020
      soypace fetch --market-year 2026 --all-countries
    """
    from soypace.data.codes import commodity as commodity_info
    from soypace.data.fetch import FetchPlan, default_market_years, market_years_since

    info_ = commodity_info(commodity)
    today = dt.date.today()
    if market_year and since_year:
        raise UsageError("give --market-year or --since-year, not both")
    if since_year is not None:
        since = check_market_year(since_year, "--since-year", today)
        years = market_years_since(since, today, info_.market_year_start_month)
    elif market_year:
        years = tuple(sorted({check_market_year(y, "--market-year", today) for y in market_year}))
    else:
        years = default_market_years(today, info_.market_year_start_month)
    be_quiet(quiet)
    plan = FetchPlan(commodity, years, destinations(country, all_countries), force)
    with session(show_progress=not quiet) as s:
        summary = s.fetch(plan, source.value)
    for line in summary.fetched:
        info(f"fetched {line}")
    info(summary.sentence())


@app.command()
@output_options
def log(
    out: Output,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many fetches to show.")] = 20,
) -> None:
    """The fetch log: when each fetch ran, what it asked, how many requests and records, and errors."""
    from soypace.views.listing import fetch_log_result

    if limit < 1:
        raise UsageError(f"--limit {limit} is not a number of fetches (1 or more)")
    with session() as s:
        out.emit(fetch_log_result(s.existing_store(), limit))
