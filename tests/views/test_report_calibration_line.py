"""The weekly report says, once per target with an open deadline, how the ranges it shows did on
past seasons: "ranges of this method held the outcome in N% of M past cases"."""

import datetime as dt

from soypace.data.calibration import shipped_calibration
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve
from soypace.render.document import markdown
from soypace.views.report import build_report

D = dt.date
BOOK = load_targets()


def test_the_report_carries_the_calibration_line(snapshot):
    shipped = shipped_calibration()
    score = shipped.score("china", shipped.status_method)
    windows = [
        resolve(snapshot, Query(BOOK.get(n), 5700, as_of=D(2026, 1, 8)))
        for n in ("truce-2025", "calendar-2026")
    ]
    text = markdown(build_report(windows)[0])
    line = (
        f"ranges of this method held the outcome in {score.coverage_p10_p90:.0%} of {score.cases} past cases"
    )
    assert text.count(line) == 2
    assert f"{shipped.status_method} reach share" in text


def test_a_finished_target_has_no_ranges_to_vouch_for(snapshot):
    done = resolve(snapshot, Query(BOOK.get("truce-2025"), 5700))
    assert "ranges of this method" not in markdown(build_report([done])[0])
