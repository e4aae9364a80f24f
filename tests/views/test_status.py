"""The issue's worked examples, on the shipped real USDA data (China, 5700)."""

import datetime as dt

import pytest

from soypace import SoypaceError, UsageError
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve
from soypace.views.status import EXIT_BEHIND, EXIT_MISSED, EXIT_OK, EXIT_STALE, check_code, status_result
from soypace.views.weeks import weeks_result

D = dt.date
BOOK = load_targets()


def rows(snapshot, target="truce-2025", as_of=None, basis="commitments", country=5700):
    return status_result(resolve(snapshot, Query(BOOK.get(target), country, basis, as_of))).rows


def test_default_status_shows_both_truce_deadlines_missed(snapshot):
    original, _january, extended = rows(snapshot)
    assert (original["deadline_name"], original["judged_week"], original["status"]) == (
        "original",
        D(2025, 12, 25),
        "missed",
    )
    assert original["cumulative_mt"] == 6_422_446
    assert (extended["deadline_name"], extended["judged_week"], extended["status"]) == (
        "extended",
        D(2026, 2, 26),
        "missed",
    )
    # both counts are the same with next-MY sales counted: China booked no 2026/27 soybeans before the
    # week ending 2026-06-18 (next-MY outstanding 0 from 2026-04-02 to 2026-06-11, nothing before April)
    assert extended["cumulative_mt"] == 10_816_852
    assert extended["projected_surplus_mt"] == -1_183_148  # 12,000,000 - 10,816,852
    # the 12 MMT mark moved a week earlier: the 200,000 MT of 2026/27 booked in the week ending 06-18
    assert extended["eta_week"] == original["eta_week"] == D(2026, 6, 18)
    assert extended["as_of"] == D(2026, 10, 1)


def test_cumulative_matches_chinas_total_commitment_in_the_real_data(snapshot):
    # China had nothing booked for 2025/26 before Oct 30, so its total commitment is the cumulative
    assert snapshot.record(801, 5700, 2026, D(2026, 2, 26)).total_commitment == 10_816_852


def test_as_of_january_8_needs_554765_a_week(snapshot):
    *_, extended = rows(snapshot, as_of=D(2026, 1, 8))
    assert extended["cumulative_mt"] == 8_116_647
    assert extended["reports_left"] == 7
    assert extended["needed_weekly_mt"] == 554_765  # (12,000,000 - 8,116,647) / 7 = 554,764.7
    assert extended["path_mt"] == 6_942_149  # 12,000,000 * 70 / 121 days
    assert extended["ahead_mt"] == 1_174_498
    assert extended["status"] == "on_track"


def test_any_as_of_date_maps_to_the_last_week_before_it(snapshot):
    assert rows(snapshot, as_of=D(2026, 1, 14))[1]["as_of"] == D(2026, 1, 8)


def test_twelve_mmt_mark_is_crossed_in_the_week_ending_june_18(snapshot):
    # June 25 before next-MY sales were counted: the week ending 06-18 adds 1,509 MT of 2025/26 and the
    # first 200,000 MT of 2026/27 China booked, so 11,958,696 + 201,509 = 12,160,205 crosses 12 MMT
    window = resolve(snapshot, Query(BOOK.get("truce-2025"), 5700))
    by_week = {r["week_ending"]: r["cumulative_mt"] for r in weeks_result(window).rows}
    assert by_week[D(2026, 6, 11)] == 11_958_696 < 12_000_000 <= by_week[D(2026, 6, 18)] == 12_160_205
    assert window.reached_week == D(2026, 6, 18)
    assert any("reached in the week ending 2026-06-18" in n for n in status_result(window).notes)


def test_shipments_basis_sums_weekly_exports(snapshot):
    *_, extended = rows(snapshot, basis="shipments")
    # China's accumulated exports at 2026-02-26 in the real data; nothing was shipped before Oct 30
    assert (
        extended["cumulative_mt"]
        == snapshot.record(801, 5700, 2026, D(2026, 2, 26)).accumulated_exports
        == 6_829_851
    )


def test_calendar_2026_crosses_the_marketing_year_rollover(snapshot):
    [row] = rows(snapshot, target="calendar-2026", as_of=D(2026, 10, 1))
    # 9,321,027 before next-MY sales were counted: 5,939,699 (2025/26 current-MY) + 7,761,000 (2026/27
    # booked as next-MY in the weeks ending 2026-06-18 to 08-27) + 3,381,328 (2026/27 current-MY)
    assert row["cumulative_mt"] == 5_939_699 + 7_761_000 + 3_381_328 == 17_082_027
    assert row["pct_of_target"] == 68.3
    assert row["reports_left"] == 13


def test_as_of_before_the_start_is_a_usage_error_naming_the_start(snapshot):
    with pytest.raises(UsageError, match="starts \\(2025-10-30\\)"):
        resolve(snapshot, Query(BOOK.get("truce-2025"), 5700, as_of=D(2025, 10, 29)))


def test_a_target_that_has_not_started_says_so(snapshot):
    with pytest.raises(SoypaceError, match="nothing to pace yet"):
        resolve(snapshot, Query(BOOK.get("calendar-2027"), 5700))


def test_as_of_after_the_data_says_where_the_data_ends(snapshot):
    window = resolve(snapshot, Query(BOOK.get("truce-2025"), 5700, as_of=D(2026, 11, 26)))
    assert window.as_of == D(2026, 10, 1)
    assert any("ends with the week ending 2026-10-01" in n for n in window.notes)


def test_weeks_marks_the_rollover_week_and_missing_next_my_figures(snapshot):
    result = weeks_result(resolve(snapshot, Query(BOOK.get("calendar-2026"), 5700)))
    rollover = next(r for r in result.rows if r["week_ending"] == D(2026, 9, 3))
    assert rollover["net_sales_mt"] == 1_222_000 - 136_000
    assert "split" in rollover["note"]
    assert any("next-MY net sales are not in this data" in n for n in result.notes)


def test_calendar_2026_has_no_range_now_that_next_my_sales_are_known(snapshot):
    [row] = rows(snapshot, target="calendar-2026", as_of=D(2026, 10, 1))
    # it was 9,321,027 to 17,082,027: the 7,761,000 MT booked before Sep 1 (2026/27 week 1's commitment
    # 8,983,000 - net sales 1,222,000) are now counted in the weeks they were booked
    assert row["cumulative_upper_mt"] is None and row["cumulative_mt"] == 17_082_027


def test_no_range_on_the_shipments_basis(snapshot):
    [row] = rows(snapshot, target="calendar-2026", as_of=D(2026, 10, 1), basis="shipments")
    assert row["cumulative_upper_mt"] is None


def test_check_codes_by_hand():
    assert check_code([{"status": "on_track"}, {"status": "met"}], stale=False) == EXIT_OK
    assert check_code([{"status": "behind"}, {"status": "met"}], stale=False) == EXIT_BEHIND
    assert check_code([{"status": "behind"}, {"status": "missed"}], stale=False) == EXIT_MISSED
    assert check_code([{"status": "on_track"}], stale=True) == EXIT_STALE
    assert (EXIT_OK, EXIT_BEHIND, EXIT_MISSED, EXIT_STALE) == (0, 3, 4, 5)  # the codes `soypace --help` lists
