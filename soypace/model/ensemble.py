"""auto: one projection from all the others, each member weighted by how small its errors were on
other seasons' cases, and a range from the errors the blend itself made there (data/calibration.toml).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from soypace.data.calibration import ScopeCalibration
from soypace.model.methods import AUTO, AUTO_MEMBERS
from soypace.model.projection_base import Projection, ProjectionInput
from soypace.model.residuals import from_errors, typical_mt


def central(p: Projection) -> float | None:
    """A member's central projection: its P50 where it has a range, else its projected total."""
    return p.p50_mt if p.p50_mt is not None else p.projected_mt


def blend(centres: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Rows of member centres (NaN: the member could not run) blended with ``weights``, renormalised
    over the members each row has; a row whose weighted members are all missing takes the plain mean
    of those it has."""
    have = ~np.isnan(centres)
    filled = np.where(have, centres, 0.0)
    w = have * weights
    total = w.sum(axis=1)
    plain = filled.sum(axis=1) / np.maximum(have.sum(axis=1), 1)
    return np.where(total > 0, (w * filled).sum(axis=1) / np.where(total > 0, total, 1.0), plain)


def weight_vector(calibration: ScopeCalibration) -> np.ndarray:
    """The calibration's weights in AUTO_MEMBERS order (a member it does not name weighs 0)."""
    given = dict(calibration.weights)
    return np.array([given.get(m, 0.0) for m in AUTO_MEMBERS])


def auto(
    inp: ProjectionInput,
    members: Mapping[str, Sequence[Projection]] | None = None,
    calibration: ScopeCalibration | None = None,
    **_: object,
) -> list[Projection]:
    """The members' central projections blended with the calibrated weights, the range from the
    blend's past errors scaled to the tonnage the remaining weeks usually bring; left out without
    calibration data or past seasons (which the scale needs)."""
    if calibration is None or members is None or not inp.seasons.years:
        return []
    weights = weight_vector(calibration)
    used = ", ".join(f"{m} {w:.0%}" for m, w in zip(AUTO_MEMBERS, weights, strict=True) if w > 0)
    note = f"blend of {used}; range from {calibration.cases:,} past cases' errors"
    out = []
    for name, d in inp.deadlines:
        found = {
            p.method: central(p) for m in AUTO_MEMBERS for p in members.get(m, ()) if p.deadline_name == name
        }
        row = np.array([[np.nan if found.get(m) is None else found[m] for m in AUTO_MEMBERS]], dtype=float)
        if np.isnan(row).all():
            continue
        centre = float(blend(row, weights)[0])
        scale = typical_mt(inp.seasons, inp.reports_left(d))
        out.append(from_errors(AUTO, name, d, centre, scale, calibration.auto_errors, inp.target_mt, note))
    return out
