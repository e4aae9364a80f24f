"""Replays that see only what USDA had published: the release calendar and its late releases."""

import datetime as dt

import pytest

from soypace import SoypaceError, UsageError
from soypace.calendar import LateRelease, ReleaseUnknown, late_releases, latest_week_known
from soypace.model.targets import load_targets
from soypace.model.window import HINDSIGHT, KNOWN_ON, LATEST, Query, resolve

D = dt.date
TRUCE = load_targets().get("truce-2025")


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (D(2025, 9, 30), D(2025, 9, 18)),  # the week ending Sep 18 came out Sep 25, before the shutdown
        (D(2025, 11, 13), D(2025, 9, 18)),  # nothing of the backlog before Nov 14
        (D(2026, 1, 6), D(2026, 1, 1)),  # caught up: Reuters cited the total through Jan 1 that day
        (D(2026, 1, 14), D(2026, 1, 1)),  # the week ending Jan 8 is due Thursday Jan 15
        (D(2026, 1, 15), D(2026, 1, 8)),
        (D(2026, 11, 27), D(2026, 11, 19)),  # Thanksgiving Thursday: the week ending Nov 19 came out Nov 20
    ],
)
def test_the_newest_week_published_by_a_day(day, week):
    assert latest_week_known(day) == week


@pytest.mark.parametrize("day", [D(2025, 11, 14), D(2025, 12, 18), D(2026, 1, 5)])
def test_inside_the_backlog_the_release_table_says_it_does_not_know(day):
    with pytest.raises(ReleaseUnknown, match="2025 shutdown backlog") as caught:
        latest_week_known(day)
    assert "under 4 million tons" in str(caught.value)  # what was known then, from its source


def test_the_late_releases_are_data():
    (late,) = late_releases()
    assert late == LateRelease(
        D(2025, 9, 25),
        D(2026, 1, 1),
        D(2025, 11, 14),
        D(2026, 1, 6),
        "the 2025 shutdown backlog",
        late.known_then,
    )


def test_known_on_counts_only_the_weeks_published_by_then(snapshot):
    on_15 = resolve(snapshot, Query(TRUCE, 5700, known_on=D(2026, 1, 15)))
    on_14 = resolve(snapshot, Query(TRUCE, 5700, known_on=D(2026, 1, 14)))
    assert (on_15.as_of, on_15.paces[-1][1].cumulative_mt) == (D(2026, 1, 8), 8_116_647)
    assert (on_14.as_of, on_14.paces[-1][1].cumulative_mt) == (D(2026, 1, 1), 6_892_519)
    assert on_14.query.mode == KNOWN_ON and any("known on 2026-01-14" in n for n in on_14.notes)


def test_hindsight_says_so_and_what_was_published_that_day(snapshot):
    window = resolve(snapshot, Query(TRUCE, 5700, as_of=D(2026, 1, 8)))
    assert window.query.mode == HINDSIGHT and window.paces[-1][1].cumulative_mt == 8_116_647
    (note,) = [n for n in window.notes if n.startswith("hindsight")]
    assert "published only through the week ending 2026-01-01" in note
    assert Query(TRUCE, 5700).mode == LATEST


def test_a_known_on_day_inside_the_backlog_is_an_error_not_a_guess(snapshot):
    with pytest.raises(
        SoypaceError, match="--known-on 2025-12-18: USDA published the weeks ending 2025-09-25"
    ):
        resolve(snapshot, Query(TRUCE, 5700, known_on=D(2025, 12, 18)))


def test_a_known_on_day_before_the_target_had_any_published_week(snapshot):
    with pytest.raises(UsageError, match="through 2025-09-18 only"):
        resolve(snapshot, Query(TRUCE, 5700, known_on=D(2025, 11, 1)))
