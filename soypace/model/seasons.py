"""Methods that read the rest of this season in past seasons' same weeks, whole: season-paths (every
past season's remaining path, rescaled toward this year's level) and analog (past seasons' remaining
tonnage, weighted by how alike their counts so far were). Their one free parameter each comes from
the history backtest (data/calibration.toml), never from this code.
"""

from __future__ import annotations

import math

import numpy as np

from soypace.calendar import market_label
from soypace.data.calibration import ScopeCalibration
from soypace.model.methods import ANALOG, SEASON_PATHS
from soypace.model.projection_base import (
    Projection,
    ProjectionInput,
    SeasonTable,
    eta_from_paths,
    spread,
)
from soypace.model.residuals import from_errors, typical_mt

UNCALIBRATED_ALPHA = 1.0  # without data/calibration.toml: rescale in full, the seasonal method's assumption


def _mean_count(table: SeasonTable) -> float:
    """The seasons' mean count so far (never below one tonne), added to both sides of every level
    ratio so that a slow start (or none) shrinks the ratio instead of zeroing it."""
    return max(float(np.maximum(table.elapsed, 0.0).mean()), 1.0)


def level_factors(table: SeasonTable, cumulative: float, alpha: float) -> np.ndarray:
    """Per season: (this year's count + m) / (that season's count + m), to the power ``alpha``."""
    m = _mean_count(table)
    return ((max(cumulative, 0.0) + m) / (np.maximum(table.elapsed, 0.0) + m)) ** alpha


def similarity_weights(table: SeasonTable, cumulative: float, bandwidth: float) -> np.ndarray:
    """Per season: exp(-|log level ratio| / bandwidth), 1 for a season whose count so far matched
    this year's; an infinite bandwidth weighs every season alike."""
    if math.isinf(bandwidth):
        return np.ones(len(table.years))
    return np.exp(-np.abs(np.log(level_factors(table, cumulative, 1.0))) / bandwidth)


def analog_centre(table: SeasonTable, cumulative: float, weeks: int, bandwidth: float) -> float:
    """This year's count plus the seasons' weighted mean purchases over the next ``weeks`` weeks."""
    w = similarity_weights(table, cumulative, bandwidth)
    return cumulative + float((w * table.remaining(weeks)).sum() / w.sum())


def _labels(table: SeasonTable) -> str:
    return ", ".join(market_label(y) for y in table.years)


def season_paths(
    inp: ProjectionInput, calibration: ScopeCalibration | None = None, **_: object
) -> list[Projection]:
    """Every past season's remaining path over the same weeks, rescaled toward this year's level,
    each equally likely: P10-P90, P50 and the reach share across seasons, the target week where
    most of them cross it (up to the last deadline)."""
    table = inp.seasons
    if not table.years:
        return []
    alpha = calibration.alpha if calibration is not None else UNCALIBRATED_ALPHA
    cum = inp.cumulative
    paths = cum + np.cumsum(table.ahead * level_factors(table, cum, alpha)[:, None], axis=1)
    eta = eta_from_paths(inp, paths) if paths.shape[1] else None
    note = f"paths of MY {_labels(table)}, rescaled with alpha {alpha:g}"
    out = []
    for name, d in inp.deadlines:
        n = inp.reports_left(d)
        totals = paths[:, n - 1] if n else np.full(len(table.years), cum)
        out.append(spread(SEASON_PATHS, name, d, totals, inp.target_mt, eta, note))
    return out


def analog(
    inp: ProjectionInput, calibration: ScopeCalibration | None = None, **_: object
) -> list[Projection]:
    """Past seasons' remaining tonnage in the same weeks, weighted by similarity of their counts so
    far; the range is the rule's past errors (residuals), or without calibration data the spread
    across seasons."""
    table = inp.seasons
    if not table.years:
        return []
    cum = inp.cumulative
    out = []
    if calibration is None:
        note = f"MY {_labels(table)} alike (no calibration data: the range is the spread across seasons)"
        for name, d in inp.deadlines:
            totals = cum + table.remaining(inp.reports_left(d))
            out.append(spread(ANALOG, name, d, totals, inp.target_mt, None, note))
        return out
    h = calibration.bandwidth
    weights = similarity_weights(table, cum, h)
    share = ", ".join(
        f"{market_label(y)} {w / weights.sum():.0%}" for y, w in zip(table.years, weights, strict=True)
    )
    alike = (
        f"MY {_labels(table)} alike (bandwidth inf)"
        if math.isinf(h)
        else f"weights {share} (bandwidth {h:g})"
    )
    note = f"{alike}; range from {calibration.cases:,} past cases' errors"
    for name, d in inp.deadlines:
        n = inp.reports_left(d)
        centre = analog_centre(table, cum, n, h)
        scale = typical_mt(table, n)
        out.append(
            from_errors(ANALOG, name, d, centre, scale, calibration.analog_errors, inp.target_mt, note)
        )
    return out
