"""Backtest: replay every as-of week of a target whose deadlines have passed, run each method as it
would have run then (on the data up to that week only), and score it against what happened.

Caveat it states in every output: the replay uses today's (revised) figures for past weeks, not
the figures as first published, which the data does not keep.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from soypace import SoypaceError
from soypace.calendar import (
    ReleaseUnknown,
    latest_week_known,
    market_label,
    market_year_of,
    release_day,
    weeks_in,
)
from soypace.data.calibration import ALL_SCOPE, CHINA_SCOPE, ScopeCalibration, shipped_calibration
from soypace.data.codes import ALL_DESTINATIONS, CHINA, SOYBEANS, country_name
from soypace.data.dataset import Dataset
from soypace.data.snapshot import load_totals
from soypace.model.methods import CALIBRATED_METHODS, HISTORY_METHODS
from soypace.model.outlook import build_history
from soypace.model.pacing import cumulative
from soypace.model.targets import Target
from soypace.model.window import HINDSIGHT, KNOWN_ON, Query, Window, resolve
from soypace.render.result import Result, percent
from soypace.views.common import meta, signed_style

BUCKETS = ((1, 4), (5, 8), (9, 13), (14, 10_000))
BUCKET_COLUMNS = [f"mae_{a}_{b}w_mt" if b < 10_000 else f"mae_{a}w_plus_mt" for a, b in BUCKETS]
WEEK_COLUMNS = [
    "target",
    "method",
    "deadline_name",
    "deadline",
    "as_of",
    "weeks_before",
    "cumulative_mt",
    "projected_mt",
    "p10_mt",
    "p90_mt",
    "prob_reach",
    "actual_mt",
    "error_mt",
    "in_range",
    "called_met",
    "actually_met",
    "call_right",
    "mode",
    "known_on",
]
MODES = (KNOWN_ON, HINDSIGHT)  # what an analyst could have computed that day, then with hindsight
MODE_MEANS = {
    KNOWN_ON: "each replay sees only the weeks USDA had released by that release day",
    HINDSIGHT: "each replay sees every week up to its as-of week, published by then or not",
}
SUMMARY_COLUMNS = [
    "target",
    "method",
    "deadline_name",
    "weeks",
    "mae_mt",
    "bias_mt",
    "range_coverage",
    "call_accuracy",
    *BUCKET_COLUMNS,
    "mode",
]


@dataclass(frozen=True)
class Outcome:
    deadline_name: str
    deadline: dt.date
    judged_week: dt.date
    actual_mt: int


def outcomes(full: Window) -> list[Outcome]:
    """What happened at each deadline; every deadline must be judged already."""
    query = full.query
    out = []
    for d in query.target.deadlines:
        judged = d.judged_week
        if not full.is_judged(d):
            raise SoypaceError(
                f"target {query.target.name}'s {d.name} deadline ({d.date}) is not judged yet "
                f"(the data ends {full.as_of}); a backtest needs passed deadlines"
            )
        out.append(Outcome(d.name, d.date, judged, cumulative(full.weekly, query.target.start, judged)))
    return out


def replays(query: Query, results: list[Outcome], mode: str) -> tuple[list[Query], int]:
    """The queries a replay runs, one per week: with hindsight every week from the start; known-on
    each release day, seeing what USDA had released by then (days the release table cannot
    answer are skipped and counted)."""
    weeks = weeks_in(query.target.start, max(o.judged_week for o in results))
    if mode == HINDSIGHT:
        return [replace(query, as_of=week) for week in weeks], 0
    chosen: dict[dt.date, Query] = {}
    unknown = 0
    for week in weeks:
        day = release_day(week)
        try:
            known = latest_week_known(day)
        except ReleaseUnknown:
            unknown += 1
            continue
        if known >= query.target.start and known not in chosen:
            chosen[known] = replace(query, known_on=day)
    return list(chosen.values()), unknown


def held_out_seasons(target: Target) -> frozenset[int]:
    """The marketing years a target's window touches, from its start to its last judged week."""
    last = max(d.judged_week for d in target.deadlines)
    return frozenset(range(market_year_of(target.start), market_year_of(last) + 1))


def replay_calibration(dataset: Dataset, query: Query) -> ScopeCalibration | None:
    """What season-paths, analog and auto replay a target with: the history backtest's fit on every
    season but those the target's window touches (leave-one-season-out), so that none is tuned on the
    outcome it is scored against; None when no such method is asked for or no other season exists."""
    t, q = query.target, query
    if not set(CALIBRATED_METHODS) & set(q.options.methods):
        return None
    scope, seasons = (CHINA_SCOPE if q.country == CHINA else ALL_SCOPE), held_out_seasons(t)
    shipped = shipped_fold(dataset, query, scope, seasons)
    if shipped is not None:
        return shipped
    from soypace.model.hindcast import season_track
    from soypace.model.hindcast_run import calibration_without

    if q.country == CHINA:
        track = season_track(CHINA_SCOPE, CHINA_SCOPE, dataset, t.commodity, CHINA, q.basis)
    else:
        track = season_track(ALL_SCOPE, ALL_SCOPE, load_totals(), t.commodity, ALL_DESTINATIONS, q.basis)
    try:
        return calibration_without(track, seasons, q.options.simulations, q.options.seed)
    except ValueError:  # no case of another season to fit on
        return None


def shipped_fold(
    dataset: Dataset, query: Query, scope: str, seasons: frozenset[int]
) -> ScopeCalibration | None:
    """The fit data/calibration.toml ships without ``seasons`` (make calibration computed it as
    calibration_without does), when the data, basis, commodity, simulations and seed are the ones it
    was fitted with; None otherwise (the replay then computes it)."""
    shipped = shipped_calibration()
    if (
        shipped is None
        or dataset.kind != "snapshot"
        or query.target.commodity != SOYBEANS
        or not shipped.fitted_on(dataset.source, query.basis)
    ):
        return None
    return shipped.without(scope, seasons, query.options.simulations, query.options.seed)


def replay(
    dataset: Dataset,
    query: Query,
    results: list[Outcome],
    mode: str = HINDSIGHT,
    calibration: ScopeCalibration | None = None,
) -> list[dict]:
    """One row per replayed week, method and still-open deadline; past years' series are built
    once and cut at each replayed week, and the calibrated methods use ``calibration``
    (replay_calibration), never the fit on every season, which saw this target's seasons."""
    t = query.target
    actual = {o.deadline_name: o for o in results}
    history = build_history(dataset, t, query.country, query.basis, query.options)
    rows = []
    for replayed in replays(query, results, mode)[0]:
        window = resolve(dataset, replayed, history=history, calibration=calibration)
        week = window.as_of
        found, _ = window.projections()
        inp = window.projection_input if found else None
        for p in found:
            assert inp is not None
            o = actual[p.deadline_name]
            if p.projected_mt is None:
                continue
            error = p.projected_mt - o.actual_mt
            in_range = None
            if p.p10_mt is not None and p.p90_mt is not None:
                in_range = p.p10_mt <= o.actual_mt <= p.p90_mt
            called, met = p.projected_mt >= t.tonnage_mt, o.actual_mt >= t.tonnage_mt
            rows.append(
                {
                    "target": t.name,
                    "method": p.method,
                    "deadline_name": p.deadline_name,
                    "deadline": p.deadline,
                    "as_of": week,
                    "weeks_before": inp.reports_left(p.deadline),
                    "cumulative_mt": round(inp.cumulative),
                    "projected_mt": round(p.projected_mt),
                    "p10_mt": None if p.p10_mt is None else round(p.p10_mt),
                    "p90_mt": None if p.p90_mt is None else round(p.p90_mt),
                    "prob_reach": None if p.prob_reach is None else round(p.prob_reach, 3),
                    "actual_mt": o.actual_mt,
                    "error_mt": round(error),
                    "in_range": in_range,
                    "called_met": called,
                    "actually_met": met,
                    "call_right": called == met,
                    "mode": mode,
                    "known_on": replayed.known_on,
                }
            )
    return rows


def summarise(rows: list[dict]) -> list[dict]:
    """Per method and deadline: mean absolute error, bias, P10-P90 coverage, call accuracy, and the
    mean absolute error by how many weekly reports were left before the deadline."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        key = (r["deadline"], r["method"], MODES.index(r["mode"]), r["target"], r["deadline_name"])
        groups.setdefault(key, []).append(r)
    out = []
    for (_, method, mode_rank, target, deadline_name), members in sorted(
        groups.items(), key=lambda kv: kv[0][:3]
    ):
        errors = [r["error_mt"] for r in members]
        judged = [r["in_range"] for r in members if r["in_range"] is not None]
        row = {
            "target": target,
            "method": method,
            "deadline_name": deadline_name,
            "weeks": len(members),
            "mae_mt": round(_mean([abs(e) for e in errors])),
            "bias_mt": round(_mean(errors)),
            "range_coverage": round(_mean(judged), 3) if judged else None,
            "call_accuracy": round(_mean([r["call_right"] for r in members]), 3),
            "mode": MODES[mode_rank],
        }
        for (low, high), column in zip(BUCKETS, BUCKET_COLUMNS, strict=True):
            in_bucket = [abs(r["error_mt"]) for r in members if low <= r["weeks_before"] <= high]
            row[column] = round(_mean(in_bucket)) if in_bucket else None
        out.append(row)
    return out


def _mean(values: list) -> float:
    """The plain mean (the sum of whole tonnes is exact, so one rounding at the division)."""
    return sum(values) / len(values)


def backtest_result(dataset: Dataset, query: Query, per_week: bool) -> Result:
    """The summary per method (or, with ``per_week``, the table behind it, for plotting)."""
    window = resolve(dataset, replace(query, as_of=None))
    results = outcomes(window)
    fold = replay_calibration(dataset, query)
    rows = [row for mode in MODES for row in replay(dataset, query, results, mode, fold)]
    t, options = query.target, query.options
    first, last = (
        (min(r["as_of"] for r in rows), max(r["as_of"] for r in rows)) if rows else (t.start, t.start)
    )
    notes = []
    for mode in MODES:
        weeks = sorted({r["as_of"] for r in rows if r["mode"] == mode})
        span = f", {weeks[0]} to {weeks[-1]}" if weeks else ""
        notes.append(f"{mode}: replayed {len(weeks)} as-of weeks{span}; {MODE_MEANS[mode]}")
    skipped = replays(query, results, KNOWN_ON)[1]
    if skipped:
        notes.append(
            f"known-on: {skipped} release day(s) skipped, on which the release table cannot say what "
            "USDA had published (a late stretch such as the 2025 shutdown backlog)"
        )
    notes += [
        "error = projected - actual at the judged week (positive: over-projection); range coverage: how "
        "often P10-P90 held the outcome; call accuracy: how often met/missed was called right",
        "both modes use today's figures for the weeks they see (revisions included), not the figures "
        "as first published, which the data does not keep",
    ]
    for o in results:
        notes.append(
            f"{o.deadline_name} deadline {o.deadline}: {o.actual_mt:,} MT by the week ending {o.judged_week}"
        )
    if fold is not None:
        notes.append(
            f"season-paths, analog and auto: fitted on {fold.cases} cases of the seasons "
            f"{', '.join(market_label(y) for y in fold.seasons)} only (leave-one-season-out), none of them a "
            "season this target's window touches; `soypace backtest --history` scores every season so"
        )
    if HISTORY_METHODS & set(options.methods):
        notes += window.history.notes  # what the data cannot say about the past years the replays drew on
    title = f"Backtest: {t.title} | {country_name(query.country)}, {query.basis} basis"
    m = meta(window) | {
        "mode": "both",
        "mode_note": "both known-on and hindsight replays, side by side (the mode column)",
        "methods": list(options.methods),
        "seed": options.seed,
        "replayed_from": first,
        "replayed_to": last,
    }
    if per_week:
        return Result(
            title + " (per week)",
            WEEK_COLUMNS,
            rows,
            m,
            notes=notes,
            styles={"error_mt": signed_style},
            human={"prob_reach": percent},
        )
    shown = ["method", "mode", *(c for c in SUMMARY_COLUMNS if c not in ("target", "method", "mode"))]
    display = [(c, c.replace("_mt", " MT").replace("_", " ")) for c in shown]
    return Result(
        title,
        SUMMARY_COLUMNS,
        summarise(rows),
        m,
        notes=notes,
        display=display,
        styles={"bias_mt": signed_style},
        human={"range_coverage": percent, "call_accuracy": percent},
        drop_order=["mae_14w_plus_mt", "mae_9_13w_mt", "mae_5_8w_mt", "mae_1_4w_mt", "weeks"],
    )
