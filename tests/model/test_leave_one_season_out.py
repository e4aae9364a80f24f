"""No method is tuned on the case it is scored on: the parameters a season is scored with (season-paths'
alpha, analog's bandwidth and errors, auto's weights and errors) come from the other seasons only."""

import dataclasses

import pytest

from soypace.data.dataset import Dataset
from soypace.model.hindcast import season_track
from soypace.model.hindcast_run import calibration_without, run

TRUCE_SEASON = frozenset({2026})  # 2025/26: the last season the shipped data judges


def tripled(snapshot: Dataset, year: int) -> Dataset:
    """The shipped data with one marketing year's net sales three times what they were."""
    records = [
        dataclasses.replace(r, net_sales=3 * r.net_sales) if r.market_year == year and r.net_sales else r
        for r in snapshot.all_records()
    ]
    return Dataset(
        records,
        snapshot.coverage,
        "altered",
        "test",
        next_my_openings=snapshot.next_my_openings,
        interpolated=snapshot.interpolated,
    )


@pytest.fixture(scope="module")
def both(snapshot):
    """The China replay on the shipped data and on data whose 2025/26 was three times as big."""
    shipped = run([season_track("china", "china", snapshot, 801, 5700, "commitments")], simulations=200)
    changed = tripled(snapshot, 2026)
    altered = run([season_track("china", "china", changed, 801, 5700, "commitments")], simulations=200)
    return shipped, altered


def test_changing_the_scored_seasons_data_does_not_change_what_it_is_scored_with(both):
    shipped, altered = both
    # 2025/26 is no other season's past, so only cases that touch it changed; the fit 2025/26's
    # cases are scored with left every one of them out
    assert shipped.folds[("china", TRUCE_SEASON)] == altered.folds[("china", TRUCE_SEASON)]
    scored = [o for o in shipped.outcomes if o.case.horizon.seasons == TRUCE_SEASON]
    changed = [o for o in altered.outcomes if o.case.horizon.seasons == TRUCE_SEASON]
    assert scored and [o.actual for o in scored] != [o.actual for o in changed]


def test_other_seasons_are_scored_with_fits_that_saw_it(both):
    shipped, altered = both
    # the test is not vacuous: a season whose fit trains on 2025/26's cases is fitted differently
    assert shipped.folds[("china", frozenset({2024}))] != altered.folds[("china", frozenset({2024}))]
    assert shipped.full["china"] != altered.full["china"]


def test_every_fold_leaves_out_each_season_its_cases_touch(both):
    shipped, _ = both
    for (scope, seasons), fit in shipped.folds.items():
        assert scope == "china" and not set(fit.seasons) & seasons
    # a calendar year touches two marketing years: both are left out
    assert 2025 not in shipped.folds[("china", frozenset({2025, 2026}))].seasons


def test_a_target_backtest_uses_the_same_fit_as_the_history(snapshot, both):
    shipped, _ = both
    track = season_track("china", "china", snapshot, 801, 5700, "commitments")
    assert calibration_without(track, TRUCE_SEASON, simulations=200) == shipped.folds[("china", TRUCE_SEASON)]
