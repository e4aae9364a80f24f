"""`soypace backtest --history`: every projection method replayed on every past marketing year, for
China and, as a control, all destinations, and on every judged target; scored overall, by horizon
and by weeks ahead, the disrupted seasons apart as well; and which method status uses, and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from soypace import SoypaceError
from soypace.calendar import market_label
from soypace.data.calibration import ALL_SCOPE, CHINA_SCOPE, SCOPES, Calibration, MethodScore
from soypace.data.codes import ALL_DESTINATIONS, CHINA, SOYBEANS
from soypace.data.dataset import Dataset
from soypace.data.snapshot import load_totals
from soypace.data.sources import choose_dataset
from soypace.model.hindcast import DISRUPTED, FIRST_AHEAD, LAST_AHEAD, season_track, target_track
from soypace.model.hindcast_run import Outcome, run
from soypace.model.methods import BACKTEST_SIMULATIONS, DEFAULT_SEED, METHOD_NAMES
from soypace.model.purchases import COMMITMENTS
from soypace.model.scoring import (
    ALL,
    PIT_COLUMNS,
    RANK_RULE,
    SUMMARY_COLUMNS,
    ranking,
    summarise,
)
from soypace.model.targets import load_targets
from soypace.render.calibration import CalibrationChart, MethodCalibration
from soypace.render.result import Result, percent
from soypace.views.common import mmt
from soypace.views.history_notes import CASE_COLUMNS, HistoryBacktest, case_notes, case_rows
from soypace.views.session import Session

HISTORY_START = dt.date(2016, 9, 1)  # the first marketing year any capture holds (2016/17)


def scopes_of(season_tracks: set[str]) -> Callable[[Outcome], list[str]]:
    """A case's scopes: its track, and for a season track's disrupted season, that track's disrupted scope."""

    def scopes(o: Outcome) -> list[str]:
        extra = [f"{o.case.track}-disrupted"] if o.case.track in season_tracks and o.case.disrupted else []
        return [o.case.track, *extra]

    return scopes


def history_backtest(
    china: Dataset,
    basis: str = COMMITMENTS,
    targets_file: Path | None = None,
    simulations: int = BACKTEST_SIMULATIONS,
    seed: int = DEFAULT_SEED,
    only: str | None = None,
) -> HistoryBacktest:
    """Replay China's seasons (from ``china``), the all-destination totals' and every judged target's
    deadlines (or ``only`` that target's)."""
    totals = load_totals()
    base = season_track(CHINA_SCOPE, CHINA_SCOPE, china, SOYBEANS, CHINA, basis)
    tracks = [base, season_track(ALL_SCOPE, ALL_SCOPE, totals, SOYBEANS, ALL_DESTINATIONS, basis)]
    book = load_targets(targets_file)
    for t in [book.get(only)] if only else book.targets.values():
        if t.commodity == SOYBEANS and t.start >= HISTORY_START:
            track = target_track(t, base, china, CHINA, basis)
            tracks += [track] if track.horizons else []
    if only and len(tracks) == 2:
        raise SoypaceError(
            f"target {only} has no deadline judged by the week ending {base.latest} (or starts before "
            f"{HISTORY_START}): nothing of it to score; drop --target to replay the seasons alone"
        )
    replay = run(tracks, simulations, seed)
    order = [CHINA_SCOPE, f"{CHINA_SCOPE}-disrupted", ALL_SCOPE, f"{ALL_SCOPE}-disrupted"]
    order += [t.name for t in tracks[2:]]
    rows = summarise(replay.outcomes, scopes_of(set(SCOPES)), order)
    datasets = {CHINA_SCOPE: china, ALL_SCOPE: totals}
    return HistoryBacktest(replay, tracks, rows, ranking(replay.outcomes, CHINA_SCOPE), datasets, basis,
                           simulations, seed)  # fmt: skip


def history_dataset(session: Session) -> Dataset:
    """China's data for the history: the store where it holds every season, else the shipped snapshot."""
    china, notes = choose_dataset(session.store(), SOYBEANS, CHINA, HISTORY_START, companions=())
    for note in notes:
        session.warn(note)
    return china


def calibration_from(h: HistoryBacktest) -> Calibration:
    """What data/calibration.toml ships: the fit on every season per scope, the method status uses
    and the rule that chose it, and every method's history-backtest figures per scope."""
    if h.status is None:
        raise SoypaceError("the history backtest found no method with a range: nothing to calibrate")
    china = h.datasets[CHINA_SCOPE]
    scores = []
    for scope in SCOPES:
        found = []
        for method in METHOD_NAMES:
            r = h.row(method, scope)
            if r is not None:
                found.append(
                    MethodScore(
                        method,
                        r["n"],
                        r["mae_p50_mt"],
                        r["run_rate_mae_mt"],
                        r["pinball_mt"],
                        r["coverage_p10_p90"],
                        r["coverage_p25_p75"],
                    )  # fmt: skip
                )
        scores.append((scope, tuple(found)))
    data = f"{china.source}; latest week {china.latest_week(SOYBEANS, CHINA)}; {h.basis} basis"
    return Calibration(
        h.status.method, RANK_RULE, data, tuple((s, h.run.full[s]) for s in SCOPES), tuple(scores)
    )


def _figures(h: HistoryBacktest, method: str, scope: str, horizon: str = ALL) -> str:
    r = h.row(method, scope, horizon)
    if r is None:
        return f"{method} has no {scope} {horizon} cases"
    cover = "" if r["coverage_p10_p90"] is None else (
        f"P10-P90 held the outcome in {percent(r['coverage_p10_p90'])} of {r['n']} cases "
        f"(P25-P75 in {percent(r['coverage_p25_p75'])}), "
    )  # fmt: skip
    versus = ""
    if r["mae_vs_run_rate"] is not None:
        versus = (
            f", {abs(1 - r['mae_vs_run_rate']):.0%} {'less' if r['mae_vs_run_rate'] <= 1 else 'more'} than "
            f"the 4-week run-rate's {mmt(r['run_rate_mae_mt'])} on the same cases"
        )
    return f"{cover}its P50 missed by {mmt(r['mae_p50_mt'])} on average{versus}"


def headline_notes(h: HistoryBacktest) -> list[str]:
    """The answer first: which method status uses, and how it did overall and where it matters."""
    chosen = h.status
    if chosen is None:
        return ["no method with a range could be replayed on this data"]
    m = chosen.method
    notes = [
        f"status uses {m}, by the rule: {RANK_RULE}. Over China's cases, {m}'s {_figures(h, m, CHINA_SCOPE)}."
    ]
    if not chosen.calibrated:
        notes.append(f"no method's P10-P90 held 70-90% of China's cases: {m} is only the best of them")
    notes.append(f"{m} in the disrupted seasons alone: {_figures(h, m, f'{CHINA_SCOPE}-disrupted')}.")
    for track in h.tracks[2:]:
        for horizon in track.horizons:
            notes.append(
                f"{m} on {track.name}'s {horizon.name} deadline: {_figures(h, m, track.name, horizon.name)}."
            )
    notes.append(f"{m} on all destinations (the control): {_figures(h, m, ALL_SCOPE)}.")
    ranks = "; ".join(
        f"{r.method} {mmt(r.pinball_mt)} (P10-P90 {percent(r.coverage_p10_p90)} of {r.cases})"
        for r in h.ranked
    )
    notes.append(
        f"ranking by mean pinball loss over the {h.ranked[0].common_cases} China cases every method with a "
        f"range projects: {ranks}"
    )
    return notes


def history_result(h: HistoryBacktest, overview: bool, per_case: bool = False) -> Result:
    """The summary (every horizon and weeks ahead; ``overview``: each method and scope overall only,
    for people), or with ``per_case`` every projection of every case."""
    seasons = sorted({c.horizon.season for c in h.run.cases[CHINA_SCOPE]})
    span = f"{market_label(seasons[0])} to {market_label(seasons[-1])}" if seasons else "none"
    title = f"History backtest: China and all destinations, {h.basis} basis, marketing years {span}"
    china = h.datasets[CHINA_SCOPE]
    meta = {
        "source": f"{china.source}; all destinations: {h.datasets[ALL_SCOPE].source}",
        "data": china.kind,
        "latest_week": china.latest_week(SOYBEANS, CHINA),
        "fetched_at": china.fetched_at,
        "basis": h.basis,
        "mode": "both",
        "mode_note": "known-on where the release table can say what USDA had published, hindsight otherwise "
        "(the mode column of --per-week)",
        "view": "history",
        "status_method": h.status.method if h.status else None,
        "methods": list(METHOD_NAMES),
        "simulations": h.simulations,
        "seed": h.seed,
        "seasons": [market_label(y) for y in seasons],
        "weeks_ahead": [FIRST_AHEAD, LAST_AHEAD],
        "disrupted": {market_label(y): why for y, why in DISRUPTED.items()},
    }
    notes = headline_notes(h) + case_notes(h)
    if per_case:
        return Result(title + " (per case)", CASE_COLUMNS, case_rows(h.run), meta, notes=notes)
    rows = [r for r in h.rows if r["weeks_ahead"] is None and r["horizon"] == ALL] if overview else h.rows
    shown = ["method", "scope", "n", "mae_p50_mt", "coverage_p10_p90", "coverage_p25_p75", "pinball_mt",
             "run_rate_mae_mt", "mae_vs_run_rate", "bias_p50_mt", "n_known_on"]  # fmt: skip
    if not overview:
        shown[2:2] = ["horizon", "weeks_ahead"]
    display = [(c, c.replace("_mt", " MT").replace("_", " ")) for c in shown]
    return Result(
        title,
        SUMMARY_COLUMNS,
        rows,
        meta,
        notes=notes,
        display=display,
        human={"coverage_p10_p90": percent, "coverage_p25_p75": percent, "mae_vs_run_rate": percent},
        drop_order=["n_known_on", "bias_p50_mt", "run_rate_mae_mt", "coverage_p25_p75"],
        keep=["method", "scope", "coverage_p10_p90", "mae_p50_mt"],
    )


def calibration_chart(h: HistoryBacktest) -> CalibrationChart:
    """The evidence on China's cases: each ranged method's PIT and coverage by weeks ahead."""
    methods = []
    for r in sorted(h.ranked, key=lambda r: METHOD_NAMES.index(r.method)):
        overall = h.row(r.method, CHINA_SCOPE)
        if overall is None:
            continue
        key = (r.method, CHINA_SCOPE, ALL)
        by_week = [x for x in h.rows if (x["method"], x["scope"], x["horizon"]) == key and x["weeks_ahead"]]
        methods.append(
            MethodCalibration(
                r.method,
                overall["n"],
                tuple(overall[c] for c in PIT_COLUMNS),
                tuple((x["weeks_ahead"], x["coverage_p10_p90"]) for x in by_week),
                tuple((x["weeks_ahead"], x["coverage_p25_p75"]) for x in by_week),
            )
        )
    chosen = h.status.method if h.status else ""
    china = h.datasets[CHINA_SCOPE]
    seasons = sorted({c.horizon.season for c in h.run.cases[CHINA_SCOPE]})
    title = (
        f"History backtest, China, {h.basis}, {market_label(seasons[0])} to {market_label(seasons[-1])}: "
        f"where outcomes fell among each method's deciles, and how often its ranges held them "
        f"(bold: {chosen}, which status uses)"
    )
    source = (
        f"Source: {china.source}; latest week {china.latest_week(SOYBEANS, CHINA)}. Each case projected with "
        "the weeks USDA had released by its as-of week's release day (with hindsight where the release table "
        "cannot say); season-paths, analog and auto fitted on other seasons only."
    )
    return CalibrationChart(title, tuple(methods), chosen, source)
