"""The status view: one row per deadline of a target, with sentences and provenance for people.

It reads everything from one resolved Window: the pace per deadline, the range of the method the
history backtest ranks best for open deadlines, the next-MY bound, the unknown-destinations view
and the nowcast.
"""

from __future__ import annotations

from collections.abc import Sequence

from soypace.calendar import market_label
from soypace.data.codes import country_name
from soypace.model.caveats import NEXT_MY_NOTE
from soypace.model.pacing import BEHIND, MET, MISSED, Pace
from soypace.model.verdict import MISSED as MISSED_VERDICT
from soypace.model.verdict import rule
from soypace.model.window import Query, Window
from soypace.render.result import Result, percent
from soypace.views.common import STATUS_STYLE, meta, mmt, signed_style, standing
from soypace.views.unknown_flash import nowcast_notes, unknown_notes
from soypace.views.verdicts import VERDICT_STYLE, headline, path_words, range_note, verdicts

# Machine columns, stable: later additions go at the end. Percentages (pct_of_target, reach_pct)
# are 0-100; prob_reach is the same reach share as a 0-1 fraction, kept for old spreadsheets.
STATUS_COLUMNS = [
    "target", "deadline_name", "deadline", "judged_week", "as_of", "country", "basis",
    "cumulative_mt", "target_mt", "pct_of_target", "path_mt", "ahead_mt", "ahead_days",
    "remaining_mt", "reports_left", "needed_weekly_mt", "recent_weekly_mt", "projected_mt",
    "projected_surplus_mt", "eta_week", "status", "cumulative_upper_mt",
    "unknown_outstanding_mt", "unknown_share", "with_unknown_mt",
    "flash_since_last_week_mt", "flash_first_date", "flash_last_date", "nowcast_mt",
    "p10_mt", "p50_mt", "p90_mt", "prob_reach",
    "unknown_open_week", "unknown_pool_at_open_mt", "unknown_since_window_mt", "since_window_mt",
    "flash_sold_from", "flash_sold_to", "flash_maybe_reported_mt",
    "verdict", "verdict_margin_mt", "median_projected_mt", "days_behind_path", "reach_pct",
    "range_method",
]  # fmt: skip

# What people see, most important first; a narrow terminal hides from the end of DROP_ORDER's list
# first and never hides KEEP (the verdict and the figures it rests on).
STATUS_DISPLAY = [
    ("deadline_name", "deadline"), ("verdict", "verdict"), ("cumulative_mt", "bought MT"),
    ("pct_of_target", "% of target"), ("verdict_margin_mt", "margin MT"), ("p50_mt", "P50 MT"),
    ("reach_pct", "reach %"), ("needed_weekly_mt", "needed MT/wk"), ("recent_weekly_mt", "recent MT/wk"),
    ("vs_path", "vs straight line"), ("deadline", "date"), ("judged_week", "judged on"),
    ("p10_mt", "P10 MT"), ("p90_mt", "P90 MT"), ("path_mt", "path MT"), ("reports_left", "reports left"),
    ("projected_mt", "run-rate MT"), ("reached", "reached (week)"),
]  # fmt: skip
DROP_ORDER = [
    "reached", "projected_mt", "reports_left", "path_mt", "p90_mt", "p10_mt", "judged_week", "deadline",
    "vs_path", "recent_weekly_mt", "pct_of_target", "needed_weekly_mt", "verdict_margin_mt",
]  # fmt: skip
KEEP = [
    "deadline_name", "verdict", "cumulative_mt", "p50_mt", "reach_pct", "with_unknown_mt", "since_window_mt",
    "nowcast_mt",
]  # fmt: skip

EXIT_OK, EXIT_BEHIND, EXIT_MISSED, EXIT_STALE = 0, 3, 4, 5


def check_code(status_rows: Sequence[dict], stale: bool) -> int:
    """The --check exit code: 5 data stale, else 4 a deadline missed, else 3 behind the path, else 0."""
    if stale:
        return EXIT_STALE
    statuses = {r["status"] for r in status_rows}
    if MISSED in statuses:
        return EXIT_MISSED
    if BEHIND in statuses:
        return EXIT_BEHIND
    return EXIT_OK


def _row(window: Window, name: str, p: Pace) -> dict:
    q = window.query
    row = dict.fromkeys(STATUS_COLUMNS)
    row |= {
        "target": q.target.name,
        "deadline_name": name,
        "deadline": p.deadline,
        "judged_week": p.judged_week,
        "as_of": p.as_of,
        "country": q.country,
        "basis": q.basis,
        "cumulative_mt": p.cumulative_mt,
        "target_mt": p.target_mt,
        "pct_of_target": p.pct_of_target,
        "path_mt": p.path_mt,
        "ahead_mt": p.ahead_mt,
        "ahead_days": p.ahead_days,
        "remaining_mt": p.remaining_mt,
        "reports_left": p.reports_left,
        "needed_weekly_mt": p.needed_weekly_mt,
        "recent_weekly_mt": p.recent_weekly_mt,
        "projected_mt": p.projected_mt,
        "projected_surplus_mt": p.projected_surplus_mt,
        "eta_week": p.eta_week,
        "status": p.status,
    }
    return row


def pace_sentence(name: str, p: Pace) -> str:
    """One plain sentence per deadline, the way an analyst would say it."""
    if p.is_past:
        verdict = "met" if p.status == MET else f"missed by {p.target_mt - p.cumulative_mt:,} MT"
        return (
            f"{name} deadline {p.deadline} (judged on the week ending {p.judged_week}): {verdict}; "
            f"{p.cumulative_mt:,} of {p.target_mt:,} MT ({p.pct_of_target}%)."
        )
    where = "ahead of" if (p.ahead_mt or 0) >= 0 else "behind"
    text = (
        f"{name} deadline {p.deadline}: {mmt(p.cumulative_mt)} of {mmt(p.target_mt)} ({p.pct_of_target}%), "
        f"{mmt(abs(p.ahead_mt or 0))} {where} the straight-line path"
    )
    if p.status == MET:
        return text + "; target met."
    if p.needed_weekly_mt is not None:
        text += f"; needs {mmt(p.needed_weekly_mt)} a week for {p.reports_left} more weekly report(s)"
    return text + "."


def eta_sentence(window: Window, p: Pace) -> str:
    """When the target was reached, or would be at the recent pace."""
    if window.reached_week:
        return (
            f"The {window.target.tonnage_mt:,} MT mark was reached in the week ending {window.reached_week}."
        )
    if p.eta_week:
        return f"At the recent pace the target would be reached in the week ending {p.eta_week}."
    return "At the recent pace the target would not be reached."


def add_range(window: Window, rows: list[dict], method: str) -> None:
    """Fill p10/p50/p90/prob_reach from ``method`` (status: the one the history backtest ranks best),
    for open deadlines, and name it in range_method."""
    found, _ = window.projections((method,))
    by_name = {p.deadline_name: p for p in found}
    for row in rows:
        p = by_name.get(row["deadline_name"])
        if p is None or p.p10_mt is None or p.p50_mt is None or p.p90_mt is None or p.prob_reach is None:
            continue
        row["p10_mt"], row["p50_mt"], row["p90_mt"] = round(p.p10_mt), round(p.p50_mt), round(p.p90_mt)
        row["prob_reach"] = round(p.prob_reach, 3)
        row["range_method"] = method


def add_verdicts(window: Window, rows: list[dict]) -> None:
    """Fill each row's verdict, its margin and median, the straight line in words, the reach share
    as a percentage, and the week reached where that answers the deadline (not after a miss)."""
    for row, (_, p, v) in zip(rows, verdicts(window), strict=True):
        row["verdict"], row["verdict_margin_mt"], row["median_projected_mt"] = (
            v.word,
            v.margin_mt,
            v.median_mt,
        )
        row["days_behind_path"] = None if p.ahead_days is None else round(-p.ahead_days, 1)
        row["reach_pct"] = None if row["prob_reach"] is None else round(100 * row["prob_reach"], 1)
        row["vs_path"] = path_words(p)
        row["reached"] = p.eta_week if v.word not in (MISSED_VERDICT,) else None


def next_my_notes(window: Window, rows: list[dict]) -> list[str]:
    """The range a count lies in where the data lacks next-MY sales but says what they add up to;
    none where it has them or says none were booked then (Window.next_my_gaps)."""
    notes = []
    for row, (name, p) in zip(rows, window.paces, strict=True):
        first, last = window.target.start, min(p.judged_week, window.as_of)
        gaps = window.next_my_gaps(p.judged_week)
        bounds = [(g, g.least_mt(first, last) or 0, g.most_mt(first, last) or 0) for g in gaps]
        bounds = [(g, least, most) for g, least, most in bounds if g.total_mt is not None and (least or most)]
        if not bounds:
            continue
        low = p.cumulative_mt + sum(least for _, least, _ in bounds)
        high = row["cumulative_upper_mt"] = p.cumulative_mt + sum(most for _, _, most in bounds)
        booked = "; ".join(
            f"{market_label(g.market_year + 1)} sales booked in the weeks ending {g.weeks[0]} to "
            f"{g.weeks[-1]} add up to {g.total_mt:,} MT"
            for g, _, _ in bounds
        )
        open_ended = sorted({g.market_year + 1 for g in gaps if g.total_mt is None})
        unbounded = ""
        if open_ended:
            later = ", ".join(map(market_label, open_ended))
            unbounded = f" (plus any {later} sales, which nothing bounds yet)"
        notes.append(
            f"{name}: {NEXT_MY_NOTE} for some weeks; {booked}, at dates the data does not give, so the "
            f"count lies between {low:,} and {high:,} MT{unbounded}."
        )
    return notes


def display_for(q: Query) -> list[tuple[str, str]]:
    """The shown columns: the view's own figures (unknown destinations, nowcast) beside bought."""
    extra = []
    if q.unknown_share is not None:
        extra += [("with_unknown_mt", "loose bound MT"), ("since_window_mt", "since-window MT")]
    if q.nowcast:
        extra += [("nowcast_mt", "nowcast MT")]
    at = [c for c, _ in STATUS_DISPLAY].index("cumulative_mt") + 1
    return STATUS_DISPLAY[:at] + extra + STATUS_DISPLAY[at:]


def status_result(window: Window) -> Result:
    """The status table: one row per deadline, with sentences and provenance for people.

    Open deadlines also get the P10/P50/P90 and reach share of the method the history backtest ranks
    best (Window.range_method; numpy is imported only then).
    """
    q, t = window.query, window.target
    rows = [_row(window, name, p) for name, p in window.paces]
    if window.open_deadlines:
        add_range(window, rows, window.range_method)
    add_verdicts(window, rows)
    notes = [headline(window)] + [pace_sentence(name, p) for name, p in window.paces]
    notes.append(eta_sentence(window, window.paces[-1][1]))
    ranges = next_my_notes(window, rows)
    notes += ranges
    notes += unknown_notes(window, rows)
    notes += nowcast_notes(window, rows)
    notes += [n for n in window.notes if not (ranges and n.startswith(NEXT_MY_NOTE))]
    notes += window.history_notes  # once the projections drew on past years
    if window.open_deadlines:
        notes += [range_note(window) + ".", rule(window.range_method) + "."]
    view = "" if q.unknown_share is None else f" ({q.view})"
    title = f"{t.title} | {country_name(q.country)}{view}, {q.basis} basis, {standing(window)}"
    return Result(
        title=title,
        columns=STATUS_COLUMNS,
        rows=rows,
        meta=meta(window),
        notes=notes,
        display=(display := display_for(q)),
        styles={
            "status": lambda v: STATUS_STYLE.get(str(v), ""),
            "verdict": lambda v: VERDICT_STYLE.get(str(v), ""),
            "ahead_mt": signed_style,
            "ahead_days": signed_style,
            "projected_surplus_mt": signed_style,
            "verdict_margin_mt": signed_style,
        },
        human={"prob_reach": percent},
        drop_order=DROP_ORDER,
        keep=[k for k in KEEP if k in dict(display)],
        whole=["verdict", "vs_path"],
    )
