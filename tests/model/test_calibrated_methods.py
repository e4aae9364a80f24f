"""season-paths, analog and auto on a tiny hand-made season, with hand-set calibrations."""

import datetime as dt
import math

import numpy as np
import pytest

from soypace.data.calibration import ScopeCalibration
from soypace.model import projections as pj
from soypace.model.ensemble import auto, blend
from soypace.model.methods import AUTO_MEMBERS
from soypace.model.projection_base import HistoryUntil, ProjectionInput
from soypace.model.seasons import analog, season_paths

D = dt.date
START = D(2026, 1, 1)
DEADLINE = (("d", D(2026, 2, 5)),)  # two reports after Jan 22
# two past seasons, aligned by week of the marketing year: 2024/25 and 2023/24
PAST = {1: [5, 5, 5, 5, 5, 5], 2: [10, 10, 10, 10, 40, 0]}
# errors evenly spread from -1 to 1 (kept at the levels 0.005 ... 0.995): the range at level q is
# centre + scale x (2q - 1)
EVEN = tuple(float(x) for x in np.linspace(-0.99, 0.99, 100))


def calibration(alpha=0.0, bandwidth=math.inf, weights=(), errors=EVEN):
    return ScopeCalibration(alpha, bandwidth, errors, tuple(weights), errors, 500, (2020, 2021))


def season(target=1000):
    """This year: 4 weeks of 50 (200 MT as of Jan 22); past seasons' same weeks from PAST."""
    weeks = tuple(START + pj.WEEK * i for i in range(4))
    history = {
        pj.counterpart(START + pj.WEEK * k, back): float(v)
        for back, vs in PAST.items()
        for k, v in enumerate(vs)
    }
    return ProjectionInput(weeks, np.full(4, 50.0), weeks[-1], target, START, DEADLINE, history, (2025, 2024))


def test_the_season_table_holds_each_past_seasons_count_so_far_and_the_weeks_to_come():
    table = season().seasons
    assert table.years == (2025, 2024)
    assert table.elapsed.tolist() == [20, 40] and table.ahead.tolist() == [[5, 5], [40, 0]]


def test_season_paths_without_rescaling_add_each_seasons_remaining_weeks():
    # 200 + (5 + 5) = 210 and 200 + (40 + 0) = 240, each season equally likely (numpy's interpolation)
    [p] = season_paths(season(), calibration(alpha=0.0))
    assert (p.p10_mt, p.p50_mt, p.p90_mt) == pytest.approx((213, 225, 237))
    assert p.projected_mt == p.p50_mt and p.prob_reach == 0.0


def test_season_paths_rescale_toward_this_years_level():
    # the seasons' mean count m = (20 + 40) / 2 = 30; alpha 1: 2024/25 x (200 + 30) / (20 + 30) = 4.6,
    # 2023/24 x 230 / 70: totals 200 + 10 x 4.6 = 246 and 200 + 40 x 230 / 70 = 331.43
    [p] = season_paths(season(), calibration(alpha=1.0))
    assert p.p50_mt == pytest.approx((246 + 200 + 40 * 230 / 70) / 2)
    # without calibration data it rescales in full (the seasonal method's assumption)
    assert season_paths(season())[0].p50_mt == pytest.approx(p.p50_mt)


def test_analog_adds_the_seasons_mean_and_its_past_errors_scaled():
    # every season alike: centre 200 + (10 + 40) / 2 = 225; scale: the seasons' mean |remaining| = 25
    [p] = analog(season(target=240), calibration())
    assert (p.p10_mt, p.p50_mt, p.p90_mt) == pytest.approx((225 - 0.8 * 25, 225, 225 + 0.8 * 25))
    assert p.quantiles[2] == pytest.approx(225 - 0.5 * 25)  # P25
    # 240 is (240 - 225) / 25 = 0.6 scaled errors above the centre: 80% of the errors fall below it
    assert p.prob_reach == pytest.approx(0.2)


def test_analog_weighs_seasons_by_how_alike_their_counts_were():
    # bandwidth 1: weights exp(-|log level ratio|) = 50 / 230 (2024/25) and 70 / 230 (2023/24):
    # (50 x 10 + 70 x 40) / (50 + 70) = 27.5 on top of 200
    [p] = analog(season(), calibration(bandwidth=1.0))
    assert p.p50_mt == pytest.approx(227.5)
    assert "2024/25 42%, 2023/24 58%" in p.note


def test_analog_without_calibration_is_the_spread_across_seasons():
    [p] = analog(season())
    assert (p.p10_mt, p.p50_mt, p.p90_mt) == pytest.approx((213, 225, 237))
    assert "no calibration data" in p.note


def test_auto_blends_the_members_central_projections_with_the_calibrated_weights():
    inp = season()
    weights = [(m, 0.5 if m in ("run-rate", "analog") else 0.0) for m in AUTO_MEMBERS]
    cal = calibration(weights=weights)
    found, _ = pj.project_all(inp, calibration=cal)
    members = {m: [p for p in found if p.method == m] for m in AUTO_MEMBERS}
    [p] = [p for p in found if p.method == "auto"]
    # run-rate 200 + 50 x 2 = 300, analog 225: (300 + 225) / 2 = 262.5; the errors' median is 0
    assert p.p50_mt == pytest.approx(262.5) and p.p10_mt == pytest.approx(262.5 - 0.8 * 25)
    assert auto(inp, members=members, calibration=cal) == [p]
    assert "run-rate 50%, analog 50%" in p.note


def test_auto_needs_calibration_data_and_past_seasons():
    found, notes = pj.project_all(season())  # no calibration
    assert "auto" not in {p.method for p in found}
    assert any("auto: no calibration data" in n for n in notes)
    bare = ProjectionInput((START,), np.array([50.0]), START, 1000, START, DEADLINE)
    assert auto(bare, members={}, calibration=calibration()) == []


def test_a_blend_renormalises_over_the_members_a_case_has():
    centres = np.array([[100.0, np.nan, 300.0], [np.nan, 200.0, np.nan]])
    # row 1: (0.5 x 100 + 0.25 x 300) / 0.75; row 2: its one member weighs 0: the plain mean of what it has
    got = blend(centres, np.array([0.5, 0.0, 0.25]))
    assert got.tolist() == pytest.approx([(50 + 75) / 0.75, 200.0])


def test_a_replay_sees_no_week_after_its_as_of_week():
    history = HistoryUntil({D(2025, 1, 2): 1.0, D(2025, 1, 9): 2.0}, D(2025, 1, 2))
    assert dict(history) == {D(2025, 1, 2): 1.0} and history.get(D(2025, 1, 9)) is None
