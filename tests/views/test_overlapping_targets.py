"""Targets that count the same weeks are named, with the purchases in them, in `targets` and the report."""

import datetime as dt

from soypace.model.overlap import overlaps, shared_weeks
from soypace.model.targets import Deadline, Target, load_targets
from soypace.model.window import Query
from soypace.render.document import render_document
from soypace.views.listing import targets_result
from soypace.views.report import weekly_report
from soypace.views.session import Session

D = dt.date


def target(name, start, deadline, market_year=None):
    return Target(name, name, 1000, start, (Deadline("end", deadline),), market_year=market_year)


def test_shared_weeks_run_from_the_later_start_to_the_earlier_judged_week():
    a = target("a", D(2025, 10, 30), D(2026, 2, 28))
    b = target("b", D(2026, 1, 1), D(2026, 12, 31))
    assert shared_weeks(a, b) == (D(2026, 1, 1), D(2026, 2, 26))
    assert shared_weeks(a, target("c", D(2026, 3, 1), D(2026, 6, 30))) is None
    two_years = (
        target("d", D(2025, 10, 1), D(2026, 8, 31), 2026),
        target("e", D(2026, 1, 1), D(2027, 8, 31), 2027),
    )
    assert shared_weeks(*two_years) is None  # different marketing years' sales never coincide


def test_the_truce_and_calendar_2026_share_4394406_mt(snapshot):
    book = load_targets()
    [found] = overlaps([book.get("truce-2025"), book.get("calendar-2026")], snapshot, 5700)
    assert (found.first_week, found.last_week, found.counted_to) == (
        D(2026, 1, 1),
        D(2026, 2, 26),
        D(2026, 2, 26),
    )
    assert found.tonnage_mt == 4_394_406  # 10,816,852 by Feb 26 less 6,422,446 by Dec 25
    assert "do not say whether the pledges add up" in found.sentence("China")


def test_targets_says_which_targets_count_the_same_weeks(snapshot):
    result = targets_result(load_targets(), snapshot)
    [note] = [n for n in result.notes if n.startswith("truce-2025 and calendar-2026")]
    assert "2026-01-01 to 2026-02-26" in note and "4,394,406 MT" in note
    assert "add up" in note
    assert {r["counts"] for r in result.rows} == {"window", "market-year 2025/26"}


def test_the_report_names_the_overlap_and_counts_the_possible_switches():
    with Session() as session:
        doc, _, _ = weekly_report(session, Query(load_targets().get("truce-2025"), 5700), generated_at=None)
    text = render_document(doc, "text")
    assert "Targets counting the same weeks" in text
    assert "truce-2025 and calendar-2026 both count the weeks ending 2026-01-01 to 2026-02-26" in text
    assert "4,394,406 MT" in text and "whether the pledges add up" in text
    assert "possible switches: 24 of 42 week(s)" in text
