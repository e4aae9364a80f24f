"""One verdict per deadline, from everything soypace knows: the outcome once a deadline is judged,
else the projections (the bootstrap's reach share and the methods' median), never the straight
line alone. The rule is stated in RULE, so every output can say it.
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
REACH_LIKELY = 0.8  # the bootstrap's share of paths reaching the target, at or above: likely met
REACH_UNLIKELY = 0.2  # at or below: likely missed
RULE = (
    "verdict: met or missed once a deadline is judged; before that, likely met when the bootstrap's "
    f"reach share is at least {REACH_LIKELY:.0%} and the methods' median projection reaches the "
    f"target, likely missed when the reach share is at most {REACH_UNLIKELY:.0%} and the median falls "
    "short, at risk in between"
)


@dataclass(frozen=True)
class Verdict:
    """A deadline's verdict and the figures it rests on (margin: over the target, negative short)."""

    word: str
    margin_mt: int | None  # judged: bought - target; open: the methods' median - target
    median_mt: int | None  # the methods' median projection (open deadlines)
    reach: float | None  # the bootstrap's reach share, 0 to 1 (open deadlines)


def verdict(pace: Pace, projections: Sequence[Projection]) -> Verdict:
    """The verdict for one deadline: its outcome if judged, else the projections' call."""
    if pace.is_past:
        word = MET if pace.cumulative_mt >= pace.target_mt else MISSED
        return Verdict(word, pace.cumulative_mt - pace.target_mt, None, None)
    if pace.cumulative_mt >= pace.target_mt:
        return Verdict(MET, pace.cumulative_mt - pace.target_mt, None, None)
    central = [p.projected_mt for p in projections if p.projected_mt is not None]
    reach = next((p.prob_reach for p in projections if p.method == "bootstrap"), None)
    if not central:
        return Verdict(NO_CALL, None, None, reach)
    ranked = sorted(central)
    median = round((ranked[(len(ranked) - 1) // 2] + ranked[len(ranked) // 2]) / 2)
    reaches = median >= pace.target_mt
    if reach is not None and reach >= REACH_LIKELY and reaches:
        word = LIKELY_MET
    elif reach is not None and reach <= REACH_UNLIKELY and not reaches:
        word = LIKELY_MISSED
    else:
        word = AT_RISK
    return Verdict(word, median - pace.target_mt, median, reach)
