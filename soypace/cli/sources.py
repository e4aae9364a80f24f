"""The live sources' commands: soypace sources check."""

import datetime as dt
from typing import Annotated

import typer

from soypace.cli.core import app
from soypace.cli.options import check_market_year, destinations, output_options
from soypace.cli.output import Output, session
from soypace.cli.params import AllCountriesOpt, CommodityOpt, FetchCountryOpt

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
    country: FetchCountryOpt = None,
    all_countries: AllCountriesOpt = False,
    commodity: CommodityOpt = 801,
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
    from soypace.views.sources import check_sources

    month = commodity_info(commodity).market_year_start_month
    today = dt.date.today()
    years = tuple(sorted({check_market_year(y, "--market-year", today) for y in market_year or ()}))
    with session() as s:
        out.emit(
            check_sources(
                s, commodity, destinations(country, all_countries), years or (market_year_of(today, month),)
            )
        )
