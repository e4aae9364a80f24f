"""Pacing math: cumulative purchases against the straight-line path to a target, per deadline.

Pure functions over (week_ending, purchases) pairs; ``as_of`` is always passed in, so every figure
can be checked by hand. ``None`` purchases are weeks the data lacks: skipped, never zero.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from soypace.calendar import WEEK, week_ending_on_or_before, weeks_after

Weekly = Sequence[tuple[dt.date, "int | None"]]

MET, ON_TRACK, BEHIND, MISSED = "met", "on_track", "behind", "missed"
RECENT_WEEKS = 4
ETA_MAX_WEEKS = 156  # a pace that needs longer than three years "would not reach" the target


@dataclass(frozen=True)
class Pace:
    """Where one deadline of a target stands at the as-of week (see the README for each column)."""

    deadline: dt.date
    judged_week: dt.date
    as_of: dt.date
    cumulative_mt: int
    target_mt: int
    pct_of_target: float
    path_mt: int | None
    ahead_mt: int | None
    ahead_days: float | None
    remaining_mt: int
    reports_left: int | None
    needed_weekly_mt: int | None
    recent_weekly_mt: int | None
    projected_mt: int | None
    projected_surplus_mt: int | None
    eta_week: dt.date | None
    status: str
    gap_weeks: tuple[dt.date, ...] = ()

    @property
    def is_past(self) -> bool:
        return is_judged(self.deadline, self.as_of)


def judged_week(deadline: dt.date) -> dt.date:
    """A deadline is judged on the last weekly report ending on or before it."""
    return week_ending_on_or_before(deadline)


def is_judged(deadline: dt.date, as_of: dt.date) -> bool:
    """True once the week a deadline is judged on is reported (at the as-of week)."""
    return judged_week(deadline) <= as_of


def counted(weekly: Weekly, start: dt.date, until: dt.date) -> list[tuple[dt.date, int | None]]:
    """The weeks that count toward a window: ``start <= week_ending <= until``."""
    return [(w, v) for w, v in weekly if start <= w <= until]


def cumulative(weekly: Weekly, start: dt.date, until: dt.date) -> int:
    """Purchases summed over the counted weeks up to ``until`` (gaps add nothing)."""
    return sum(v for _, v in counted(weekly, start, until) if v is not None)


def running_total(weekly: Weekly, start: dt.date) -> list[tuple[dt.date, int]]:
    """The cumulative after each counted week (a gap repeats the previous total)."""
    total, out = 0, []
    for week, value in weekly:
        if week < start:
            continue
        total += value or 0
        out.append((week, total))
    return out


def path_mt(target_mt: int, start: dt.date, deadline: dt.date, day: dt.date) -> float:
    """The straight line from 0 at ``start`` to the target at ``deadline``, clipped to [0, target]."""
    share = (day - start).days / (deadline - start).days
    return target_mt * min(max(share, 0.0), 1.0)


def ahead_days(
    cumulative_mt: float, target_mt: int, start: dt.date, deadline: dt.date, day: dt.date
) -> float:
    """How many days ahead of the straight line (negative: behind) the cumulative stands."""
    return cumulative_mt / target_mt * (deadline - start).days - (day - start).days


def recent_weekly(weekly: Weekly, start: dt.date, as_of: dt.date, n: int = RECENT_WEEKS) -> float | None:
    """Mean purchases of the last ``n`` known counted weeks up to ``as_of`` (fewer in a young window)."""
    known = [v for _, v in counted(weekly, start, as_of) if v is not None][-n:]
    return sum(known) / len(known) if known else None


def eta_week(
    weekly: Weekly, target_mt: int, start: dt.date, as_of: dt.date, recent: float | None
) -> dt.date | None:
    """The week the target was reached, or at the recent pace would be; None if that pace does not
    get there within three years."""
    for week, total in running_total(counted(weekly, start, as_of), start):
        if total >= target_mt:
            return week
    return eta_at_pace(cumulative(weekly, start, as_of), target_mt, as_of, recent)


def eta_at_pace(cumulative_mt: float, target_mt: int, as_of: dt.date, pace: float | None) -> dt.date | None:
    """The week a constant weekly ``pace`` from ``as_of`` reaches the target (``as_of`` if it has);
    None if it does not within three years."""
    remaining = target_mt - cumulative_mt
    if remaining <= 0:
        return as_of
    if not pace or pace <= 0:
        return None
    weeks = math.ceil(remaining / pace)
    return as_of + WEEK * weeks if weeks <= ETA_MAX_WEEKS else None


def pace(
    weekly: Weekly,
    target_mt: int,
    start: dt.date,
    deadline: dt.date,
    as_of: dt.date,
    recent_weeks: int = RECENT_WEEKS,
) -> Pace:
    """The pacing row for one deadline as it stood in the week ending ``as_of``.

    A deadline is judged on the last week ending on or before it; once that week is reported the
    row shows the outcome (met or missed) and no pace.
    """
    judged = judged_week(deadline)
    recent = recent_weekly(weekly, start, as_of, recent_weeks)
    eta = eta_week(weekly, target_mt, start, as_of, recent)
    gaps = tuple(w for w, v in counted(weekly, start, min(as_of, deadline)) if v is None)
    if judged <= as_of:
        cum = cumulative(weekly, start, judged)
        return Pace(
            deadline=deadline,
            judged_week=judged,
            as_of=as_of,
            cumulative_mt=cum,
            target_mt=target_mt,
            pct_of_target=round(100 * cum / target_mt, 1),
            path_mt=None,
            ahead_mt=None,
            ahead_days=None,
            remaining_mt=max(target_mt - cum, 0),
            reports_left=0,
            needed_weekly_mt=None,
            recent_weekly_mt=None,
            projected_mt=cum,
            projected_surplus_mt=cum - target_mt,
            eta_week=eta,
            status=MET if cum >= target_mt else MISSED,
            gap_weeks=gaps,
        )
    cum = cumulative(weekly, start, as_of)
    path = path_mt(target_mt, start, deadline, as_of)
    remaining = max(target_mt - cum, 0)
    left = len(weeks_after(as_of, deadline))
    projected = None if recent is None else cum + recent * left
    if cum >= target_mt:
        status = MET
    else:
        status = ON_TRACK if cum >= path else BEHIND
    return Pace(
        deadline=deadline,
        judged_week=judged,
        as_of=as_of,
        cumulative_mt=cum,
        target_mt=target_mt,
        pct_of_target=round(100 * cum / target_mt, 1),
        path_mt=round(path),
        ahead_mt=round(cum - path),
        ahead_days=round(ahead_days(cum, target_mt, start, deadline, as_of), 1),
        remaining_mt=remaining,
        reports_left=left,
        needed_weekly_mt=round(remaining / left) if left else None,
        recent_weekly_mt=None if recent is None else round(recent),
        projected_mt=None if projected is None else round(projected),
        projected_surplus_mt=None if projected is None else round(projected - target_mt),
        eta_week=eta,
        status=status,
        gap_weeks=gaps,
    )
