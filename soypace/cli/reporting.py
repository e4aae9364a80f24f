"""The commands for unattended use: the weekly report and the pace chart."""

import datetime as dt
import os
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from soypace import UsageError
from soypace.cli.core import app, be_quiet, info
from soypace.cli.options import QueryArgs, query_options
from soypace.cli.output import session, write_output
from soypace.cli.params import CheckOpt, OfflineOpt, QuietOpt, RefreshOpt, SeedOpt
from soypace.model.methods import DEFAULT_SEED


class ReportFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    text = "text"


AllOpt = Annotated[
    bool,
    typer.Option(
        "--all",
        envvar="SOYPACE_ALL_TARGETS",
        help="Every active target (started, a deadline still open at the as-of week).",
    ),
]
ReportFormatOpt = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        "-f",
        envvar="SOYPACE_REPORT_FORMAT",
        help="markdown, html (one self-contained file, chart inline) or text.",
    ),
]
ReportOutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        envvar="SOYPACE_REPORT_OUTPUT",
        help=(
            "Write the report here instead of stdout: a file is replaced atomically; a device, FIFO or "
            "symlink (/dev/null) is written through, never replaced."
        ),
        dir_okay=False,
    ),
]
NoTimestampOpt = Annotated[
    bool,
    typer.Option(
        "--no-timestamp",
        envvar="SOYPACE_NO_TIMESTAMP",
        help="Leave out the 'Generated: ...' line, so identical data gives identical bytes.",
    ),
]
ChartOutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Save as a picture (.png or .svg) instead of drawing in the terminal.",
        dir_okay=False,
    ),
]
WidthOpt = Annotated[
    int | None,
    typer.Option(
        "--width",
        help="Terminal chart width in columns [default: the terminal's, at most 100].",
        min=40,
        max=400,
    ),
]
HeightOpt = Annotated[int, typer.Option("--height", help="Terminal chart height in rows.", min=10, max=200)]


@app.command()
@query_options(custom=False, unknown=True, nowcast=True)
def report(
    query: QueryArgs,
    all_targets: AllOpt = False,
    fmt: ReportFormatOpt = ReportFormat.markdown,
    output: ReportOutputOpt = None,
    no_timestamp: NoTimestampOpt = False,
    check: CheckOpt = False,
    quiet: QuietOpt = False,
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
    seed: SeedOpt = DEFAULT_SEED,
) -> None:
    """The weekly report, for cron and mail: the verdicts at a glance, then for each target the
    pacing, projections, the last 8 weeks, a chart, what the newest data changed, and what it
    stands on. With no --target it covers every target that has started, the live ones first
    (--all: only those with a deadline still open).

    The same data and --as-of give the same report byte for byte; the generation time is one
    line ('Generated: ...'), dropped by --no-timestamp. With --check the exit code says how the
    live targets stand (3 behind, 4 a deadline missed, 5 data stale); without it a successful run
    exits 0.

    \b
      soypace report
      soypace report --format html --output report.html
      soypace report --all --check --quiet --output weekly.md
    """
    from soypace.model.methods import Options
    from soypace.render.document import render_document
    from soypace.views.report import weekly_report
    from soypace.views.status import check_code

    be_quiet(quiet)
    if all_targets and query.target is not None:
        raise UsageError("give --target or --all, not both")
    stamp = None
    if not no_timestamp:
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    with session(refresh, offline) as s:
        doc, rows, window = weekly_report(
            s,
            query.build(s, Options(seed=seed)),
            all_targets=all_targets,
            every_started=query.target is None and not all_targets,
            targets_file=query.targets_file,
            generated_at=stamp,
            html_chart=fmt is ReportFormat.html,
        )
        body = render_document(doc, fmt.value)
        if output:
            info(write_output(output, body))
        else:
            sys.stdout.write(body)
        stale = s.warn_if_stale(window)
    if check:
        raise typer.Exit(check_code(rows, stale))


@app.command()
@query_options(custom=False)
def chart(
    query: QueryArgs,
    output: ChartOutputOpt = None,
    width: WidthOpt = None,
    height: HeightOpt = 26,
    offline: OfflineOpt = False,
) -> None:
    """The pace chart: cumulative purchases against the straight-line path and the target, each
    deadline marked, the P10-P90 range of the method `backtest --history` ranks best shaded where a
    deadline is still open.

    \b
      soypace chart
      soypace chart --target calendar-2026 --output pace.png
    """
    from soypace.render.chart import picture, terminal
    from soypace.render.formats import use_rich
    from soypace.views.chart import chart_data

    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if output is not None and suffix not in ("png", "svg"):
        raise UsageError(f"--output {output}: use a .png or .svg file name")
    with session(offline=offline) as s:
        data = chart_data(s.resolve(query.build(s)))
    if output is None:
        colour = use_rich(sys.stdout) and not os.environ.get("NO_COLOR")
        columns = width or max(40, min(100, shutil.get_terminal_size((100, 26)).columns))
        sys.stdout.write(terminal(data, columns, height, colour=colour))
        return
    info(write_output(output, picture(data, suffix)))
