"""The projections view (``soypace project``), on the shipped real data."""

import datetime as dt

from soypace.model.methods import Options
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve
from soypace.views.project import project_result

D = dt.date
TRUCE = load_targets().get("truce-2025")
FAST = Options(simulations=500)


def test_project_shows_outcomes_for_judged_deadlines(snapshot):
    rows = project_result(resolve(snapshot, Query(TRUCE, 5700, as_of=D(2026, 1, 8), options=FAST))).rows
    original = [r for r in rows if r["deadline_name"] == "original"]
    assert [r["method"] for r in original] == ["outcome"] and original[0]["projected_mt"] == 6_422_446
    extended = {r["method"]: r for r in rows if r["deadline_name"] == "extended"}
    expected = round(8_116_647 + 7 * (470_073 + 1_224_128 + 396_419 + 617_012) / 4)
    assert extended["run-rate"]["projected_mt"] == expected


def test_project_with_unknown_adds_the_pool_in_its_own_column(snapshot):
    query = Query(TRUCE, 5700, as_of=D(2026, 1, 8), unknown_share=1.0, options=FAST)
    rows = {
        r["method"]: r
        for r in project_result(resolve(snapshot, query)).rows
        if r["deadline_name"] == "extended"
    }
    assert rows["run-rate"]["projected_mt"] == 12_855_003
    # beside the projection, never on top of it: the counts so far with unknown destinations
    assert rows["run-rate"]["with_unknown_mt"] == 8_116_647 + 3_011_100  # the loose bound
    assert rows["run-rate"]["since_window_mt"] == 8_116_647  # the pool shrank since Oct 23
