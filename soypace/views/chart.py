"""The chart view: what the pace chart draws, read from a resolved window."""

from __future__ import annotations

from soypace.data.codes import country_name
from soypace.model.pacing import running_total
from soypace.model.window import Window
from soypace.render.chart import ChartData
from soypace.views.common import meta


def source_line(window: Window) -> str:
    """What the chart stands on, in one sentence, so a forwarded picture still says it."""
    m = meta(window)
    fetched = f", fetched {m['fetched_at']}" if m["fetched_at"] else ""
    return (
        f"Source: {m['source']}. Latest week in the data {m['latest_week']}{fetched}; "
        f"{m['basis']} basis; destination {m['country_name']}; mode {m['mode_note']}."
    )


def chart_data(window: Window) -> ChartData:
    """The running total, the deadlines and, for open deadlines, the P10-P90 range of the method the
    history backtest ranks best (the one status shows)."""
    t, q = window.target, window.query
    totals = running_total(window.weekly, t.start)
    method = window.range_method
    found, _ = window.projections((method,)) if window.open_deadlines else ([], [])
    ranges = tuple(
        (p.deadline, round(p.p10_mt), round(p.p90_mt))
        for p in found
        if p.p10_mt is not None and p.p90_mt is not None
    )
    return ChartData(
        title=f"{country_name(q.country)}: {t.title} ({q.basis}, to the week ending {window.as_of})",
        start=t.start,
        target_mt=t.tonnage_mt,
        weeks=tuple(w for w, _ in totals),
        cumulative=tuple(c for _, c in totals),
        deadlines=tuple((d.name, d.date) for d in t.deadlines),
        ranges=ranges,
        source=source_line(window),
        range_method=method,
    )
