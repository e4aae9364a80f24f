"""Write data/calibration.toml: the history backtest's fit on the shipped data (``make calibration``).

Run from the repository root: ``.venv/bin/python scripts/calibrate.py``. It replays every method on
every past marketing year of the shipped snapshot (soypace backtest --history), fits season-paths,
analog and auto on every season's cases, ranks the methods, and writes what status reads: the method
it uses, the fitted parameters and each method's figures. Nothing in the file is tuned by hand; run it
again whenever the shipped data changes (the history backtest says when the file is out of date).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from soypace.data.calibration import CALIBRATION_FILE, to_toml  # noqa: E402
from soypace.data.codes import CHINA  # noqa: E402
from soypace.data.snapshot import load_snapshot  # noqa: E402
from soypace.views.history import calibration_from, history_backtest  # noqa: E402

HEADER = """data/calibration.toml: the history backtest's fit (`soypace backtest --history`) on the
shipped data. Written by `make calibration` (scripts/calibrate.py); never edited by hand.
status_method: the method whose range and reach share `status`, the verdict and the report show,
chosen by `rule`. Per scope (china; all-destinations, the control, used for other destinations):
alpha (season-paths), bandwidth (analog; inf: every season alike), analog_errors and auto_errors
(their past errors over the tonnage the remaining weeks usually bring, as 100 quantiles) and the
weights (auto), fitted on every season's cases; [[scopes.*.scores]]: each method's figures in the
history backtest, where every case was scored with parameters fitted on the other seasons only."""


def main() -> None:
    found = history_backtest(load_snapshot((CHINA,)))
    calibration = calibration_from(found)
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
