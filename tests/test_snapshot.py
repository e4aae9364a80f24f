"""The shipped snapshot round-trips the real USDA records it was built from (data/source/)."""

import csv
import datetime as dt

from soypace.data.paths import data_dir
from soypace.data.records import API_FIELDS

SOURCE = data_dir() / "source"


def _int(text):
    return int(text) if text != "" else None


def test_every_all_destination_record_round_trips(snapshot):
    by_key = {r.key: r for r in snapshot.all_records()}
    with open(SOURCE / "soybeans_my2026_all_countries.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2162
    for row in rows:
        week = dt.date.fromisoformat(row["weekEndingDate"][:10])
        rec = by_key[(801, int(row["countryCode"]), 2026, week)]
        api = rec.to_api()
        for key in API_FIELDS:
            expected = row[key] if key == "weekEndingDate" else _int(row[key])
            assert api[key] == expected, (row["weekEndingDate"], row["countryCode"], key)


def test_china_history_round_trips_with_outstanding_derived(snapshot):
    by_key = {r.key: r for r in snapshot.all_records()}
    seen = 0
    with open(SOURCE / "china_soybeans_weekly_2019-2026.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            week = dt.date.fromisoformat(row["week_ending"])
            rec = by_key.get((801, 5700, int(row["marketYear"]), week))
            columns = (
                "china_net_sales",
                "china_total_commitment",
                "china_weekly_exports",
                "china_accumulated_exports",
            )
            values = [int(row[k]) for k in columns]
            if rec is None:
                assert values == [0, 0, 0, 0], row  # only weeks with no China activity have no record
                assert snapshot.covered(801, 5700, int(row["marketYear"]), week)
                continue
            seen += 1
            figures = [rec.net_sales, rec.total_commitment, rec.weekly_exports, rec.accumulated_exports]
            assert figures == values
            assert rec.outstanding_sales == rec.total_commitment - rec.accumulated_exports
            assert rec.next_my_net_sales is None and rec.gross_new_sales is None  # not captured: unknown
    assert seen > 300


def test_snapshot_covers_what_the_readme_says(snapshot):
    assert snapshot.latest_week(801, 5700) == dt.date(2026, 10, 1)
    assert snapshot.latest_week(801, 9990) == dt.date(2026, 8, 13)
    assert snapshot.market_years(801, 5700) == list(range(2020, 2028))
    # the week that holds Sep 1 2026 is in both marketing years, with each year's own part
    assert snapshot.record(801, 5700, 2026, dt.date(2026, 9, 3)).net_sales == -136000
    assert snapshot.record(801, 5700, 2027, dt.date(2026, 9, 3)).net_sales == 1222000
