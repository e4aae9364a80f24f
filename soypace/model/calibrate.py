"""Fitting the calibrated methods on past cases: season-paths' alpha, analog's bandwidth, auto's
weights, and the errors both ranges are made of. Every choice is the grid value with the smallest
loss on the cases it is given, so what is fitted is data (data/calibration.toml), not a hand tuning;
the history backtest gives it only other seasons' cases (leave-one-season-out).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from soypace.data.calibration import ScopeCalibration
from soypace.model.ensemble import blend
from soypace.model.methods import AUTO_MEMBERS, DECILES
from soypace.model.projection_base import SeasonTable
from soypace.model.residuals import MIDS, error_points, typical_mt
from soypace.model.seasons import analog_centre, level_factors

ALPHAS = (0.0, 0.25, 0.5, 0.75, 1.0)  # season-paths: none to full rescaling toward this year's level
BANDWIDTHS = (0.125, 0.25, 0.5, 1.0, 2.0, math.inf)  # analog: near seasons only ... all seasons alike
WEIGHT_STEP = 0.1  # auto: every blend of the members in tenths
WEIGHT_CHUNK = 256  # blends scored at once
FIXED_MEMBERS = AUTO_MEMBERS[:4]  # members with nothing to fit: run-rate, since-start, seasonal, bootstrap


def pinball(quantiles: np.ndarray, actual: np.ndarray, levels: Sequence[float] = DECILES) -> np.ndarray:
    """Mean pinball (quantile) loss over ``levels`` per row: quantiles (rows x levels) against outcomes."""
    tau = np.asarray(levels)
    u = actual[:, None] - quantiles
    return np.maximum(tau * u, (tau - 1) * u).mean(axis=1)


@dataclass(frozen=True)
class FitCase:
    """What fitting needs of one case: its outcome, its count so far, its fixed members' central
    projections (NaN: could not run), past seasons' same weeks and how many weeks it looks ahead."""

    seasons: frozenset[int]
    actual: float
    cumulative: float
    fixed: tuple[float, ...]  # FIXED_MEMBERS' centres
    table: SeasonTable
    weeks: int


class FitGrid:
    """Every case's loss or centre at every grid value, computed once; a fold only averages rows."""

    def __init__(self, fit_cases: Sequence[FitCase]):
        usable = [c for c in fit_cases if c.table.years]
        self.cases = usable
        self.actual = np.array([c.actual for c in usable], dtype=float)
        self.fixed = np.array([c.fixed for c in usable], dtype=float).reshape(len(usable), len(FIXED_MEMBERS))
        self.scale = np.array([typical_mt(c.table, c.weeks) for c in usable], dtype=float)
        deciles = [100 * d for d in DECILES]
        self.paths_q = np.empty((len(usable), len(ALPHAS), len(DECILES)))
        self.analog = np.empty((len(usable), len(BANDWIDTHS)))
        for i, c in enumerate(usable):
            remaining = c.table.remaining(c.weeks)
            for a, alpha in enumerate(ALPHAS):
                totals = c.cumulative + remaining * level_factors(c.table, c.cumulative, alpha)
                self.paths_q[i, a] = np.percentile(totals, deciles)
            for b, h in enumerate(BANDWIDTHS):
                self.analog[i, b] = analog_centre(c.table, c.cumulative, c.weeks, h)
        self.paths_loss = np.stack([pinball(self.paths_q[:, a], self.actual) for a in range(len(ALPHAS))], 1)

    def train(self, excluded: frozenset[int]) -> np.ndarray:
        """The rows a fold may learn from: cases touching none of the ``excluded`` seasons."""
        return np.array([not (c.seasons & excluded) for c in self.cases], dtype=bool)


def _compositions(units: int, parts: int) -> list[tuple[int, ...]]:
    """Every way of writing ``units`` as an ordered sum of ``parts`` non-negative whole numbers."""
    if parts == 1:
        return [(units,)]
    return [(k, *rest) for k in range(units + 1) for rest in _compositions(units - k, parts - 1)]


def _weight_grid(members: int, step: float = WEIGHT_STEP) -> np.ndarray:
    units = round(1 / step)
    return np.array(_compositions(units, members), dtype=float) / units


WEIGHTS = _weight_grid(len(AUTO_MEMBERS))


def best_weights(centres: np.ndarray, actual: np.ndarray) -> np.ndarray:
    """The blend in WEIGHTS with the smallest mean absolute error (the first of equals), as
    ensemble.blend computes it, a few hundred blends at a time (cases x blends stays small)."""
    have = ~np.isnan(centres)
    filled = np.where(have, centres, 0.0)
    plain = (filled.sum(axis=1) / np.maximum(have.sum(axis=1), 1))[:, None]
    errors = np.empty(len(WEIGHTS))
    for lo in range(0, len(WEIGHTS), WEIGHT_CHUNK):
        chunk = WEIGHTS[lo : lo + WEIGHT_CHUNK].T
        num, den = filled @ chunk, have.astype(float) @ chunk
        blended = np.where(den > 0, num / np.where(den > 0, den, 1.0), plain)
        errors[lo : lo + WEIGHT_CHUNK] = np.abs(blended - actual[:, None]).mean(axis=0)
    return WEIGHTS[int(np.argmin(errors))]


def fit(grid: FitGrid, train: np.ndarray) -> ScopeCalibration:
    """Fit every parameter on the ``train`` rows only: alpha by season-paths' pinball loss, the
    bandwidth by analog's absolute error, analog's errors, auto's weights by the blend's absolute
    error (its members as they would run with these alpha and bandwidth), then the blend's errors."""
    if not train.any():
        raise ValueError("no past cases to fit on")
    actual, scale = grid.actual[train], grid.scale[train]
    a = int(np.argmin(grid.paths_loss[train].mean(axis=0)))
    b = int(np.argmin(np.abs(grid.analog[train] - actual[:, None]).mean(axis=0)))
    analog_z = (actual - grid.analog[train, b]) / scale
    analog_points = error_points(analog_z)
    median_z = float(np.interp(0.5, MIDS, analog_points))
    paths_p50 = grid.paths_q[train, a, DECILES.index(0.5)]
    analog_p50 = grid.analog[train, b] + scale * median_z
    centres = np.column_stack([grid.fixed[train], paths_p50, analog_p50])
    weights = best_weights(centres, actual)
    auto_z = (actual - blend(centres, weights)) / scale
    seasons = sorted({y for c, t in zip(grid.cases, train, strict=True) if t for y in c.seasons})
    return ScopeCalibration(
        alpha=ALPHAS[a],
        bandwidth=BANDWIDTHS[b],
        analog_errors=analog_points,
        weights=tuple((m, round(float(w), 2)) for m, w in zip(AUTO_MEMBERS, weights, strict=True)),
        auto_errors=error_points(auto_z),
        cases=int(train.sum()),
        seasons=tuple(seasons),
    )
