"""The history backtest's result (HistoryBacktest) and what it stands on, said in every output: its
cases and modes, how nothing is fitted on the season it scores, the flagged caveats of the data, and
whether the shipped calibration is this run's; and the per-case table behind the summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from soypace.calendar import market_label
from soypace.data.calibration import SCOPES, shipped_calibration
from soypace.data.codes import ALL_DESTINATIONS, CHINA, SOYBEANS
from soypace.data.dataset import Dataset
from soypace.model.hindcast import DISRUPTED, FIRST_AHEAD, LAST_AHEAD, Track
from soypace.model.hindcast_run import HindcastRun
from soypace.model.methods import QUANTILE_LEVELS
from soypace.model.purchases import COMMITMENTS, next_my_gaps
from soypace.model.scoring import ALL, Ranked, best, score
from soypace.model.window import HINDSIGHT, KNOWN_ON

CASE_COLUMNS = [
    "method", "scope", "season", "horizon", "deadline", "as_of", "mode", "known_on", "weeks_ahead",
    "cumulative_mt", "actual_mt", "p10_mt", "p25_mt", "p50_mt", "p75_mt", "p90_mt", "error_mt",
    "in_p10_p90", "in_p25_p75", "pinball_mt", "pit_decile", "disrupted", "fitted_without",
]  # fmt: skip
_AT = {level: i for i, level in enumerate(QUANTILE_LEVELS)}


@dataclass
class HistoryBacktest:
    """The replay, its summary rows and ranking, and what it stood on."""

    run: HindcastRun
    tracks: list[Track]
    rows: list[dict]
    ranked: list[Ranked]  # China's
    datasets: dict[str, Dataset]
    basis: str
    simulations: int
    seed: int

    @property
    def status(self) -> Ranked | None:
        return best(self.ranked)

    def row(self, method: str, scope: str, horizon: str = ALL) -> dict | None:
        """A summary line over every distance (weeks_ahead None)."""
        return next(
            (r for r in self.rows if (r["method"], r["scope"], r["horizon"]) == (method, scope, horizon)
             and r["weeks_ahead"] is None),
            None,
        )  # fmt: skip


def _q(quantiles: tuple[float, ...] | None, level: float) -> int | None:
    return None if quantiles is None else round(quantiles[_AT[level]])


def case_rows(replay: HindcastRun) -> list[dict]:
    """Every method's projection of every case, with its score and the seasons its fit left out."""
    rows = []
    for o in replay.outcomes:
        c, s = o.case, score(o)
        rows.append(
            {
                "method": o.method, "scope": c.track, "season": market_label(c.horizon.season),
                "horizon": c.horizon.name, "deadline": c.horizon.deadline, "as_of": c.as_of, "mode": c.mode,
                "known_on": c.known_on, "weeks_ahead": c.weeks_ahead, "cumulative_mt": round(o.cumulative),
                "actual_mt": round(o.actual), "p10_mt": _q(o.quantiles, 0.1), "p25_mt": _q(o.quantiles, 0.25),
                "p50_mt": round(o.p50), "p75_mt": _q(o.quantiles, 0.75), "p90_mt": _q(o.quantiles, 0.9),
                "error_mt": round(s.error), "in_p10_p90": s.in_p10_p90, "in_p25_p75": s.in_p25_p75,
                "pinball_mt": round(s.pinball), "pit_decile": s.pit, "disrupted": c.disrupted,
                "fitted_without": ";".join(market_label(y) for y in sorted(c.horizon.seasons)),
            }
        )  # fmt: skip
    return rows


def shipped_is_current(h: HistoryBacktest) -> bool | None:
    """Whether data/calibration.toml holds this run's fit (None: no file, or another basis than it)."""
    shipped = shipped_calibration()
    if shipped is None or h.basis != COMMITMENTS:
        return None
    same = all(shipped.scope(s) == h.run.full.get(s) for s in SCOPES)
    return same and shipped.status_method == (h.status.method if h.status else None)


def _next_my_cases(h: HistoryBacktest, scope: str, country: int) -> tuple[int, int]:
    """(cases whose count lacks next-MY sales the data says were booked at dates it does not give,
    all cases) on one season track."""
    dataset, flagged, found = h.datasets[scope], 0, h.run.cases[scope]
    short: dict = {}
    for c in found:
        if c.horizon not in short:
            gaps = next_my_gaps(
                dataset, SOYBEANS, country, c.horizon.start, c.horizon.judged, c.horizon.judged
            )
            short[c.horizon] = any(g.total_mt is None or g.total_mt > 0 for g in gaps)
        flagged += short[c.horizon]
    return flagged, len(found)


def case_notes(h: HistoryBacktest) -> list[str]:
    """The notes under every history backtest output."""
    china = h.run.cases[SCOPES[0]]
    modes = Counter(c.mode for c in china)
    per_method = Counter(o.method for o in h.run.outcomes if o.case.track == SCOPES[0])
    counted = ", ".join(f"{m} {n}" for m, n in per_method.items())
    disrupted = "; ".join(why for why in DISRUPTED.values())
    notes = [
        f"China cases per method: {counted}. Horizons: the end of December, of February and of August of "
        "each marketing year (counted from Sep 1) and each calendar year (from Jan 1); as-of weeks "
        f"{FIRST_AHEAD} to {LAST_AHEAD} weekly reports before each, from the week its count opens. In "
        "the CSV, horizon 'all' is every horizon and an empty weeks_ahead every distance.",
        f"{KNOWN_ON}: {modes[KNOWN_ON]} China cases stand on what USDA had released by the release day of "
        "their as-of week (data/calendar.toml; a day that knew only an earlier week replays that week, as "
        f"Sep 18 2025 through the 2025 shutdown); {HINDSIGHT}: {modes[HINDSIGHT]}, the days of the 2025 "
        "shutdown backlog (Nov 14 2025 - Jan 5 2026) when the release table cannot say what was out. The "
        "Dec 2018 - Jan 2019 shutdown's late releases are not in the table: its replays follow the calendar.",
        "leave-one-season-out: season-paths' alpha, analog's bandwidth and errors, and auto's weights and "
        "errors are fitted on other seasons' cases only, leaving out every marketing year a case's count "
        "touches (two for a calendar year), later seasons included; the methods see only the weeks up to "
        "the as-of week. The shipped data/calibration.toml is the same fit on every season.",
        f"disrupted seasons, also scored apart (china-disrupted, all-destinations-disrupted): {disrupted}.",
    ]
    blocks = sorted({b for t in h.tracks for b in t.blocks})
    if blocks:
        listed = ", ".join(f"{a} to {b}" for a, b in blocks)
        notes.append(
            f"interpolated weeks ({listed}): each run is one block, right in sum only: no case stands on an "
            "as-of week inside one or is judged inside one (so 2018/19's end of December is not scored), and "
            "as history each block's total is spread evenly over its weeks."
        )
    for scope, country in zip(SCOPES, (CHINA, ALL_DESTINATIONS), strict=True):
        flagged, total = _next_my_cases(h, scope, country)
        if flagged:
            notes.append(
                f"{scope}: {flagged} of {total} cases count weeks whose next-MY sales the data lacks though "
                "it says some were booked then (opening balances at unknown dates): projection and outcome "
                "miss them alike, so those cases score the counted series, a lower bound of the buying."
            )
    notes += [
        f"all destinations: every destination's weekly totals (data/totals/, code {ALL_DESTINATIONS}, no ESR "
        "destination), from the captures' total rows and columns; 2016/17-2018/19 and next-MY sales at 100 "
        "MT rounding. The control shows whether a method's calibration is China's politics or the method.",
        "run-rate and since-start have no range: scored as a point (no coverage; pinball loss half the "
        "absolute error). pit_00_10 ... pit_90_100: where outcomes fell among a method's deciles, a tenth in "
        "each if it is calibrated. MAE, bias and pinball loss in MT.",
        "replays use today's figures for past weeks (revisions included), not the first-published ones, "
        "which the data does not keep.",
    ]
    current = shipped_is_current(h)
    if current is not None:
        notes.append(
            "data/calibration.toml is this run's fit on every season."
            if current
            else "data/calibration.toml differs from this run's fit: run `make calibration` to refit it."
        )
    return notes
