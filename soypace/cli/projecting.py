"""The commands for shortfall estimates: project and backtest."""

from typing import Annotated

import typer

from soypace.cli.core import app
from soypace.cli.options import QueryArgs, method_options, output_options, query_options
from soypace.cli.output import Format, Output, session
from soypace.cli.params import OfflineOpt
from soypace.model.methods import BACKTEST_SIMULATIONS, Options


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
            "--per-week", help="The per-week table instead of the summary (the default for --format csv)."
        ),
    ] = False,
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
    from soypace.views.backtest import backtest_result

    with session() as s:
        built = query.build(s, options)
        out.emit(backtest_result(s.dataset(built), built, per_week or out.fmt is Format.csv))
