"""The shipped snapshot round-trips the real USDA records it was built from (data/source/)."""

import csv
import datetime as dt

from soypace.data.paths import data_dir
from soypace.data.records import API_FIELDS

SOURCE = data_dir() / "source"


def _int(text):
    return int(text) if text != "" else None


def _next_my():
    """(country, week ending) -> (next-MY net sales, next-MY outstanding) from the next-MY capture."""
    with open(SOURCE / "soybeans_next_my_weekly_2016-2026.csv", newline="") as fh:
        return {
            (int(r["countryCode"]), r["weekEndingDate"]): (
                int(r["nextMYNetSales"]),
                int(r["nextMYOutstandingSales"]),
            )
            for r in csv.DictReader(fh)
            if r["countryCode"]
        }


def test_every_all_destination_record_round_trips(snapshot):
    by_key = {r.key: r for r in snapshot.all_records()}
    with open(SOURCE / "soybeans_my2026_all_countries.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2162
    next_my = _next_my()
    for row in rows:
        week = dt.date.fromisoformat(row["weekEndingDate"][:10])
        rec = by_key[(801, int(row["countryCode"]), 2026, week)]
        api = rec.to_api()
        for key in API_FIELDS:
            expected = row[key] if key == "weekEndingDate" else _int(row[key])
            if key.startswith("nextMY") and (int(row["countryCode"]), str(week)) in next_my:
                # empty in this capture; China's and unknown destinations' come from the next-MY one
                net, outstanding = next_my[(int(row["countryCode"]), str(week))]
                expected = net if key == "nextMYNetSales" else outstanding
            assert api[key] == expected, (row["weekEndingDate"], row["countryCode"], key)


def test_china_history_round_trips_with_outstanding_derived(snapshot):
    by_key = {r.key: r for r in snapshot.all_records()}
    next_my = _next_my()
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
            assert rec.gross_new_sales is None  # in no capture: unknown
            # next-MY figures from the next-MY capture in the weeks it has (April to August), else unknown
            assert (rec.next_my_net_sales, rec.next_my_outstanding) == next_my.get(
                (5700, row["week_ending"]), (None, None)
            )
    assert seen > 300


def test_snapshot_covers_what_the_readme_says(snapshot):
    assert snapshot.latest_week(801, 5700) == dt.date(2026, 10, 1)
    assert snapshot.latest_week(801, 9990) == dt.date(2026, 8, 13)
    # 2016/17 to 2018/19 for China and unknown destinations from the AgTransport capture
    assert snapshot.market_years(801, 5700) == list(range(2017, 2028))
    assert snapshot.market_years(801, 9990) == [2017, 2018, 2019, 2026]
    # the week that holds Sep 1 2026 is in both marketing years, with each year's own part
    assert snapshot.record(801, 5700, 2026, dt.date(2026, 9, 3)).net_sales == -136000
    assert snapshot.record(801, 5700, 2027, dt.date(2026, 9, 3)).net_sales == 1222000
