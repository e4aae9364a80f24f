"""Running the history backtest: every method on every case, the calibrated ones (season-paths,
analog, auto) with parameters fitted only on cases of other seasons (leave-one-season-out: a case's
fit never sees a case that shares a marketing year with it), and the fit on every season that ships
as data/calibration.toml (with the fits without each shipped target's seasons).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from soypace.calendar import weeks_in
from soypace.data.calibration import ScopeCalibration
from soypace.model.calibrate import FIXED_MEMBERS, FitCase, FitGrid, fit
from soypace.model.ensemble import central
from soypace.model.hindcast import Case, Horizon, Track, cases
from soypace.model.methods import (
    BACKTEST_SIMULATIONS,
    CALIBRATED_METHODS,
    DEFAULT_BLOCK,
    DEFAULT_SEED,
    DEFAULT_WINDOW,
    METHOD_NAMES,
)
from soypace.model.projection_base import HistoryUntil, Projection, ProjectionInput
from soypace.model.projections import project_all

NO_TARGET_MT = 10**12  # a season horizon has no target: reach shares and target weeks are not scored


@dataclass(frozen=True)
class Outcome:
    """One method's projection of one case, beside what happened."""

    case: Case
    method: str
    cumulative: float
    actual: float
    p50: float
    quantiles: tuple[float, ...] | None  # at methods.QUANTILE_LEVELS; None: no range


@dataclass(frozen=True)
class HindcastRun:
    """Every outcome, the calibration each case was scored with, and the fit on every season."""

    outcomes: list[Outcome]
    cases: dict[str, list[Case]]  # by track
    folds: dict[tuple[str, frozenset[int]], ScopeCalibration]  # (scope, seasons left out) -> fit
    full: dict[str, ScopeCalibration]  # scope -> fit on every season (what ships)


def actual_mt(track: Track, horizon: Horizon) -> float | None:
    """What was bought from the horizon's start to its judged week; None if a week is missing."""
    weeks = weeks_in(horizon.start, horizon.judged)
    if any(w not in track.series for w in weeks):
        return None
    return float(sum(track.series[w] for w in weeks))


def case_input(track: Track, start: dt.date, as_of: dt.date, horizons: Sequence[Horizon]) -> ProjectionInput:
    """A ProjectionInput as a method would have had it at ``as_of``: the weeks from ``start`` (a
    missing week NaN), and the history cut at the as-of week."""
    weeks = tuple(weeks_in(start, as_of))
    return ProjectionInput(
        weeks=weeks,
        values=np.array([track.series.get(w, np.nan) for w in weeks], dtype=float),
        as_of=as_of,
        target_mt=NO_TARGET_MT,
        start=start,
        deadlines=tuple((h.name, h.deadline) for h in horizons),
        history=HistoryUntil(track.history, as_of),
        history_years=track.years,
    )


def _for(found: list[Projection], case: Case) -> dict[str, Projection]:
    return {p.method: p for p in found if p.deadline_name == case.horizon.name}


@dataclass
class _Replay:
    """The fixed members run on every case of some tracks, grouped one input per track, start,
    as-of week and seasons touched, and each case's outcome."""

    named: dict[str, Track]
    actual: dict[tuple[str, Horizon], float | None]
    by_track: dict[str, list[Case]]
    groups: dict[tuple, list[Case]]
    runs: dict[tuple, tuple[ProjectionInput, dict]]
    kwargs: dict

    def grid(self, scope: str) -> FitGrid:
        """What fitting needs of every case of the scope's fitting tracks."""
        return FitGrid(
            [
                _fit_case(c, self.runs[key], self.actual[(key[0], c.horizon)] or 0.0)
                for key, members in self.groups.items()
                if self.named[key[0]].fits and self.named[key[0]].scope == scope
                for c in members
            ]
        )


def _replay(tracks: Sequence[Track], simulations: int, seed: int) -> _Replay:
    kwargs = {"window": DEFAULT_WINDOW, "simulations": simulations, "seed": seed, "block": DEFAULT_BLOCK}
    kwargs["eta"] = False  # replays score totals only
    named = {t.name: t for t in tracks}
    actual = {(t.name, h): actual_mt(t, h) for t in tracks for h in t.horizons}
    by_track = {t.name: [c for c in cases(t) if actual[(t.name, c.horizon)] is not None] for t in tracks}
    groups: dict[tuple, list[Case]] = {}
    for name, kept in by_track.items():
        for c in kept:
            groups.setdefault((name, c.horizon.start, c.as_of, c.horizon.seasons), []).append(c)
    runs: dict[tuple, tuple[ProjectionInput, dict]] = {}
    for key, members in groups.items():
        inp = case_input(named[key[0]], key[1], key[2], [c.horizon for c in members])
        done: dict = {}
        project_all(inp, FIXED_MEMBERS, done, **kwargs)
        runs[key] = (inp, done)
    return _Replay(named, actual, by_track, groups, runs, kwargs)


def run(
    tracks: Sequence[Track], simulations: int = BACKTEST_SIMULATIONS, seed: int = DEFAULT_SEED
) -> HindcastRun:
    """Replay every case of every track with every method; see the module's docstring."""
    r = _replay(tracks, simulations, seed)
    grids = {scope: r.grid(scope) for scope in {t.scope for t in tracks}}
    folds: dict[tuple[str, frozenset[int]], ScopeCalibration] = {}
    outcomes = []
    for key, members in r.groups.items():
        scope, (inp, done) = r.named[key[0]].scope, r.runs[key]
        if (scope, key[3]) not in folds:
            folds[(scope, key[3])] = fit(grids[scope], grids[scope].train(key[3]))
        project_all(inp, CALIBRATED_METHODS, done, **r.kwargs, calibration=folds[(scope, key[3])])
        found = [p for name in METHOD_NAMES for p in done[name][0]]
        for c in members:
            for method, p in _for(found, c).items():
                centre = central(p)
                if centre is not None:
                    got = r.actual[(key[0], c.horizon)] or 0.0
                    outcomes.append(Outcome(c, method, inp.cumulative, got, centre, p.quantiles))
        del r.runs[key]  # each input is done with: what is kept is the outcomes and the fits
    full = {scope: fit(grid, np.ones(len(grid.cases), dtype=bool)) for scope, grid in grids.items()}
    return HindcastRun(outcomes, r.by_track, folds, full)


def calibration_without(
    track: Track, seasons: frozenset[int], simulations: int = BACKTEST_SIMULATIONS, seed: int = DEFAULT_SEED
) -> ScopeCalibration:
    """What a replay of ``seasons`` may be calibrated with: the fit on the track's cases that touch
    none of them (leave-one-season-out), for `soypace backtest` on a target."""
    grid = _replay([track], simulations, seed).grid(track.scope)
    return fit(grid, grid.train(seasons))


def calibrations_without(
    track: Track,
    season_sets: Sequence[frozenset[int]],
    simulations: int = BACKTEST_SIMULATIONS,
    seed: int = DEFAULT_SEED,
) -> dict[frozenset[int], ScopeCalibration]:
    """calibration_without for each season set on one replay of the track (what ships in
    data/calibration.toml for the shipped targets); a set that leaves no case to fit on is left out."""
    grid = _replay([track], simulations, seed).grid(track.scope)
    found = {}
    for seasons in season_sets:
        try:
            found[seasons] = fit(grid, grid.train(seasons))
        except ValueError:  # no case of another season to fit on
            continue
    return found


def _fit_case(case: Case, ran: tuple[ProjectionInput, dict], actual: float) -> FitCase:
    inp, done = ran
    centres = tuple(_centre(done, case, m) for m in FIXED_MEMBERS)
    return FitCase(case.horizon.seasons, actual, inp.cumulative, centres, inp.seasons, case.weeks_ahead)


def _centre(done: dict, case: Case, method: str) -> float:
    p = _for(done[method][0], case).get(method)
    value = None if p is None else central(p)
    return np.nan if value is None else value
