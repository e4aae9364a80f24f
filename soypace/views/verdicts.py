"""The verdict in words, shared by status, the scoreboard and the report: one verdict per deadline
(soypace.model.verdict), the headline sentence, and the straight line said for what it is.
"""

from __future__ import annotations

from soypace.calendar import market_label, market_year_of
from soypace.data.codes import country_name
from soypace.model.pacing import Pace
from soypace.model.verdict import MET, MISSED, Verdict, verdict
from soypace.model.window import Window
from soypace.views.common import mmt

VERDICT_STYLE = {
    "met": "green", "likely met": "green", "at risk": "yellow", "likely missed": "red", "missed": "red",
}  # fmt: skip


def verdicts(window: Window) -> list[tuple[str, Pace, Verdict]]:
    """Each deadline's verdict, with the reach share of the method the history backtest ranks best
    (Window.range_method); the projections run once per window, whichever view asks."""
    if not window.open_deadlines:  # judged deadlines need no projection, nor the calibration file
        return [(name, p, verdict(p, [])) for name, p in window.paces]
    found, _ = window.projections()
    method = window.range_method
    return [
        (name, p, verdict(p, [x for x in found if x.deadline_name == name], method))
        for name, p in window.paces
    ]


def range_note(window: Window) -> str:
    """Which method the ranges and reach shares come from, and how its ranges did on past seasons
    (data/calibration.toml): the line status and the report carry under the verdict."""
    from soypace.data.calibration import shipped_calibration
    from soypace.model.window import calibration_scope

    method, shipped = window.range_method, shipped_calibration()
    scope = calibration_scope(window.query.country)
    score = shipped.score(scope, method) if shipped is not None else None
    text = f"P10, P50, P90 and the reach share: {method}"
    if shipped is None or method != shipped.status_method:
        return (
            text + " (the history backtest's choice could not run here, or data/calibration.toml is missing)"
        )
    text += ", the method the history backtest ranks best"
    if score is not None and score.coverage_p10_p90 is not None:
        who = "China's" if scope == "china" else "all destinations'"
        text += (
            f"; ranges of this method held the outcome in {score.coverage_p10_p90:.0%} of {score.cases} past "
            f"cases ({who}, P10-P90, `soypace backtest --history`)"
        )
    if scope != "china":
        text += f"; calibrated on all destinations' totals, not on {country_name(window.query.country)}"
    fitted = window.calibration.seasons if window.calibration is not None else ()
    if window.query.day is not None and market_year_of(window.as_of) in fitted:
        text += (
            f"; a replay of the past: its calibration was fitted on seasons to {market_label(max(fitted))}, "
            "this one's outcome included (`soypace backtest` replays without it)"
        )
    return text


def path_words(p: Pace) -> str:
    """The straight line, named for what it is: '137 days behind', never 'ahead days -137.3'."""
    if p.ahead_days is None:
        return ""
    days = round(abs(p.ahead_days))
    return f"{days} day{'s' * (days != 1)} {'ahead' if p.ahead_days >= 0 else 'behind'}"


def margin_words(v: Verdict) -> str:
    """A verdict's margin as people say it: 'short 1.18 MMT' or 'over 0.50 MMT'."""
    if v.margin_mt is None:
        return ""
    return f"{'over' if v.margin_mt >= 0 else 'short'} {abs(v.margin_mt) / 1e6:.2f}"


def focus(window: Window) -> tuple[str, Pace, Verdict]:
    """The deadline a headline speaks of: the first open one, else the last."""
    rows = verdicts(window)
    return next(((n, p, v) for n, p, v in rows if not p.is_past), rows[-1])


def headline(window: Window) -> str:
    """One sentence, verdict first: where the buying stands against the deadline that matters now."""
    who, t = country_name(window.query.country), window.target
    name, p, v = focus(window)
    total = f"{t.tonnage_mt / 1e6:g}"
    when = p.deadline.strftime("%b %d %Y").replace(" 0", " ")
    bought = f"{who} has bought {mmt(p.cumulative_mt)} of {total} ({p.pct_of_target:.0f}%)"
    if v.word in (MET, MISSED) and p.is_past:
        text = f"{who} bought {mmt(p.cumulative_mt)} of {total} by the {name} deadline ({p.deadline}): "
        text += "met" if v.word == MET else f"missed by {mmt(p.target_mt - p.cumulative_mt)}"
        if window.reached_week:
            text += f"; the {total} MMT mark was reached in the week ending {window.reached_week}"
        return text + "."
    if v.word == MET:
        return f"{bought}: the target is met ahead of the {name} deadline ({when})."
    text = f"{bought}: {v.word} for {when}"
    if v.central_method is not None and v.central_mt is not None:
        text += f", {v.central_method}'s P50 reaching {mmt(v.central_mt)}"
    elif v.median_mt is not None:
        text += f", the methods' median reaching {mmt(v.median_mt)}"
    if v.reach is not None:
        text += f" ({window.range_method} reach share {v.reach:.0%})"
    if p.needed_weekly_mt is not None:
        recent = f", recent pace {mmt(p.recent_weekly_mt)}" if p.recent_weekly_mt is not None else ""
        text += f"; needs {mmt(p.needed_weekly_mt)} a week for {p.reports_left} more weeks{recent}"
    return text + "."
