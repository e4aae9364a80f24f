"""The all-destination totals (data/totals/): the history backtest's control, a pseudo-destination
kept apart from the ESR snapshot, holding the captures' own totals and nothing estimated."""

import csv
import datetime as dt
from collections import defaultdict

from soypace.data.codes import ALL_DESTINATIONS, CHINA
from soypace.data.paths import data_dir
from soypace.data.snapshot import load_snapshot, load_totals
from soypace.model.purchases import COMMITMENTS, weekly_points

D = dt.date
SOURCE = data_dir() / "source"


def test_the_totals_are_every_marketing_year_under_a_code_no_destination_has():
    totals = load_totals()
    assert totals.market_years(801, ALL_DESTINATIONS) == list(range(2017, 2028))
    assert totals.latest_week(801, ALL_DESTINATIONS) == D(2026, 10, 1)
    assert {r.country for r in totals.all_records()} == {ALL_DESTINATIONS}
    # the ESR snapshot never holds them, so nothing adds them to the destinations they sum
    assert ALL_DESTINATIONS not in {r.country for r in load_snapshot().all_records()}


def test_published_totals_are_in_them():
    """USDA's published U.S. net sales: 987,082 MT (week ending 2025-12-18), 877,914 MT (2026-01-01)."""
    totals = load_totals()
    assert totals.record(801, ALL_DESTINATIONS, 2026, D(2025, 12, 18)).net_sales == 987_082
    assert totals.record(801, ALL_DESTINATIONS, 2026, D(2026, 1, 1)).net_sales == 877_914


def test_2025_26_totals_are_the_sum_of_every_destination_in_the_all_countries_capture():
    sums: dict[str, int] = defaultdict(int)
    with open(SOURCE / "soybeans_my2026_all_countries.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            sums[row["weekEndingDate"][:10]] += int(row["currentMYNetSales"])
    totals = load_totals()
    for week, total in sums.items():
        assert totals.record(801, ALL_DESTINATIONS, 2026, D.fromisoformat(week)).net_sales == total, week


def test_next_my_totals_sit_on_the_week_they_were_booked_with_their_opening_balance():
    totals = load_totals()
    # 2017/18 sales booked in the week ending 2017-04-13 (during MY 2016/17): 14,000 MT, outstanding
    # 2,682,300 MT; 2,543,600 MT were booked before the capture's first week (2017-04-06)
    rec = totals.record(801, ALL_DESTINATIONS, 2017, D(2017, 4, 13))
    assert (rec.next_my_net_sales, rec.next_my_outstanding) == (14_000, 2_682_300)
    opening = totals.next_my_openings[(801, ALL_DESTINATIONS, 2017)]
    assert (opening.first_week, opening.balance_mt) == (D(2017, 4, 6), 2_543_600)


def test_the_totals_flag_the_same_interpolated_weeks_as_china():
    totals, china = load_totals(), load_snapshot((CHINA,))
    runs = {(r.first_week, r.last_week) for r in totals.interpolated[(801, ALL_DESTINATIONS, 2019)]}
    assert runs == {(r.first_week, r.last_week) for r in china.interpolated[(801, CHINA, 2019)]}
    assert runs == {(D(2018, 12, 27), D(2019, 2, 14))}


def test_purchases_of_all_destinations_count_like_any_destination():
    # the weeks ending Sep 4 2025 to Feb 26 2026: 2025/26's net sales, 27,786,482 MT, and 2024/25's part
    # of the week ending Sep 4 (Aug 29-31), 81,366 MT; no next-MY figures are captured in them
    points = weekly_points(load_totals(), 801, ALL_DESTINATIONS, D(2025, 9, 1), D(2026, 2, 28))
    assert not any(p.is_gap for p in points)
    assert sum(p.purchases(COMMITMENTS) for p in points) == 27_867_848


def test_the_shipped_totals_are_what_the_build_script_writes(tmp_path, monkeypatch, capfd):
    """`make snapshot` rebuilds data/totals/ from the captures byte for byte: nothing in it is edited."""
    monkeypatch.syspath_prepend(str(data_dir().parent / "scripts"))
    import build_totals

    monkeypatch.setattr(build_totals, "OUT", tmp_path / "totals")
    monkeypatch.setattr(build_totals, "ROOT", tmp_path)
    build_totals.main()
    shipped = data_dir() / "totals"
    built = sorted(p.name for p in (tmp_path / "totals").iterdir())
    assert built == sorted(p.name for p in shipped.iterdir())
    assert all((tmp_path / "totals" / name).read_bytes() == (shipped / name).read_bytes() for name in built)
    assert (
        "carry-in check total 2027: last pre-season outstanding - carry-in = -9635 MT"
        in capfd.readouterr().out
    )
