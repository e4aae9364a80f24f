"""The live sources' commands: soypace sources check."""

import datetime as dt
from typing import Annotated

import typer

from soypace import UsageError
from soypace.cli.core import app
from soypace.cli.options import output_options
from soypace.cli.output import Output, session

sources_app = typer.Typer(
    help=(
        "The two live USDA sources of the weekly export sales: FAS's ESR API (needs an api.data.gov "
        "key) and AMS AgTransport's copy (no key). `soypace fetch --source` chooses one."
    ),
    no_args_is_help=True,
)
app.add_typer(sources_app, name="sources")


@sources_app.command("check")
@output_options
def sources_check(
    out: Output,
    market_year: Annotated[
        list[int] | None,
        typer.Option(
            "--market-year",
            "-y",
            help="Marketing year by its end year (2026 = 2025/26); repeatable. Default: the current one.",
        ),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country", "-c", help="Destination code or name; repeatable. Default: china and unknown."
        ),
    ] = None,
    all_countries: Annotated[
        bool, typer.Option("--all-countries", help="Every destination (large answers).")
    ] = False,
    commodity: Annotated[
        int,
        typer.Option("--commodity", envvar="SOYPACE_COMMODITY", help="ESR commodity code (801 = soybeans)."),
    ] = 801,
) -> None:
    """Fetch the same weeks from both sources and list every difference, field by field.

    Nothing is stored. One row per difference: a week only one source has, a figure only one gives,
    or a figure that differs (difference = agtransport - fas); no rows when they agree. Needs an
    API key for the FAS side (SOYPACE_API_KEY or DATA_GOV_API_KEY); without one it says so and
    exits 1.

    Examples:

    \b
      soypace sources check
      soypace sources check --market-year 2026 --format csv
    """
    from soypace.calendar import market_year_of
    from soypace.data.codes import commodity as commodity_info
    from soypace.data.codes import resolve_country
    from soypace.data.fetch import DEFAULT_COUNTRIES
    from soypace.views.sources import check_sources

    month = commodity_info(commodity).market_year_start_month
    today = dt.date.today()
    for year in market_year or ():
        if not 1990 <= year <= today.year + 2:
            raise UsageError(f"--market-year {year} is out of range (2026 means 2025/26)")
    years = tuple(sorted(set(market_year))) if market_year else (market_year_of(today, month),)
    if all_countries and country:
        raise UsageError("give --country or --all-countries, not both")
    countries = (
        None
        if all_countries
        else tuple(resolve_country(c) for c in country)
        if country
        else DEFAULT_COUNTRIES
    )
    with session() as s:
        out.emit(check_sources(s, commodity, countries, years))
