import datetime as dt

from soypace import calendar as s

D = dt.date


def test_week_ending_maps_any_day_to_the_thursday_on_or_before_it():
    assert s.week_ending_on_or_before(D(2026, 1, 8)) == D(2026, 1, 8)  # a Thursday
    assert s.week_ending_on_or_before(D(2026, 1, 7)) == D(2026, 1, 1)
    assert s.week_ending_on_or_before(D(2026, 1, 14)) == D(2026, 1, 8)
    assert s.week_ending_on_or_before(D(2025, 12, 31)) == D(2025, 12, 25)


def test_weeks_after_counts_reports_up_to_and_including_the_deadline():
    # reports after the week ending 2026-01-08 up to 2026-02-28: Jan 15, 22, 29, Feb 5, 12, 19, 26
    assert len(s.weeks_after(D(2026, 1, 8), D(2026, 2, 28))) == 7
    assert s.weeks_after(D(2026, 2, 19), D(2026, 2, 26)) == [D(2026, 2, 26)]
    assert s.weeks_after(D(2026, 2, 26), D(2026, 2, 28)) == []


def test_marketing_year_is_named_by_its_end_year():
    assert s.market_year_of(D(2025, 9, 1)) == 2026
    assert s.market_year_of(D(2025, 8, 31)) == 2025
    assert s.market_year_of(D(2026, 1, 15)) == 2026
    assert s.market_label(2026) == "2025/26"


def test_the_week_containing_sep_1_belongs_to_two_marketing_years():
    assert s.market_years_of_week(D(2025, 9, 4)) == [2025, 2026]
    assert s.market_years_of_week(D(2026, 9, 3)) == [2026, 2027]
    assert s.market_years_of_week(D(2025, 9, 11)) == [2026]
    # Sep 1 2022 was a Thursday: that week ends on Sep 1 and is shared too
    assert s.market_years_of_week(D(2022, 9, 1)) == [2022, 2023]
    # Sep 1 2023 was a Friday: the week ending Aug 31 is MY 2023's last, Sep 7 is MY 2024's first
    assert s.market_years_of_week(D(2023, 8, 31)) == [2023]
    assert s.market_year_weeks(2024) == (D(2023, 9, 7), D(2024, 9, 5))


def test_release_is_next_thursday_or_friday_in_a_holiday_week():
    assert s.release_day(D(2026, 1, 8)) == D(2026, 1, 15)
    # MLK day Monday 2026-01-19 moves the release of the week ending Jan 15 to Friday Jan 23
    assert s.release_day(D(2026, 1, 15)) == D(2026, 1, 23)
    # Thanksgiving Thursday 2026-11-26 moves that week's release to Friday
    assert s.release_day(D(2026, 11, 19)) == D(2026, 11, 27)


def test_latest_week_due_waits_for_830_eastern():
    thursday = D(2026, 1, 15)
    assert s.latest_week_due(dt.datetime.combine(thursday, dt.time(8, 29))) == D(2026, 1, 1)
    assert s.latest_week_due(dt.datetime.combine(thursday, dt.time(8, 30))) == D(2026, 1, 8)
    assert s.latest_week_due(dt.datetime(2026, 1, 22, 12, 0)) == D(2026, 1, 8)  # MLK week: Friday
    assert s.latest_week_due(dt.datetime(2026, 1, 23, 9, 0)) == D(2026, 1, 15)


def test_federal_holidays_include_observed_days():
    h = s.federal_holidays(2026)
    assert D(2026, 7, 3) in h  # Jul 4 2026 is a Saturday
    assert D(2026, 11, 26) in h  # Thanksgiving
    assert len(h) == 11
