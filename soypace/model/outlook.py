"""What the projection methods stand on: past years' weekly purchases (History), and the one
ProjectionInput built from a window, with nothing dated after its as-of week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from soypace.calendar import market_year_of, market_year_weeks
from soypace.data.codes import commodity as commodity_info
from soypace.data.dataset import Dataset
from soypace.model.caveats import applies, history_notes
from soypace.model.methods import Options
from soypace.model.projections import ProjectionInput
from soypace.model.purchases import weekly_points
from soypace.model.targets import Target


@dataclass(frozen=True)
class History:
    """Past marketing years' weekly purchases for one destination and basis: built once, then
    cut at each as-of week (a replay must not see the future)."""

    series: dict[dt.date, float]
    years: tuple[int, ...]
    notes: tuple[str, ...] = ()  # what the data cannot say about those years (caveats.history_notes)

    def until(self, as_of: dt.date) -> dict[dt.date, float]:
        return {w: v for w, v in self.series.items() if w <= as_of}


def build_history(dataset: Dataset, target: Target, country: int, basis: str, options: Options) -> History:
    """The marketing years before the target's first one, as the options choose them, and the first
    one's weeks too (a calendar-year target's last past season ends in them; History.until cuts every
    week after the as-of week, and the methods read only past seasons' weeks)."""
    month = commodity_info(target.commodity).market_year_start_month
    first_year = market_year_of(target.start, month)
    held = dataset.market_years(target.commodity, country)
    years = [y for y in held if y < first_year]
    if options.years is not None:
        years = [y for y in years if y in options.years]
    years = [y for y in years if y not in options.exclude_years]
    spans = [
        market_year_weeks(year, month) for year in [*years, *([first_year] if first_year in held else [])]
    ]
    series: dict[dt.date, float] = {}
    for first, last in spans:
        for p in weekly_points(dataset, target.commodity, country, first, last):
            value = p.purchases(basis, next_my=target.market_year is None)  # counted as the target counts
            if value is not None:
                series[p.week_ending] = float(value)
    spread_interpolated(series, dataset, target.commodity, country, basis)
    return History(series, tuple(years), history_notes(dataset, target.commodity, country, years, basis))


def interpolated_blocks(
    dataset: Dataset, commodity: int, country: int, basis: str
) -> list[tuple[dt.date, dt.date]]:
    """The runs of weeks a capture interpolated on this basis (first, last week): right in sum only."""
    return sorted(
        {
            (run.first_week, run.last_week)
            for (c, k, _), runs in dataset.interpolated.items()
            if c == commodity and k == country
            for run in runs
            if applies(run, basis)
        }
    )


def spread_interpolated(
    series: dict[dt.date, float], dataset: Dataset, commodity: int, country: int, basis: str
) -> None:
    """Treat each interpolated run as one block: its total (right at both ends) spread evenly over its
    weeks, the one split that invents no shape, instead of the capture's artefacts (e.g. China's
    +808,000 and -807,000 MT in the weeks ending 2018-12-27 and 2019-01-03)."""
    for first, last in interpolated_blocks(dataset, commodity, country, basis):
        weeks = [w for w in series if first <= w <= last]
        if weeks:
            mean = sum(series[w] for w in weeks) / len(weeks)
            series.update(dict.fromkeys(weeks, mean))


def projection_input(
    weekly: Sequence[tuple[dt.date, int | None]],
    as_of: dt.date,
    target: Target,
    open_deadlines: tuple[tuple[str, dt.date], ...],
    history: History,
) -> ProjectionInput:
    """The methods' common input: this window's weeks (gaps as NaN) and the history up to as-of."""
    return ProjectionInput(
        weeks=tuple(w for w, _ in weekly),
        values=np.array([np.nan if v is None else v for _, v in weekly], dtype=float),
        as_of=as_of,
        target_mt=target.tonnage_mt,
        start=target.start,
        deadlines=open_deadlines,
        history=history.until(as_of),
        history_years=history.years,
        start_month=commodity_info(target.commodity).market_year_start_month,
    )
