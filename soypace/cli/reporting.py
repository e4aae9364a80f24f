"""The commands for unattended use: the weekly report and the pace chart."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from soypace import SoypaceError, UsageError
from soypace.cli.common import (
    UNKNOWN_CODE, CheckOpt, OfflineOpt, QuietOpt, RefreshOpt, SeedOpt, app, be_quiet, handles_errors, info, ledger,
    load_data, query_options, warn_if_stale, write_atomically,
)


class ReportFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    text = "text"


@app.command()
@handles_errors
@query_options(custom=False, unknown=True, nowcast=True)
def report(
    query,
    ctx: typer.Context,
    all_targets: Annotated[bool, typer.Option("--all", envvar="SOYPACE_ALL_TARGETS", help="Every active target (started, a deadline still open at the as-of week).")] = False,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", envvar="SOYPACE_REPORT_FORMAT", help="markdown, html (one self-contained file, chart inline) or text.")] = ReportFormat.markdown,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", envvar="SOYPACE_REPORT_OUTPUT", help="Write the report here (atomically) instead of stdout.", dir_okay=False)] = None,
    no_timestamp: Annotated[bool, typer.Option("--no-timestamp", envvar="SOYPACE_NO_TIMESTAMP", help="Leave out the 'Generated:' line, so identical data gives identical bytes.")] = False,
    check: CheckOpt = False,
    quiet: QuietOpt = False,
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
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
    from soypace.render.document import render_document
    from soypace.views.project import Options
    from soypace.views.report import active_targets, build_report, check_code
    from soypace.model.targets import load_targets

    be_quiet(quiet)
    first = query
    dataset = load_data(first, refresh, offline)
    queries = [first]
    if all_targets:
        if ctx.get_parameter_source("target").name != "DEFAULT":
            raise UsageError("give --target or --all, not both")
        from dataclasses import replace
        from soypace.views.status import resolve

        as_of_week = resolve(dataset, first).as_of if first.as_of else dataset.latest_week(first.target.commodity, first.country)
        chosen = active_targets(load_targets(ctx.params.get("targets_file")), as_of_week)
        if not chosen:
            raise SoypaceError(f"no target is active at the week ending {as_of_week}; name one with --target")
        queries = [replace(first, target=t) for t in chosen]
    store_changes = None
    if dataset.kind == "store":
        from soypace.data.store import open_existing_store

        with open_existing_store() as store:
            store_changes = store.latest_changes(first.target.commodity, (first.country, UNKNOWN_CODE))
    stamp = None if no_timestamp else dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    doc, rows = build_report(dataset, queries, options=Options(seed=seed), flash=ledger() if query.nowcast else (),
                             store_changes=store_changes, generated_at=stamp, html_chart=fmt is ReportFormat.html)
    body = render_document(doc, fmt.value)
    if output:
        write_atomically(output, body)
        info(f"wrote {output}")
    else:
        sys.stdout.write(body)
    stale = warn_if_stale(dataset.latest_week(first.target.commodity, first.country), first)
    if check:
        raise typer.Exit(check_code(rows, stale))


@app.command()
@handles_errors
@query_options(custom=False)
def chart(
    query,
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
    from soypace.render.chart import chart_data, picture, terminal
    from soypace.render.formats import use_rich
    from soypace.views.status import resolve, status_result

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
