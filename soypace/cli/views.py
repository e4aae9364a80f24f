"""The commands that show where a target stands: status, weeks, targets, countries."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from soypace.cli.common import (
    CheckOpt, OfflineOpt, QuietOpt, RefreshOpt, TargetsFileOpt, app, be_quiet, handles_errors, ledger, load_data,
    output_options, query_options, warn_if_stale,
)


@app.command()
@handles_errors
@query_options(unknown=True, nowcast=True)
@output_options
def status(
    query,
    out,
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
    check: CheckOpt = False,
    quiet: QuietOpt = False,
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
    from soypace.views.status import status_result

    be_quiet(quiet)
    result = status_result(load_data(query, refresh, offline), query, ledger() if query.nowcast else ())
    out.emit(result)
    stale = warn_if_stale(result, query)
    if check:
        from soypace.views.report import check_code

        raise typer.Exit(check_code(result.rows, stale))


@app.command()
@handles_errors
@query_options(unknown=True)
@output_options
def weeks(
    query,
    out,
    path_to: Annotated[Optional[str], typer.Option("--path-to", help="Which deadline the path column aims at (default: the last).")] = None,
    revisions: Annotated[bool, typer.Option("--revisions", help="Show what later USDA releases changed in these weeks (from the local store).")] = False,
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
    from soypace.views.weeks import revisions_result, weeks_result

    dataset = load_data(query, refresh, offline)
    if revisions:
        from soypace.data.store import open_existing_store

        store = open_existing_store() if dataset.kind == "store" else None
        changes = []
        if store is not None:
            with store:
                changes = store.revisions(query.target.commodity, query.country, query.target.start,
                                          query.as_of or query.target.last_deadline)
        out.emit(revisions_result(dataset, query, changes))
        return
    result = weeks_result(dataset, query, path_to)
    out.emit(result)
    warn_if_stale(result, query)


@app.command()
@handles_errors
@output_options
def targets(out, targets_file: TargetsFileOpt = None) -> None:
    """List the purchase targets, their deadlines and the sources of their terms.

    Add your own with a TOML file of the same shape as data/targets.toml:

      soypace targets --targets my-targets.toml
    """
    from soypace.views.status import targets_result
    from soypace.model.targets import load_targets

    out.emit(targets_result(load_targets(targets_file)))


@app.command()
@handles_errors
@output_options
def countries(out) -> None:
    """List the destination codes and names that --country accepts."""
    from soypace.data.codes import all_countries
    from soypace.render.formats import Result
    from soypace.data.store import open_existing_store

    rows = [{"code": c.code, "name": c.name, "api_name": c.api_name} for c in all_countries()]
    source = "data/countries.csv (every destination in the shipped data)"
    store = open_existing_store()
    if store is not None:
        with store:
            fetched = store.countries()
        if fetched:
            rows = [{"code": c["code"], "name": c["name"], "api_name": c["api_name"]} for c in fetched]
            source = f"USDA's /countries list as fetched into {store.path}"
    out.emit(Result("ESR destinations", ["code", "name", "api_name"], rows, {"source": source}))
