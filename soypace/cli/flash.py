"""The flash-sale ledger commands: soypace flash add, import, list, remove."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from soypace import UsageError
from soypace.cli.core import app, info, warn
from soypace.cli.options import output_options, parse_tonnage
from soypace.cli.output import Output, session

flash_app = typer.Typer(
    help=(
        "The flash-sale ledger: USDA's daily announcements of single sales of 100,000 MT or more.\n\n"
        "There is no API for them, so you keep the ledger: add sales as they are announced, or import a CSV. "
        "`soypace status --nowcast` adds only those whose sale window (the days a sale can have been "
        "made, from its announcement) lies wholly after the last weekly report."
    ),
    no_args_is_help=True,
)
app.add_typer(flash_app, name="flash")


@flash_app.command("add")
def flash_add(
    date: Annotated[str, typer.Option("--date", help="The announcement date (YYYY-MM-DD).")],
    mt_text: Annotated[str, typer.Option("--mt", help="Tonnage in metric tons: 336000, 336,000 or 3.36e5.")],
    destination: Annotated[str, typer.Option("--destination", help="china or unknown.")] = "china",
    marketing_year: Annotated[
        str | None,
        typer.Option("--marketing-year", help="e.g. 2025/2026 (default: the year of the date)."),
    ] = None,
    sale_date: Annotated[
        str | None, typer.Option("--sale-date", help="The sale date, when the announcement gives it.")
    ] = None,
    source: Annotated[str, typer.Option("--source", help="Where you read it (a URL).")] = "",
    force: Annotated[
        str | None,
        typer.Option(
            "--force",
            metavar="KIND",
            help=(
                "Accept a figure under 100,000 MT, saying what it is: weekly-total or cumulative (an "
                "announcement that sums sales; never added to the nowcast)."
            ),
        ),
    ] = None,
) -> None:
    """Add one flash sale to the ledger.

    A single flash sale is 100,000 MT or more (FAS's daily-reporting threshold); a smaller figure
    is refused unless --force says it is a weekly total or a cumulative figure.

    \b
      soypace flash add --date 2026-01-06 --mt 336000
      soypace flash add --date 2026-01-15 --mt 435000 --destination unknown
      soypace flash add --date 2026-01-16 --mt 80000 --force weekly-total
    """
    from soypace.calendar import market_year_of
    from soypace.data.ledger import (
        SINGLE,
        FlashSale,
        parse_day,
        parse_destination,
        parse_kind,
        parse_market_year,
        validate,
    )

    mt = parse_tonnage(mt_text, "--mt")
    kind = parse_kind(force) if force is not None else SINGLE
    if force is not None and kind == SINGLE:
        raise UsageError("--force takes weekly-total or cumulative")

    announced = parse_day(date, "--date")
    sold = parse_day(sale_date, "--sale-date") if sale_date else None
    year = parse_market_year(marketing_year) if marketing_year else market_year_of(sold or announced)
    sale = validate(
        FlashSale(announced, mt, parse_destination(destination), year, sold, source, kind=kind),
        dt.date.today(),
    )
    with session() as s:
        added, _ = s.writable_store().add_flash([sale])
    info(
        f"added {mt:,} MT on {sale.dated}"
        if added
        else "that flash sale is already in the ledger; nothing added"
    )


@flash_app.command("import")
def flash_import(
    file: Annotated[
        Path | None,
        typer.Argument(
            help=(
                "CSV with columns sale_or_report_date, announced, quantity_mt, marketing_year, "
                "destination, date_note, source_url."
            ),
            dir_okay=False,
        ),
    ] = None,
    example: Annotated[
        bool,
        typer.Option("--example", help="Import the shipped real (incomplete) list of 2025/26 announcements."),
    ] = False,
) -> None:
    """Import flash sales from a CSV; importing the same file twice adds nothing.

    \b
      soypace flash import --example
      soypace flash import my-flash-sales.csv
    """
    from soypace.data.ledger import decode_ledger, example_ledger_path, read_ledger_csv

    if bool(file) == bool(example):
        raise UsageError("give a CSV file or --example (not both)")
    path = example_ledger_path() if example or file is None else file
    try:
        text = decode_ledger(path.read_bytes(), str(path))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    sales = read_ledger_csv(text, dt.date.today(), str(path))
    with session() as s:
        added, already = s.writable_store().add_flash(sales)
    info(f"imported {added} flash sale(s) from {path.name} ({already} already in the ledger)")
    if example:
        warn(
            "the shipped list is incomplete: most of mid-December 2025 and everything after Jan 15 "
            "2026 is missing"
        )


@flash_app.command("list")
@output_options
def flash_list(out: Output) -> None:
    """List the ledger, oldest first."""
    from soypace.views.listing import ledger_result

    with session() as s:
        out.emit(ledger_result(s))


@flash_app.command("remove")
def flash_remove(
    flash_id: Annotated[int, typer.Argument(metavar="ID", help="The id from `soypace flash list`.")],
) -> None:
    """Remove one flash sale from the ledger."""
    with session() as s:
        if not s.existing_store(writable=True).remove_flash(flash_id):
            raise UsageError(f"no flash sale with id {flash_id}; see `soypace flash list`")
    info(f"removed flash sale {flash_id}")
