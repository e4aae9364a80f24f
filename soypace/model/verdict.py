"""One verdict per deadline, from everything soypace knows: the outcome once a deadline is judged,
else the projections (the reach share and P50 of the method the history backtest ranks best; the
methods' median where it cannot run), never the straight line alone. The rule is stated by rule(),
so every output can say it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from soypace.model.pacing import Pace

if TYPE_CHECKING:
    from soypace.model.projections import Projection

MET, MISSED = "met", "missed"
LIKELY_MET, AT_RISK, LIKELY_MISSED, NO_CALL = "likely met", "at risk", "likely missed", "no call"
REACH_LIKELY = 0.8  # the ranked method's share reaching the target, at or above: likely met
REACH_UNLIKELY = 0.2  # at or below: likely missed


def rule(method: str = "bootstrap") -> str:
    """The verdict rule in words, naming the method whose reach share and P50 it reads."""
    return (
        f"verdict: met or missed once a deadline is judged; before that, from {method} (the method the "
        f"history backtest ranks best): likely met when its reach share is at least {REACH_LIKELY:.0%} and "
        f"its P50 reaches the target, likely missed when its reach share is at most {REACH_UNLIKELY:.0%} "
        "and its P50 falls short, at risk in between; the margin is its P50 minus the target (the methods' "
        "median where it cannot run)"
    )


@dataclass(frozen=True)
class Verdict:
    """A deadline's verdict and the figures it rests on (margin: over the target, negative short)."""

    word: str
    margin_mt: int | None  # judged: bought - target; open: the central projection - target
    median_mt: int | None  # the methods' median projection (open deadlines)
    reach: float | None  # the reach share of the method named by reach_method, 0 to 1 (open deadlines)
    central_mt: int | None = None  # open: reach_method's P50, or the methods' median where it has none
    central_method: str | None = None  # the method central_mt is the P50 of; None: the methods' median


def verdict(pace: Pace, projections: Sequence[Projection], reach_method: str = "bootstrap") -> Verdict:
    """The verdict for one deadline: its outcome if judged, else the projections' call, with the
    reach share of ``reach_method`` (the method status uses)."""
    if pace.is_past:
        word = MET if pace.cumulative_mt >= pace.target_mt else MISSED
        return Verdict(word, pace.cumulative_mt - pace.target_mt, None, None)
    if pace.cumulative_mt >= pace.target_mt:
        return Verdict(MET, pace.cumulative_mt - pace.target_mt, None, None)
    central = [p.projected_mt for p in projections if p.projected_mt is not None]
    reach = next((p.prob_reach for p in projections if p.method == reach_method), None)
    if not central:
        return Verdict(NO_CALL, None, None, reach)
    ranked = sorted(central)
    median = round((ranked[(len(ranked) - 1) // 2] + ranked[len(ranked) // 2]) / 2)
    own = next((p.p50_mt for p in projections if p.method == reach_method and p.p50_mt is not None), None)
    centre = median if own is None else round(own)
    reaches = centre >= pace.target_mt
    if reach is not None and reach >= REACH_LIKELY and reaches:
        word = LIKELY_MET
    elif reach is not None and reach <= REACH_UNLIKELY and not reaches:
        word = LIKELY_MISSED
    else:
        word = AT_RISK
    return Verdict(
        word, centre - pace.target_mt, median, reach, centre, None if own is None else reach_method
    )
