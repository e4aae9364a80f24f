"""The shipped snapshot's next-MY sales and 2016/17-2018/19 years (data/source/, AgTransport capture):
on the current marketing year's record of the week they were booked in, with the manifest's flags
(opening balances at unknown dates, interpolated weeks) read into the Dataset."""

import csv
import datetime as dt

from soypace.data.dataset import NextMyOpening
from soypace.data.paths import data_dir
from soypace.data.snapshot import load_snapshot, manifest

D = dt.date
SOURCE = data_dir() / "source"


def test_next_my_sales_sit_on_the_record_of_the_week_they_were_booked_in(snapshot):
    # China's first 2026/27 booking: 200,000 MT in the week ending 2026-06-18, on its MY 2025/26 record
    rec = snapshot.record(801, 5700, 2026, D(2026, 6, 18))
    assert (rec.net_sales, rec.next_my_net_sales, rec.next_my_outstanding) == (1_509, 200_000, 200_000)
    booked = [
        snapshot.record(801, 5700, 2026, w)
        for w in (D(2026, 4, 2) + dt.timedelta(weeks=n) for n in range(22))
    ]
    assert [r.week_ending for r in booked if r.next_my_net_sales][0] == D(2026, 6, 18)
    assert sum(r.next_my_net_sales for r in booked) == 7_761_000  # the shared README's exact sum
    # outside the capture's April-August weeks the figures are unknown, never 0
    assert snapshot.record(801, 5700, 2026, D(2026, 3, 26)).next_my_net_sales is None


def test_a_week_with_next_my_sales_but_no_current_my_record_gets_one_with_nulls(snapshot):
    # unknown destinations' current-MY weeks of 2025/26 end 2026-08-13; their next-MY sales go on
    rec = snapshot.record(801, 9990, 2026, D(2026, 8, 20))
    assert (rec.next_my_net_sales, rec.next_my_outstanding) == (1_046_000, 4_866_100)
    assert rec.net_sales is rec.total_commitment is rec.weekly_exports is rec.outstanding_sales is None
    assert not snapshot.covered(801, 9990, 2026, D(2026, 8, 20))  # its current-MY figures are not held
    # 2015/16 has only the sales booked for 2016/17, for China and unknown destinations
    rec = load_snapshot([5700]).record(801, 5700, 2016, D(2016, 4, 14))
    assert (rec.net_sales, rec.next_my_net_sales, rec.next_my_outstanding) == (None, 132_000, 1_297_000)
    assert 2016 not in snapshot.market_years(801, 5700)


def test_the_early_years_are_the_capture_with_weekly_exports_from_accumulated_ones(snapshot):
    with open(SOURCE / "soybeans_weekly_2016-2019_china_unknown_total.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["destination"] != "total"]
    assert len(rows) == 314
    for row in rows:
        rec = snapshot.record(
            801, int(row["countryCode"]), int(row["marketYear"]), D.fromisoformat(row["weekEndingDate"])
        )
        assert rec.net_sales == int(row["currentMYNetSales"])
        assert rec.total_commitment == int(row["currentMYTotalCommitment"])
        assert rec.outstanding_sales == int(row["outstandingSales"])
        assert rec.accumulated_exports == (
            int(row["accumulatedExports"]) if row["accumulatedExports"] else None
        )
    # China's first two weeks of 2016/17: 222,500 then 938,000 accumulated, so 715,500 shipped in week 2
    assert snapshot.record(801, 5700, 2017, D(2016, 9, 8)).weekly_exports == 938_000 - 222_500
    assert snapshot.record(801, 9990, 2017, D(2016, 9, 8)).weekly_exports is None  # not in the capture


def test_the_manifest_flags_reach_the_dataset(snapshot):
    opening = snapshot.next_my_openings
    assert opening[(801, 5700, 2022)] == NextMyOpening(
        D(2022, 4, 7), 5_626_000
    )  # 2022/23 booked before April
    assert opening[(801, 5700, 2026)] == NextMyOpening(D(2026, 4, 2), 0)  # nothing of 2026/27 before April
    assert opening[(801, 9990, 2016)] == NextMyOpening(D(2016, 4, 7), 463_000)
    [shutdown] = snapshot.interpolated[(801, 5700, 2019)]
    assert (shutdown.first_week, shutdown.last_week, shutdown.fields) == (
        D(2018, 12, 27),
        D(2019, 2, 14),
        "all",
    )
    [retracted] = snapshot.interpolated[(801, 9990, 2022)]
    assert (retracted.first_week, retracted.last_week, retracted.fields) == (
        D(2022, 8, 18),
        D(2022, 8, 25),
        "nextMY",
    )
    # a dataset loaded for one destination carries that destination's flags only
    assert {k for _, k, _ in load_snapshot([9990]).next_my_openings} == {9990}


def test_every_opening_balance_is_the_captures_first_row():
    with open(SOURCE / "soybeans_next_my_weekly_2016-2026.csv", newline="") as fh:
        firsts = {
            (int(r["countryCode"]), int(r["for_marketYear"]) - 1): (
                r["weekEndingDate"],
                int(r["opening_balance_before_first_week"]),
            )
            for r in csv.DictReader(fh)
            if r["opening_balance_before_first_week"] and r["countryCode"]
        }
    flagged = {
        (k, entry["marketYear"]): (nmy["firstWeek"], nmy["opening_balance_before_first_week"])
        for entry in manifest()["files"]
        for nmy in entry["nextMY"]
        for k in nmy["countries"]
    }
    assert flagged == firsts and len(flagged) == 22  # China and unknown destinations, 2015/16 to 2025/26
