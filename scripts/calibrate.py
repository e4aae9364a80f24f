"""Write data/calibration.toml: the history backtest's fit on the shipped data (``make calibration``).

Run from the repository root: ``.venv/bin/python scripts/calibrate.py``. It replays every method on
every past marketing year of the shipped snapshot (soypace backtest --history), fits season-paths,
analog and auto on every season's cases, ranks the methods, and writes what status reads: the method
it uses, the fitted parameters and each method's figures; and, for each scope, the fits without each
season set a target of data/targets.toml touches, which `soypace backtest` on the shipped data reads
instead of replaying the history. Nothing in the file is tuned by hand; run it again whenever the
shipped data, the targets or the methods change (the history backtest says when the file is out of date).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from soypace.data.calibration import CALIBRATION_FILE, HeldOutFit, to_toml  # noqa: E402
from soypace.data.codes import CHINA  # noqa: E402
from soypace.data.snapshot import load_snapshot  # noqa: E402
from soypace.model.hindcast_run import calibrations_without  # noqa: E402
from soypace.model.methods import BACKTEST_SIMULATIONS, DEFAULT_SEED  # noqa: E402
from soypace.model.targets import read_targets_file  # noqa: E402
from soypace.views.backtest import held_out_seasons  # noqa: E402
from soypace.views.history import HistoryBacktest, calibration_from, history_backtest  # noqa: E402

HEADER = """data/calibration.toml: the history backtest's fit (`soypace backtest --history`) on the
shipped data. Written by `make calibration` (scripts/calibrate.py); never edited by hand.
status_method: the method whose range and reach share `status`, the verdict and the report show,
chosen by `rule`. Per scope (china; all-destinations, the control, used for other destinations):
alpha (season-paths), bandwidth (analog; inf: every season alike), analog_errors and auto_errors
(their past errors over the tonnage the remaining weeks usually bring, as 100 quantiles) and the
weights (auto), fitted on every season's cases; [[scopes.*.scores]]: each method's figures in the
history backtest, where every case was scored with parameters fitted on the other seasons only.
[scopes.*.without."2026"] (one per season set, named by its marketing years, end year): the same fit
on every season but `left_out`, the seasons a target of data/targets.toml touches (its start's to its
last judged week's), replayed with `simulations` paths and `seed` (backtest's defaults); `soypace
backtest` on the shipped data replays that target with it instead of refitting (leave-one-season-out)."""


def held_out(found: HistoryBacktest) -> tuple[tuple[str, HeldOutFit], ...]:
    """Per scope, the fit without each season set a shipped target touches, at backtest's defaults."""
    targets, _ = read_targets_file(ROOT / "data" / "targets.toml")
    season_sets = sorted({held_out_seasons(t) for t in targets.values()}, key=sorted)
    out = []
    for track in (t for t in found.tracks if t.fits):
        fits = calibrations_without(track, season_sets, BACKTEST_SIMULATIONS, DEFAULT_SEED)
        for seasons, fit in fits.items():
            out.append((track.scope, HeldOutFit(seasons, BACKTEST_SIMULATIONS, DEFAULT_SEED, fit)))
    return tuple(out)


def main() -> None:
    found = history_backtest(load_snapshot((CHINA,)))
    calibration = dataclasses.replace(calibration_from(found), held_out=held_out(found))
    path = ROOT / "data" / CALIBRATION_FILE
    path.write_text(to_toml(calibration, HEADER), encoding="utf-8")
    score = calibration.score("china", calibration.status_method)
    assert score is not None and score.coverage_p10_p90 is not None
    print(
        f"wrote {path.relative_to(ROOT)}: status uses {calibration.status_method} "
        f"(P10-P90 held {score.coverage_p10_p90:.1%} of {score.cases} China cases; "
        f"P50 MAE {score.mae_p50_mt:,} MT "
        f"against the 4-week run-rate's {score.run_rate_mae_mt:,} MT on the same cases)"
    )


if __name__ == "__main__":
    main()
