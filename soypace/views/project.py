"""The projections view: builds the projection input from the data as it stood at the as-of week,
runs the methods, and lays them out per deadline (``soypace project``, and status's range columns).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from soypace.data.codes import commodity as commodity_info, country_name
from soypace.data.dataset import Dataset
from soypace.render.formats import Result, percent
from soypace.model.pacing import cumulative
from soypace.model.projections import ASSUMES, METHODS, ProjectionInput, project_all
from soypace.calendar import market_label, market_year_of, market_year_weeks, week_ending_on_or_before
from soypace.model.purchases import weekly_points
from soypace.views.status import Query, Window, meta, resolve, signed_style, unknown_points
from soypace.model.unknown import outstanding_at, with_unknown


@dataclass(frozen=True)
class Options:
    """How the methods run; the defaults make every output reproducible."""

    methods: tuple[str, ...] = tuple(METHODS)
    window: int = 4
    simulations: int = 10_000
    seed: int = 20251030
    block: int = 3
    years: tuple[int, ...] | None = None  # past marketing years (end year) for seasonal/bootstrap
    exclude_years: tuple[int, ...] = ()


def history(dataset: Dataset, window: Window, options: Options) -> tuple[dict[dt.date, float], tuple[int, ...]]:
    """Past marketing years' weekly purchases for this destination and basis, up to the as-of week
    only (a backtest must not see the future)."""
    q = window.query
    commodity = q.target.commodity
    month = commodity_info(commodity).market_year_start_month
    first_year = market_year_of(q.target.start, month)
    years = [y for y in dataset.market_years(commodity, q.country) if y < first_year]
    if options.years is not None:
        years = [y for y in years if y in options.years]
    years = [y for y in years if y not in options.exclude_years]
    series: dict[dt.date, float] = {}
    for year in years:
        first, last = market_year_weeks(year, month)
        for p in weekly_points(dataset, commodity, q.country, first, min(last, window.as_of)):
            value = p.purchases(q.basis)
            if value is not None:
                series[p.week_ending] = float(value)
    return series, tuple(years)


def projection_input(dataset: Dataset, window: Window, options: Options) -> ProjectionInput:
    t = window.query.target
    open_deadlines = tuple((d.name, d.date) for d in t.deadlines if week_ending_on_or_before(d.date) > window.as_of)
    weekly = window.weekly
    hist, years = history(dataset, window, options)
    return ProjectionInput(
        weeks=tuple(w for w, _ in weekly),
        values=np.array([np.nan if v is None else v for _, v in weekly], dtype=float),
        as_of=window.as_of, target_mt=t.tonnage_mt, start=t.start, deadlines=open_deadlines,
        history=hist, history_years=years,
        start_month=commodity_info(t.commodity).market_year_start_month,
    )


def run_methods(dataset: Dataset, window: Window, options: Options):
    inp = projection_input(dataset, window, options)
    if not inp.deadlines:
        return inp, [], []
    kwargs = {"window": options.window, "simulations": options.simulations, "seed": options.seed, "block": options.block}
    found, notes = project_all(inp, options.methods, **kwargs)
    return inp, found, notes


PROJECT_COLUMNS = [
    "target", "deadline_name", "deadline", "as_of", "country", "basis", "method", "cumulative_mt",
    "target_mt", "reports_left", "projected_mt", "projected_surplus_mt", "p10_mt", "p50_mt", "p90_mt",
    "prob_reach", "eta_week", "unknown_outstanding_mt", "unknown_share", "with_unknown_mt", "note",
]

PROJECT_DISPLAY = [
    ("deadline_name", "deadline"), ("method", "method"), ("projected_mt", "projected MT"),
    ("projected_surplus_mt", "surplus MT"), ("p10_mt", "P10 MT"), ("p50_mt", "P50 MT"), ("p90_mt", "P90 MT"),
    ("prob_reach", "reach share"), ("eta_week", "reached (week)"), ("note", "note"),
]


def _mt(value: float | None) -> int | None:
    return None if value is None else round(value)


def project_result(dataset: Dataset, query: Query, options: Options) -> Result:
    """Every method side by side for each deadline; a deadline already judged shows its outcome."""
    window = resolve(dataset, query)
    t = query.target
    inp, found, notes = run_methods(dataset, window, options)
    base = {"target": t.name, "as_of": window.as_of, "country": query.country, "basis": query.basis,
            "target_mt": t.tonnage_mt}
    rows = []
    for d in t.deadlines:
        judged = week_ending_on_or_before(d.date)
        if judged <= window.as_of:
            actual = cumulative(window.weekly, t.start, judged)
            rows.append(base | {"deadline_name": d.name, "deadline": d.date, "method": "outcome", "cumulative_mt": actual,
                                "reports_left": 0, "projected_mt": actual, "projected_surplus_mt": actual - t.tonnage_mt,
                                "note": f"judged on the week ending {judged}: {'met' if actual >= t.tonnage_mt else 'missed'}"})
            continue
        for p in (p for p in found if p.deadline_name == d.name):
            rows.append(base | {
                "deadline_name": d.name, "deadline": d.date, "method": p.method, "cumulative_mt": round(inp.cumulative),
                "reports_left": inp.reports_left(d.date), "projected_mt": _mt(p.projected_mt),
                "projected_surplus_mt": None if p.projected_mt is None else round(p.projected_mt - t.tonnage_mt),
                "p10_mt": _mt(p.p10_mt), "p50_mt": _mt(p.p50_mt), "p90_mt": _mt(p.p90_mt),
                "prob_reach": None if p.prob_reach is None else round(p.prob_reach, 3),
                "eta_week": p.eta_week, "note": p.note,
            })
    notes += add_unknown_pool(dataset, window, rows)
    used = [m for m in options.methods if any(r["method"] == m for r in rows)]
    notes = [f"{m}: assumes {ASSUMES[m]}." for m in used] + notes
    if used:
        notes.append("reach share: the share of simulated paths (bootstrap) or past years (seasonal) that reach the "
                     "target by the deadline; a spread of the method's assumption, not a forecast probability.")
    notes.extend(window.notes)
    title = f"Projections: {t.title} | {country_name(query.country)}, {query.basis} basis, as of the week ending {window.as_of}"
    m = meta(dataset, window) | {"methods": list(options.methods), "seed": options.seed, "simulations": options.simulations,
                                 "history_years": [market_label(y) for y in inp.history_years]}
    return Result(title, PROJECT_COLUMNS, rows, m, notes=notes, display=PROJECT_DISPLAY,
                  styles={"projected_surplus_mt": signed_style}, human={"prob_reach": percent},
                  drop_order=["note", "p50_mt", "eta_week"])


def add_unknown_pool(dataset: Dataset, window: Window, rows: list[dict]) -> list[str]:
    """With --unknown-share: each projection plus that share of the unknown destinations' pool
    (outstanding sales at the as-of week, or at the judged week for an outcome), labelled."""
    q = window.query
    if q.unknown_share is None:
        return []
    unknown = unknown_points(dataset, window)
    for row in rows:
        week = week_ending_on_or_before(row["deadline"]) if row["method"] == "outcome" else window.as_of
        pool = outstanding_at(unknown, week)
        row["unknown_outstanding_mt"], row["unknown_share"] = pool, q.unknown_share
        if row["projected_mt"] is not None:
            row["with_unknown_mt"] = with_unknown(row["projected_mt"], pool, q.unknown_share)
    what = "every undeclared sale is China's (an upper bound)" if q.unknown_share == 1 else f"{q.unknown_share:.0%} of undeclared sales are China's"
    return [f"with_unknown_mt: the projection plus {q.unknown_share:g} x unknown destinations' outstanding sales; assumes {what}."]


def bootstrap_columns(dataset: Dataset, window: Window, rows: list[dict], options: Options = Options()) -> None:
    """Fill status's p10/p50/p90/prob_reach columns from the bootstrap, for open deadlines."""
    if all(week_ending_on_or_before(r["deadline"]) <= window.as_of for r in rows):
        return
    _, found, _ = run_methods(dataset, window, Options(methods=("bootstrap",), simulations=options.simulations,
                                                        seed=options.seed, block=options.block,
                                                        years=options.years, exclude_years=options.exclude_years))
    by_name = {p.deadline_name: p for p in found}
    for row in rows:
        p = by_name.get(row["deadline_name"])
        if p is None or p.p10_mt is None:
            continue
        row["p10_mt"], row["p50_mt"], row["p90_mt"] = _mt(p.p10_mt), _mt(p.p50_mt), _mt(p.p90_mt)
        row["prob_reach"] = round(p.prob_reach, 3)
