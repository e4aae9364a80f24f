"""Scores of projections against what happened: the P50's absolute error, whether P10-P90 and
P25-P75 held the outcome, the pinball (quantile) loss over the deciles, and where the outcome fell
among the deciles (the PIT: a well-calibrated method puts a tenth of outcomes in each tenth), summed
up per method, scope, horizon and weeks ahead; and the ranking that picks the method status uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from soypace.model.calibrate import pinball
from soypace.model.hindcast_run import Outcome
from soypace.model.methods import DECILES, METHOD_NAMES, QUANTILE_LEVELS

COVERAGE_LOW, COVERAGE_HIGH = 0.7, 0.9  # P10-P90 should hold about 80%: what counts as calibrated
PIT_COLUMNS = [f"pit_{10 * i:02d}_{10 * (i + 1):02d}" for i in range(10)]
SUMMARY_COLUMNS = [
    "method", "scope", "horizon", "weeks_ahead", "n", "mae_p50_mt", "coverage_p10_p90",
    "coverage_p25_p75", "pinball_mt", "bias_p50_mt", "run_rate_mae_mt", "mae_vs_run_rate", "n_known_on",
    *PIT_COLUMNS,
]  # fmt: skip
ALL = "all"
_AT = {level: i for i, level in enumerate(QUANTILE_LEVELS)}
_DECILE_AT = [_AT[d] for d in DECILES]


@dataclass(frozen=True)
class Score:
    """One projection against its outcome; a method without a range is scored as a point (all its
    quantiles the projection), so its pinball loss is half its absolute error and it covers nothing."""

    error: float  # P50 - outcome (positive: over-projection)
    in_p10_p90: bool | None  # None: no range
    in_p25_p75: bool | None
    pinball: float
    pit: int  # 0-9: how many deciles lie at or below the outcome


def score(o: Outcome) -> Score:
    q = o.quantiles if o.quantiles is not None else (o.p50,) * len(QUANTILE_LEVELS)
    deciles = np.array([q[i] for i in _DECILE_AT])
    loss = float(pinball(deciles[None, :], np.array([o.actual]))[0])
    pit = int(np.searchsorted(deciles, o.actual, side="right"))
    if o.quantiles is None:
        return Score(o.p50 - o.actual, None, None, loss, pit)
    inner = q[_AT[0.25]] <= o.actual <= q[_AT[0.75]]
    return Score(o.p50 - o.actual, q[_AT[0.1]] <= o.actual <= q[_AT[0.9]], inner, loss, pit)


def case_key(o: Outcome) -> tuple:
    """What identifies a case across methods."""
    return (o.case.track, o.case.horizon, o.case.as_of)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _share(flags: list[bool | None]) -> float | None:
    judged = [f for f in flags if f is not None]
    return round(_mean(judged), 3) if judged else None


def summary_row(method: str, scope: str, horizon: str, weeks: int | None, members: list, rr: dict) -> dict:
    """One line of the summary: a group of (outcome, score) pairs of one method."""
    scores = [s for _, s in members]
    pits = np.bincount([s.pit for s in scores], minlength=10)
    run_rate = [rr[case_key(o)] for o, _ in members if case_key(o) in rr]
    mae = _mean([abs(s.error) for s in scores])
    same = _mean(run_rate) if len(run_rate) == len(members) else None
    row = {
        "method": method, "scope": scope, "horizon": horizon, "weeks_ahead": weeks, "n": len(members),
        "mae_p50_mt": round(mae), "coverage_p10_p90": _share([s.in_p10_p90 for s in scores]),
        "coverage_p25_p75": _share([s.in_p25_p75 for s in scores]),
        "pinball_mt": round(_mean([s.pinball for s in scores])),
        "bias_p50_mt": round(_mean([s.error for s in scores])),
        "run_rate_mae_mt": None if same is None else round(same),
        "mae_vs_run_rate": None if not same else round(mae / same, 3),
        "n_known_on": sum(o.case.mode == "known-on" for o, _ in members),
    }  # fmt: skip
    return row | {c: round(float(n) / len(members), 3) for c, n in zip(PIT_COLUMNS, pits, strict=True)}


def summarise(
    outcomes: Iterable[Outcome], scopes_of: Callable[[Outcome], list[str]], order: Sequence[str]
) -> list[dict]:
    """Per method, scope (``scopes_of`` names them, ``order`` sorts them), horizon (and every
    horizon: 'all') and weeks ahead (and every distance: None), the scores and the 4-week run-rate's
    absolute error on the same cases."""
    scored = [(o, score(o)) for o in outcomes]
    rr = {case_key(o): abs(s.error) for o, s in scored if o.method == "run-rate"}
    groups: dict[tuple, list] = {}
    horizons: list[str] = []
    for o, s in scored:
        horizons += [] if o.case.horizon.name in horizons else [o.case.horizon.name]
        for scope in scopes_of(o):
            for h in (ALL, o.case.horizon.name):
                for w in (None, o.case.weeks_ahead):
                    groups.setdefault((o.method, scope, h, w), []).append((o, s))

    def rank(key: tuple) -> tuple:
        method, scope, h, w = key
        place = horizons.index(h) if h != ALL else 0
        return (order.index(scope), METHOD_NAMES.index(method), h != ALL, place, w is not None, w or 0)

    return [
        summary_row(m, scope, h, w, groups[(m, scope, h, w)], rr)
        for m, scope, h, w in sorted(groups, key=rank)
    ]


@dataclass(frozen=True)
class Ranked:
    """A method with a range, as the ranking sees it on one track."""

    method: str
    pinball_mt: float  # mean over the cases every ranged method projects
    common_cases: int
    coverage_p10_p90: float  # over its own cases
    cases: int

    @property
    def calibrated(self) -> bool:
        return COVERAGE_LOW <= self.coverage_p10_p90 <= COVERAGE_HIGH


RANK_RULE = (
    "the lowest mean pinball loss over the China cases every method with a range projects, among the "
    f"methods whose P10-P90 held the outcome in {COVERAGE_LOW:.0%} to {COVERAGE_HIGH:.0%} of their China "
    "cases"
)


def ranking(outcomes: Iterable[Outcome], track: str) -> list[Ranked]:
    """The methods with a range, best first, by mean pinball loss on the cases they all project."""
    by_method: dict[str, dict[tuple, Outcome]] = {}
    for o in outcomes:
        if o.case.track == track and o.quantiles is not None:
            by_method.setdefault(o.method, {})[case_key(o)] = o
    if not by_method:
        return []
    common = set.intersection(*(set(found) for found in by_method.values()))
    ranked = []
    for method, found in by_method.items():
        scores = {k: score(o) for k, o in found.items()}
        shared = [scores[k].pinball for k in common]
        cover = _mean([bool(s.in_p10_p90) for s in scores.values()])
        ranked.append(
            Ranked(method, _mean(shared) if shared else float("inf"), len(common), cover, len(found))
        )
    return sorted(ranked, key=lambda r: (r.pinball_mt, METHOD_NAMES.index(r.method)))


def best(ranked: Sequence[Ranked]) -> Ranked | None:
    """The best-ranked calibrated method (else the best-ranked one), or None when nothing has a range."""
    return next((r for r in ranked if r.calibrated), ranked[0] if ranked else None)
