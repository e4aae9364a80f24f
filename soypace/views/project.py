"""The projections view (``soypace project``): every method side by side for each deadline, laid
out from the window's projections; a deadline already judged shows its outcome instead.
"""

from __future__ import annotations

from soypace.calendar import market_label
from soypace.data.codes import country_name
from soypace.model.methods import ASSUMES
from soypace.model.pacing import cumulative
from soypace.model.window import Window
from soypace.render.result import Result, percent
from soypace.views.common import meta, signed_style, standing

PROJECT_COLUMNS = [
    "target",
    "deadline_name",
    "deadline",
    "as_of",
    "country",
    "basis",
    "method",
    "cumulative_mt",
    "target_mt",
    "reports_left",
    "projected_mt",
    "projected_surplus_mt",
    "p10_mt",
    "p50_mt",
    "p90_mt",
    "prob_reach",
    "eta_week",
    "unknown_outstanding_mt",
    "unknown_share",
    "with_unknown_mt",
    "note",
    "since_window_mt",
]

PROJECT_DISPLAY = [
    ("deadline_name", "deadline"),
    ("method", "method"),
    ("projected_mt", "projected MT"),
    ("projected_surplus_mt", "surplus MT"),
    ("p10_mt", "P10 MT"),
    ("p50_mt", "P50 MT"),
    ("p90_mt", "P90 MT"),
    ("prob_reach", "reach share"),
    ("eta_week", "reached (week)"),
    ("note", "note"),
]


def _mt(value: float | None) -> int | None:
    return None if value is None else round(value)


def projection_rows(window: Window) -> tuple[list[dict], list[str]]:
    """One row per method and open deadline (one 'outcome' row per judged deadline), and notes
    on the methods that could not run."""
    t, q = window.target, window.query
    found, notes = window.projections()
    inp = window.projection_input if found else None
    base = {
        "target": t.name,
        "as_of": window.as_of,
        "country": q.country,
        "basis": q.basis,
        "target_mt": t.tonnage_mt,
    }
    rows = []
    for d in t.deadlines:
        if window.is_judged(d):
            actual = cumulative(window.weekly, t.start, d.judged_week)
            verdict = "met" if actual >= t.tonnage_mt else "missed"
            rows.append(
                base
                | {
                    "deadline_name": d.name,
                    "deadline": d.date,
                    "method": "outcome",
                    "cumulative_mt": actual,
                    "reports_left": 0,
                    "projected_mt": actual,
                    "projected_surplus_mt": actual - t.tonnage_mt,
                    "note": f"judged on the week ending {d.judged_week}: {verdict}",
                }
            )
            continue
        for p in (p for p in found if p.deadline_name == d.name):
            assert inp is not None
            rows.append(
                base
                | {
                    "deadline_name": d.name,
                    "deadline": d.date,
                    "method": p.method,
                    "cumulative_mt": round(inp.cumulative),
                    "reports_left": inp.reports_left(d.date),
                    "projected_mt": _mt(p.projected_mt),
                    "projected_surplus_mt": None
                    if p.projected_mt is None
                    else round(p.projected_mt - t.tonnage_mt),
                    "p10_mt": _mt(p.p10_mt),
                    "p50_mt": _mt(p.p50_mt),
                    "p90_mt": _mt(p.p90_mt),
                    "prob_reach": None if p.prob_reach is None else round(p.prob_reach, 3),
                    "eta_week": p.eta_week,
                    "note": p.note,
                }
            )
    return rows, notes


def add_unknown_pool(window: Window, rows: list[dict]) -> list[str]:
    """With --unknown-share: the purchases counted so far with unknown destinations (the loose bound
    and the since-window estimate), beside each projection, never added to it: an undeclared sale
    that is China's shows up later as a China sale, which the projections already project."""
    share = window.query.unknown_share
    if share is None:
        return []
    deadlines = {d.name: d for d in window.target.deadlines}
    for row in rows:
        bounds = window.unknown_pool(deadlines[row["deadline_name"]])
        row["unknown_outstanding_mt"], row["unknown_share"] = bounds.pool_mt, share
        row["with_unknown_mt"] = bounds.loose(row["cumulative_mt"], share)
        row["since_window_mt"] = bounds.since_window(row["cumulative_mt"], share)
    return [
        (
            f"with_unknown_mt (loose bound: cumulative_mt + {share:g} x the whole unknown-destinations pool) "
            f"and since_window_mt (since-window estimate: cumulative_mt + {share:g} x what the pool gained "
            "since the window opened) are purchases counted so far, beside the projections and never added "
            "to them: an undeclared sale that is China's shows up later as a China sale, which the "
            "projections already project (see `soypace status --with-unknown`)."
        )
    ]


def project_result(window: Window) -> Result:
    """Every method side by side for each deadline; a deadline already judged shows its outcome."""
    q, t, options = window.query, window.target, window.query.options
    rows, notes = projection_rows(window)
    notes += add_unknown_pool(window, rows)
    used = [m for m in options.methods if any(r["method"] == m for r in rows)]
    notes = [f"{m}: assumes {ASSUMES[m]}." for m in used] + notes
    if used:
        notes.append(
            "reach share: the share of simulated paths (bootstrap), past years (seasonal, season-paths) or "
            "past errors (analog, auto) that would reach the target by the deadline; a spread of the "
            "method's assumption, not a forecast probability."
        )
    notes.extend(window.notes)
    title = f"Projections: {t.title} | {country_name(q.country)}, {q.basis} basis, {standing(window)}"
    m = meta(window) | {
        "methods": list(options.methods),
        "seed": options.seed,
        "simulations": options.simulations,
        "history_years": [market_label(y) for y in window.history.years],
    }
    return Result(
        title,
        PROJECT_COLUMNS,
        rows,
        m,
        notes=notes,
        display=PROJECT_DISPLAY,
        styles={"projected_surplus_mt": signed_style},
        human={"prob_reach": percent},
        drop_order=["note", "eta_week", "p90_mt", "p10_mt", "projected_surplus_mt"],
        keep=["deadline_name", "method", "projected_mt", "p50_mt", "prob_reach"],
        whole=["method"],
    )
