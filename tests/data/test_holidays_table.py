"""The shipped holiday table is exactly what the holidays package computes, year by year."""

import json

from soypace.calendar import HOLIDAYS_FILE, package_holidays, rule_path


def test_the_shipped_table_equals_the_package_for_every_year_it_holds():
    years = json.loads(rule_path().with_name(HOLIDAYS_FILE).read_text())["years"]
    assert len(years) >= 20 and "2025" in years and "2026" in years
    for year, days in years.items():
        assert sorted(d.isoformat() for d in package_holidays(int(year))) == days, year
