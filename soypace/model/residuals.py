"""Ranges from past errors: a method's central projection plus the errors its rule made on other
seasons' cases (the history backtest), each error measured in the tonnage the remaining weeks
usually bring, so that one set of errors fits a quiet week in August and a busy one in November.

The errors are kept as ERROR_POINTS evenly spaced quantiles (data/calibration.toml), which is all a
range, a reach share or a PIT needs.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from soypace.model.methods import QUANTILE_LEVELS
from soypace.model.projection_base import Projection, SeasonTable

ERROR_POINTS = 100
MIDS = (np.arange(ERROR_POINTS) + 0.5) / ERROR_POINTS  # the levels the kept points stand at
MIN_SCALE_MT = 1.0  # a scale is never zero: every past season brought nothing in these weeks


def typical_mt(table: SeasonTable, weeks: int) -> float:
    """The tonnage the remaining weeks usually bring: past seasons' mean absolute purchases in them."""
    if not table.years or weeks == 0:
        return MIN_SCALE_MT
    return max(float(np.abs(table.remaining(weeks)).mean()), MIN_SCALE_MT)


def error_points(errors: np.ndarray) -> tuple[float, ...]:
    """Scaled errors (outcome - centre) / scale, kept as ERROR_POINTS quantiles, rounded for the file."""
    return tuple(round(float(x), 4) for x in np.quantile(np.asarray(errors, dtype=float), MIDS))


def from_errors(
    method: str,
    name: str,
    deadline: dt.date,
    centre_mt: float,
    scale_mt: float,
    points: tuple[float, ...],
    target_mt: int,
    note: str,
) -> Projection:
    """A Projection whose range is the centre plus the past errors, scaled: its quantiles, its P50 as
    the projection (the centre corrected by the errors' median), and the share of errors that would
    put the total at or above the target."""
    z = np.asarray(points, dtype=float)
    q = centre_mt + scale_mt * np.interp(QUANTILE_LEVELS, MIDS, z)
    p10, p50, p90 = (float(q[QUANTILE_LEVELS.index(level)]) for level in (0.1, 0.5, 0.9))
    below = float(np.interp((target_mt - centre_mt) / scale_mt, z, MIDS, left=0.0, right=1.0))
    return Projection(
        method, name, deadline, p50, p10, p50, p90, 1.0 - below, None, note, tuple(map(float, q))
    )
