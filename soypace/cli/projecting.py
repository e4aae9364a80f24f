"""The commands for shortfall estimates: project and backtest."""

from pathlib import Path
from typing import Annotated

import typer

from soypace import UsageError
from soypace.cli.core import app, info
from soypace.cli.options import QueryArgs, method_options, output_options, query_options
from soypace.cli.output import Format, Output, session, write_output
from soypace.cli.params import OfflineOpt
from soypace.model.methods import BACKTEST_SIMULATIONS, DEFAULT_WINDOW, METHOD_NAMES, Options


@app.command()
@query_options(unknown=True)
@output_options
@method_options()
def project(query: QueryArgs, out: Output, options: Options, offline: OfflineOpt = False) -> None:
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
      season-paths every past season's whole remaining path, rescaled toward this
                   year's level (alpha fitted by the history backtest)
      analog       past seasons' remaining tonnage, weighted by similarity; its
                   range is the rule's errors on other seasons' cases
      auto         a blend of the others, weights and range from the history
                   backtest (data/calibration.toml)

    status, its verdict and the report use the method `soypace backtest --history` ranks best.

    Each row gives the projected total, surplus or shortfall, the range where the method has
    one, the share reaching the target, and the week the method expects the target reached.

    \b
      soypace project --as-of 2025-12-18
      soypace project --target calendar-2026 --method bootstrap --seed 7
    """
    from soypace.views.project import project_result

    with session(offline=offline) as s:
        window = s.resolve(query.build(s, options))
        out.emit(project_result(window))
        s.warn_if_stale(window)


@app.command()
@query_options(custom=False, as_of=False)
@output_options
@method_options(simulations=BACKTEST_SIMULATIONS)
def backtest(
    query: QueryArgs,
    out: Output,
    options: Options,
    per_week: Annotated[
        bool,
        typer.Option(
            "--per-week",
            help="The per-week table instead of the summary (the default for --format csv); with "
            "--history, every projection of every case.",
        ),
    ] = False,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Replay every method on every past marketing year (China, and all destinations as a "
            "control) and on every judged target, scored overall, by horizon and by weeks ahead.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="With --history: also draw the calibration chart (reliability diagram and coverage by "
            "weeks ahead) to this .png or .svg file.",
            dir_okay=False,
        ),
    ] = None,
    offline: OfflineOpt = False,
) -> None:
    """How each projection method would have done on a target whose deadlines have passed.

    Replays every as-of week from the target's start to its last judged week, runs each method on
    the data up to that week only, and compares with the outcome: mean absolute error, bias, how
    often P10-P90 held the outcome, how often met/missed was called right, and the error by weeks
    left before the deadline. --format csv gives the per-week table for plotting.

    --history replays every marketing year the data holds instead (2016/17 on): from each as-of
    week 4 to 26 weeks before the end of December, of February, of August and of the calendar year,
    as known on its release day, every method projects China's purchases (and, as a control, all
    destinations'); season-paths, analog and auto are fitted on the other seasons only. It prints
    each method's P50 error, P10-P90 and P25-P75 coverage and pinball loss, the disrupted seasons
    (2018/19, 2019/20, 2025/26) apart as well, and which method status uses; --format csv gives
    every horizon and weeks ahead.

    \b
      soypace backtest --target truce-2025
      soypace backtest --target truce-2025 --format csv > backtest.csv
      soypace backtest --history
      soypace backtest --history --format csv > history.csv
      soypace backtest --history --output calibration.png
    """
    if history:
        return history_command(query, out, options, per_week, output, offline)
    if output is not None:
        raise UsageError("--output draws the calibration chart of --history; add --history")
    from soypace.views.backtest import backtest_result

    with session(offline=offline) as s:
        built = query.build(s, options)
        out.emit(backtest_result(s.dataset(built), built, per_week or out.fmt is Format.csv))


def history_command(
    query: QueryArgs, out: Output, options: Options, per_case: bool, output: Path | None, offline: bool
) -> None:
    """`backtest --history`: the checks, one call, the output (and the chart with --output)."""
    from soypace.data.codes import CHINA
    from soypace.views.history import calibration_chart, history_backtest, history_dataset, history_result

    if (
        options.methods != METHOD_NAMES
        or options.window != DEFAULT_WINDOW
        or options.years
        or options.exclude_years
    ):
        raise UsageError("--history replays every method with its defaults; drop --method, --window, --years "
                         "and --exclude-years")  # fmt: skip
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if output is not None and suffix not in ("png", "svg"):
        raise UsageError(f"--output {output}: use a .png or .svg file name")
    with session(offline=offline) as s:
        built = query.build(s, options)
        if built.country != CHINA:
            raise UsageError("--history replays China and, as a control, all destinations; drop --country")
        found = history_backtest(history_dataset(s), built.basis, query.targets_file, options.simulations,
                                 options.seed, only=query.target)  # fmt: skip
        out.emit(
            history_result(found, overview=out.fmt in (Format.table, Format.markdown), per_case=per_case)
        )
    if output is not None:
        from soypace.render.calibration import calibration_picture

        info(write_output(output, calibration_picture(calibration_chart(found), suffix)))
