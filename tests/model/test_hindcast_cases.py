"""The history backtest's cases on the shipped data: which horizons, which as-of weeks, in which mode."""

import datetime as dt

import pytest

from soypace.calendar import WEEK
from soypace.model.hindcast import (
    CALENDAR,
    END_AUG,
    END_DEC,
    END_FEB,
    cases,
    season_horizons,
    season_track,
    target_track,
)
from soypace.model.targets import load_targets
from soypace.model.window import HINDSIGHT, KNOWN_ON

D = dt.date


@pytest.fixture(scope="module")
def china(snapshot):
    return season_track("china", "china", snapshot, 801, 5700, "commitments")


def test_each_season_has_four_horizons_counted_from_the_marketing_year_or_the_calendar_year():
    found = {h.name: h for h in season_horizons((2025, 2026), D(2026, 10, 1)) if h.season == 2026}
    assert {n: (h.start, h.judged) for n, h in found.items()} == {
        END_DEC: (D(2025, 9, 1), D(2025, 12, 25)),
        END_FEB: (D(2025, 9, 1), D(2026, 2, 26)),
        END_AUG: (D(2025, 9, 1), D(2026, 8, 27)),
        CALENDAR: (D(2025, 1, 1), D(2025, 12, 25)),
    }
    # a calendar year touches two marketing years, both left out of its fit
    assert found[CALENDAR].seasons == {2025, 2026} and found[END_AUG].seasons == {2026}
    # a count that starts before the data does (calendar 2024 needs 2023/24's weeks) is no horizon
    assert [h.name for h in season_horizons((2025, 2026), D(2026, 10, 1)) if h.season == 2025] == [
        END_DEC,
        END_FEB,
        END_AUG,
    ]


def test_a_case_stands_on_what_usda_had_released_on_its_release_day(china):
    got = [
        (c.as_of, c.mode, c.weeks_ahead)
        for c in cases(china)
        if c.horizon.season == 2026 and c.horizon.name == END_FEB
    ]
    # from the release days of Sep 11 to Nov 6 2025 (all before Nov 14) USDA had published through
    # Sep 18 only: one case each for Sep 4, 11 and 18; the days of the backlog (Nov 14 - Jan 5) are
    # not in the release table: hindsight; from Jan 8 the calendar again
    assert got[:3] == [
        (D(2025, 9, 4), KNOWN_ON, 25),
        (D(2025, 9, 11), KNOWN_ON, 24),
        (D(2025, 9, 18), KNOWN_ON, 23),
    ]
    assert [(a, m) for a, m, _ in got[3:11]] == [(D(2025, 11, 6) + WEEK * k, HINDSIGHT) for k in range(8)]
    assert got[11:] == [(D(2026, 1, 1) + WEEK * k, KNOWN_ON, 8 - k) for k in range(5)]


def test_cases_run_4_to_26_weeks_ahead_from_the_week_the_count_opens(china):
    found = cases(china)
    assert all(4 <= c.weeks_ahead <= 26 for c in found)
    assert all(c.as_of >= c.horizon.start for c in found)
    # end of August 2024: every as-of week from 26 weeks before (Feb 29) to 4 weeks before (Aug 1)
    aug = [c.as_of for c in found if c.horizon.season == 2024 and c.horizon.name == END_AUG]
    assert aug == [D(2024, 8, 29) - WEEK * k for k in range(26, 3, -1)]
    assert len(found) == 729


def test_no_case_stands_inside_the_interpolated_block_of_the_2018_19_shutdown(china):
    assert china.blocks[0] == (D(2018, 12, 27), D(2019, 2, 14))
    found = [c for c in cases(china) if c.horizon.season == 2019]
    assert not [c for c in found if D(2018, 12, 27) <= c.as_of < D(2019, 2, 14)]
    assert END_DEC not in {c.horizon.name for c in found}  # judged on Dec 27, inside the block
    # the week before the block is a case (10 weeks before the end of February), and so is every week
    # after it that lies 4 to 26 weeks before a horizon (the end of August's first: Feb 28 2019)
    assert D(2018, 12, 20) in {c.as_of for c in found}
    assert min(c.as_of for c in found if c.as_of > D(2018, 12, 20)) == D(2019, 2, 28)


def test_the_block_is_spread_evenly_in_the_replayed_series(china):
    # China's +808,000, -807,000 and six times 653,700 MT in the 8 weeks ending Dec 27 2018 to Feb 14
    # 2019: 3,923,200 MT in all, 490,400 a week
    weeks = [D(2018, 12, 27) + WEEK * k for k in range(8)]
    assert {china.series[w] for w in weeks} == {(808_000 - 807_000 + 6 * 653_700) / 8} == {490_400}


def test_a_judged_target_is_a_track_of_its_own(snapshot, china):
    truce = target_track(load_targets().get("truce-2025"), china, snapshot, 5700, "commitments")
    assert [h.name for h in truce.horizons] == ["original", "january", "extended"]
    extended = [c for c in cases(truce) if c.horizon.name == "extended"]
    # Nov 6 2025 (released in the backlog: hindsight) to Jan 29 2026 (4 weeks before Feb 26)
    assert [c.as_of for c in extended] == [D(2025, 11, 6) + WEEK * k for k in range(13)]
    assert not truce.fits
