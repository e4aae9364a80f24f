"""The weekly views: the series behind a target, and what later releases revised in it.

For spreadsheets: one row per week with the destination's figures, the running total, the path,
and the unknown destinations beside it (their net sales, their pool, and possible switches).
"""

from __future__ import annotations

from soypace import UsageError
from soypace.data.codes import UNKNOWN, country_name
from soypace.model.pacing import path_mt, running_total
from soypace.model.unknown import count_switches, likely_switches, with_unknown
from soypace.model.window import Window
from soypace.render.result import Result
from soypace.views.common import meta, signed_style
from soypace.views.session import Session

WEEKS_COLUMNS = [
    "week_ending",
    "market_years",
    "country",
    "basis",
    "net_sales_mt",
    "next_my_net_sales_mt",
    "exports_mt",
    "outstanding_mt",
    "purchases_mt",
    "cumulative_mt",
    "path_mt",
    "ahead_mt",
    "unknown_net_sales_mt",
    "unknown_outstanding_mt",
    "likely_switch_mt",
    "with_unknown_mt",
    "note",
]

WEEKS_DISPLAY = [
    ("week_ending", "week ending"),
    ("net_sales_mt", "net sales MT"),
    ("exports_mt", "exports MT"),
    ("purchases_mt", "counted MT"),
    ("cumulative_mt", "cumulative MT"),
    ("path_mt", "path MT"),
    ("ahead_mt", "ahead MT"),
    ("unknown_net_sales_mt", "unknown net MT"),
    ("likely_switch_mt", "switch MT"),
    ("note", "note"),
]


def weeks_result(window: Window, path_to: str | None = None) -> Result:
    """The weekly series for spreadsheets: each week's figures, the running total and the path."""
    query, t = window.query, window.target
    names = {d.name: d for d in t.deadlines}
    if path_to is not None and path_to not in names:
        raise UsageError(f"target {t.name} has no deadline {path_to!r}; it has: {', '.join(names)}")
    deadline = names[path_to] if path_to else t.deadlines[-1]
    totals = dict(running_total(window.weekly, t.start))
    unknown = {} if query.country == UNKNOWN else {u.week_ending: u for u in window.unknown_points}
    switches = likely_switches(window.points, list(unknown.values()))
    rows = []
    for p in window.points:
        value = p.purchases(query.basis)
        path = round(path_mt(t.tonnage_mt, t.start, deadline.date, p.week_ending))
        cum = None if value is None and p.week_ending not in totals else totals.get(p.week_ending)
        note = ""
        if p.is_gap:
            note = f"no data for MY {'/'.join(map(str, p.missing_years))}"
        elif len(p.market_years) > 1:
            note = f"week split between MY {' and '.join(map(str, p.market_years))}"
        u = unknown.get(p.week_ending)
        pool = None if u is None or u.is_gap else u.outstanding
        switch = switches.get(p.week_ending)
        if switch:
            note = "; ".join(filter(None, [note, f"possible switch of {switch:,} MT"]))
        rows.append(
            {
                "week_ending": p.week_ending,
                "market_years": "/".join(map(str, p.market_years)),
                "country": query.country,
                "basis": query.basis,
                "net_sales_mt": p.net_sales,
                "next_my_net_sales_mt": p.next_my_net_sales,
                "exports_mt": p.exports,
                "outstanding_mt": p.outstanding,
                "purchases_mt": value,
                "cumulative_mt": cum,
                "path_mt": path,
                "ahead_mt": None if cum is None else cum - path,
                "unknown_net_sales_mt": None if u is None or u.is_gap else u.net_sales,
                "unknown_outstanding_mt": pool,
                "likely_switch_mt": switch,
                "with_unknown_mt": None
                if query.unknown_share is None or cum is None
                else with_unknown(cum, pool, query.unknown_share),
                "note": note,
            }
        )
    notes = [
        (
            f"path: the straight line from 0 on {t.start} to {t.tonnage_mt:,} MT on {deadline.date} "
            f"({deadline.name} deadline)"
        )
    ]
    if unknown:
        notes.append(
            count_switches(window.points, list(unknown.values())).sentence(country_name(query.country))
        )
    notes.extend(window.notes)
    title = (
        f"{t.title} | {country_name(query.country)}, weekly {query.basis}, weeks ending {t.start} to "
        f"{window.as_of}"
    )
    return Result(
        title=title,
        columns=WEEKS_COLUMNS,
        rows=rows,
        meta=meta(window),
        notes=notes,
        display=WEEKS_DISPLAY,
        styles={"ahead_mt": signed_style, "purchases_mt": signed_style},
        drop_order=["unknown_net_sales_mt", "exports_mt", "path_mt", "purchases_mt"],
        keep=["week_ending", "cumulative_mt"],
    )


REVISION_COLUMNS = [
    "week_ending",
    "market_year",
    "field",
    "old_value",
    "new_value",
    "change",
    "old_fetched_at",
    "old_release",
    "new_fetched_at",
    "new_release",
    "current",
    "old_source",
    "new_source",
]


def revisions_result(window: Window, changes: list[dict]) -> Result:
    """What later USDA releases changed in the target's weeks, field by field, oldest first."""
    query, t, dataset = window.query, window.target, window.dataset
    notes = []
    if dataset.kind != "store":
        notes.append(
            "the shipped snapshot holds one version of each week; revisions are kept by the local "
            "store (run `soypace fetch`)"
        )
    elif not changes:
        notes.append("no week in this window has been revised since it was first fetched")
    title = f"Revisions | {country_name(query.country)}, weeks ending {t.start} to {window.as_of}"
    return Result(
        title=title,
        columns=REVISION_COLUMNS,
        rows=changes,
        meta=meta(window),
        notes=notes,
        styles={"change": signed_style},
    )


def revisions_view(session: Session, window: Window) -> Result:
    """The revisions of the window's weeks, from the store when the window stands on it."""
    store = session.store() if window.dataset.kind == "store" else None
    changes = []
    if store is not None:
        q, t = window.query, window.target
        changes = store.revisions(t.commodity, q.country, t.start, q.as_of or t.last_deadline)
    return revisions_result(window, changes)
