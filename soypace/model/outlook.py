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
from soypace.model.caveats import history_notes
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
    """The marketing years before the target's first one, as the options choose them."""
    month = commodity_info(target.commodity).market_year_start_month
    first_year = market_year_of(target.start, month)
    years = [y for y in dataset.market_years(target.commodity, country) if y < first_year]
    if options.years is not None:
        years = [y for y in years if y in options.years]
    years = [y for y in years if y not in options.exclude_years]
    series: dict[dt.date, float] = {}
    for year in years:
        first, last = market_year_weeks(year, month)
        for p in weekly_points(dataset, target.commodity, country, first, last):
            value = p.purchases(basis)
            if value is not None:
                series[p.week_ending] = float(value)
    return History(series, tuple(years), history_notes(dataset, target.commodity, country, years, basis))


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
