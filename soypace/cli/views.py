"""The commands that show where a target stands: status, weeks, targets, countries."""

from typing import Annotated

import typer

from soypace.cli.core import app, be_quiet
from soypace.cli.options import QueryArgs, output_options, query_options
from soypace.cli.output import Format, Output, session
from soypace.cli.params import CheckOpt, OfflineOpt, QuietOpt, RefreshOpt, TargetsFileOpt


@app.command()
@query_options(unknown=True, nowcast=True)
@output_options
def status(
    query: QueryArgs,
    out: Output,
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
    check: CheckOpt = False,
    quiet: QuietOpt = False,
    wide: Annotated[
        bool, typer.Option("--wide", "-w", help="Every column: the full table of each target.")
    ] = False,
) -> None:
    """Is each purchase target being met? The verdict for every deadline, and the figures behind it.

    With no --target, a scoreboard: one block per target that has started, live ones first, one
    line per deadline (verdict, bought against the target in MMT, the margin, the weekly pace
    needed against the recent one, the reach share of the method `backtest --history` ranks best)
    and a sentence under each block. With --target, that target's full table. A deadline is judged
    on the last weekly report ending on or before it; before that its verdict (likely met, at risk,
    likely missed) comes from the projections, the straight line (days ahead of or behind it) is
    shown beside it.

    Examples:

    \b
      soypace status
      soypace status --target truce-2025 --as-of 2026-01-08
      soypace status --known-on 2026-01-15
      soypace status --basis shipments --format json
      soypace status --target-mt 5000000 --start 2026-01-01 --deadline 2026-06-30
      soypace status --as-of 2026-01-08 --with-unknown
      soypace status --as-of 2026-01-07 --nowcast

    Views of China's buying, always labelled: confirmed (China's own rows, the default);
    --unknown-share X shows two figures with the unknown destinations (the pool of
    sold-but-undeclared tonnage), in their own columns: the loose bound (confirmed + X times the
    whole pool, part of it booked before the window opened) and the since-window estimate
    (confirmed + X times what the pool gained since); --with-unknown is X = 1. --nowcast adds
    flash sales made after the last weekly report, by their sale windows; one that may already be
    in the weekly data is listed, never added.
    """
    from soypace.model.targets import load_targets
    from soypace.views.scoreboard import status_view
    from soypace.views.status import check_code

    be_quiet(quiet)
    scoreboard = query.target is None and query.custom is None
    with session(refresh, offline) as s:
        book = load_targets(query.targets_file) if scoreboard else None
        machine = out.fmt in (Format.csv, Format.json)
        results, judged, window = status_view(s, query.build(s), book, wide=wide, machine=machine)
        out.emit_all(results)
        stale = s.warn_if_stale(window)
    if check:
        raise typer.Exit(check_code(judged, stale))


@app.command()
@query_options(unknown=True)
@output_options
def weeks(
    query: QueryArgs,
    out: Output,
    path_to: Annotated[
        str | None,
        typer.Option("--path-to", help="Which deadline the path column aims at (default: the last)."),
    ] = None,  # noqa: E501
    revisions: Annotated[
        bool,
        typer.Option(
            "--revisions", help="Show what later USDA releases changed in these weeks (from the local store)."
        ),
    ] = False,  # noqa: E501
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
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
    from soypace.views.weeks import revisions_view, weeks_result

    with session(refresh, offline) as s:
        window = s.resolve(query.build(s))
        if revisions:
            out.emit(revisions_view(s, window))
            return
        out.emit(weeks_result(window, path_to))
        s.warn_if_stale(window)


@app.command()
@output_options
def targets(out: Output, targets_file: TargetsFileOpt = None) -> None:
    """List the purchase targets, their deadlines and the sources of their terms.

    Add your own with a TOML file of the same shape as data/targets.toml:

      soypace targets --targets my-targets.toml
    """
    from soypace.model.targets import load_targets
    from soypace.views.listing import targets_result

    out.emit(targets_result(load_targets(targets_file)))


@app.command()
@output_options
def countries(out: Output) -> None:
    """List the destination codes and names that --country accepts."""
    from soypace.views.listing import countries_result

    with session() as s:
        out.emit(countries_result(s))
