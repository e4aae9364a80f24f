"""The ESR release rule is data (data/calendar.toml), and U.S. holidays come from the `holidays`
package, imported only when they can change the answer."""

import datetime as dt
import subprocess
import sys

import holidays
import pytest

from soypace import calendar as s
from soypace.data.paths import data_dir

D = dt.date


@pytest.fixture
def rule_file(tmp_path, monkeypatch):
    """Point the calendar at a rule file of the test's own; the shipped rule is restored after."""
    path = tmp_path / "calendar.toml"
    monkeypatch.setattr(s, "rule_path", lambda: path)
    s.release_rule.cache_clear()
    s.federal_holidays.cache_clear()
    yield path
    s.release_rule.cache_clear()
    s.federal_holidays.cache_clear()


def test_the_shipped_rule_is_thursday_830_eastern_and_sits_with_the_shipped_data():
    rule = s.release_rule()
    assert s.rule_path() == data_dir() / "calendar.toml"
    assert s.WEEKDAYS[rule.weekday] == "Thursday" and rule.time == dt.time(8, 30)
    assert rule.time_zone == "America/New_York"
    assert rule.holiday_days == (-6, -3, -2, -1, 0) and rule.delay == dt.timedelta(days=1)


def test_federal_holidays_are_the_holidays_packages_as_observed():
    listed = holidays.country_holidays("US", years=2026, categories=("government",))
    assert s.federal_holidays(2026) == {d for d in listed if d.weekday() < 5}
    assert D(2026, 7, 4) not in s.federal_holidays(2026)  # a Saturday: observed on Friday Jul 3


def test_a_holiday_anywhere_in_the_release_week_moves_the_release_to_friday():
    # Juneteenth, Wednesday 2024-06-19: the week ending Jun 13 is published on Friday Jun 21
    assert s.release_day(D(2024, 6, 13)) == D(2024, 6, 21)
    # the national day of mourning for President Carter, Thursday 2025-01-09 (an executive order)
    assert s.release_day(D(2025, 1, 2)) == D(2025, 1, 10)
    # Independence Day on Friday 2025-07-04, the Friday before the release week
    assert s.release_day(D(2025, 7, 3)) == D(2025, 7, 11)
    # a holiday on the Friday of the release week itself (Jul 3 2026, observed) changes nothing
    assert s.release_day(D(2026, 6, 25)) == D(2026, 7, 2)
    assert s.latest_week_due(dt.datetime(2024, 6, 20, 9, 0)) == D(2024, 6, 6)
    assert s.latest_week_due(dt.datetime(2024, 6, 21, 8, 30)) == D(2024, 6, 13)


def test_the_rule_file_is_what_is_read(rule_file):
    rule_file.write_text(
        '[release]\nweekday = "Friday"\ntime = 10:00:00\ntime_zone = "America/Chicago"\n'
        '[release.holidays]\ncountry = "US"\ncategories = ["government"]\non_days = [0]\ndelay_days = 3\n'
    )
    assert s.release_day(D(2026, 1, 8)) == D(2026, 1, 9)  # the next day, a Friday
    assert s.release_day(D(2026, 12, 24)) == D(2026, 12, 25) + dt.timedelta(days=3)  # Christmas, a Friday
    assert s.release_day(D(2026, 1, 15)) == D(2026, 1, 16)  # MLK Monday is no longer among the days
    assert s.latest_week_due(dt.datetime(2026, 1, 9, 9, 59)) == D(2026, 1, 1)
    assert s.latest_week_due(dt.datetime(2026, 1, 9, 10, 0)) == D(2026, 1, 8)


@pytest.mark.parametrize(
    "text", ['[release]\nweekday = "Thorsday"\n', '[release]\nweekday = "Thursday"\ntime = "8:30"\n']
)
def test_a_malformed_rule_names_its_file(rule_file, text):
    rule_file.write_text(text)
    with pytest.raises(ValueError, match="calendar.toml: not a release rule"):
        s.release_day(D(2026, 1, 8))


CHECK = (
    "import datetime as dt, sys\n"
    "from soypace.calendar import latest_week_due\n"
    "from soypace.data.sources import stale_note\n"
    "for now in sys.argv[1:]:\n"
    "    stale_note(dt.date(2026, 1, 1), dt.datetime.fromisoformat(now))\n"
    "    latest_week_due(dt.datetime.fromisoformat(now))\n"
    "print('holidays' in sys.modules)\n"
)


def holidays_imported(*moments: str) -> bool:
    res = subprocess.run([sys.executable, "-c", CHECK, *moments], capture_output=True, text=True, check=True)
    return res.stdout.strip() == "True"


def test_holidays_are_imported_only_for_a_year_the_shipped_table_lacks_and_only_when_they_decide():
    # the shipped table (data/holidays.json) answers for the years it holds: no slow import at all
    assert not holidays_imported(
        "2026-01-17T12:00", "2026-01-20T09:00", "2026-01-22T08:29", "2026-01-22T08:30", "2026-01-23T08:29"
    )
    # beyond the table, the package itself, and only between Thursday 8:30 and Friday 8:30,
    # when the holidays decide
    assert not holidays_imported("2040-01-17T12:00", "2040-01-19T08:29", "2040-01-20T08:30")
    assert holidays_imported("2040-01-19T08:30")
