"""Next-MY sales in the count: the rollover week counts once, the carry-in identity holds for every
year the shipped data covers, the "lies between" range goes where the data knows the sales and stays
(bounded by when they were booked) where it does not, and caveats reach every view through the model."""

import datetime as dt

import pytest

from soypace.calendar import market_year_weeks, weeks_in
from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import WeekRecord
from soypace.model.methods import Options
from soypace.model.purchases import carry_in, next_my_gaps, weekly_points
from soypace.model.targets import Deadline, Target, load_targets
from soypace.model.window import Query, resolve

D = dt.date
BOOK = load_targets()
ROUNDING_MT = 100  # the AgTransport capture's thousand MT with one decimal


def covered_years(dataset, country):
    """Years whose week 1 the data holds, so that their carry-in is known."""
    return [y for y in range(2016, 2029) if carry_in(dataset, 801, country, y) is not None]


@pytest.mark.parametrize("country", [5700, 9990])
def test_the_carry_in_is_the_opening_balance_plus_the_next_my_sales_up_to_the_rollover(snapshot, country):
    # commitment(week 1) - net sales(week 1) = opening balance + sum of next-MY net sales booked in the
    # year before, for every year the data has week 1 of, within the capture's 100 MT rounding
    checked = {}
    for year in covered_years(snapshot, country):
        opening = snapshot.next_my_openings[(801, country, year - 1)]
        first, last = market_year_weeks(year - 1)
        booked = [snapshot.record(801, country, year - 1, w) for w in weeks_in(first, last)]
        total = opening.balance_mt + sum(r.next_my_net_sales for r in booked if r and r.next_my_net_sales)
        checked[year] = carry_in(snapshot, 801, country, year) - total
        assert abs(checked[year]) <= ROUNDING_MT, (year, checked[year])
    expected = list(range(2017, 2028)) if country == 5700 else [2017, 2018, 2019, 2026]
    assert sorted(checked) == expected  # no year skipped silently
    if country == 5700:
        assert checked[2027] == 0  # 2026/27: 7,761,000 booked from 06-18 to 08-27, to the tonne


def test_the_rollover_week_counts_both_current_parts_and_the_earlier_parts_next_my_only():
    week = D(2026, 9, 3)  # Aug 28-31 in MY 2026, Sep 1-3 in MY 2027
    records = [
        WeekRecord(801, 5700, 2026, week, 5, 0, 0, None, -136_000, 0, 7_761_000, 1_000),
        WeekRecord(801, 5700, 2027, week, 7, 0, 0, None, 1_222_000, 8_983_000, 40, 40),
    ]
    ds = Dataset(records, [Coverage(801, y, None, week, week) for y in (2026, 2027)], "hand-made", "test")
    [p] = weekly_points(ds, 801, 5700, week, week)
    # -136,000 + 1,222,000 + 1,000 booked for 2026/27 before Sep 1; the 40 MT of 2027/28 are not added,
    # and neither is 2026/27's carry-in, which holds the next-MY sales already counted when booked
    assert p.purchases("commitments") == -136_000 + 1_222_000 + 1_000


def test_the_real_rollover_is_counted_once(snapshot):
    window = resolve(snapshot, Query(BOOK.get("calendar-2026"), 5700))
    # calendar 2026 to Oct 1: 2025/26's commitment growth from Dec 25 to the rollover plus 2026/27's
    # whole commitment at Oct 1 (its carry-in of next-MY sales included): the same figure, counted once
    grown = snapshot.record(801, 5700, 2026, D(2026, 9, 3)).total_commitment - 6_422_446
    assert window.paces[0][1].cumulative_mt == grown + 11_142_328 == 17_082_027
    assert window.paces[0][1].pct_of_target == 68.3
    running = dict(window.weekly)
    assert running[D(2026, 9, 3)] == -136_000 + 1_222_000  # the old part's next-MY figure is unknown


def test_the_twelve_mmt_mark_is_the_week_of_the_first_2026_27_booking(snapshot):
    window = resolve(snapshot, Query(BOOK.get("truce-2025"), 5700))
    assert window.reached_week == D(2026, 6, 18)
    assert sum(v for w, v in window.weekly if w <= D(2026, 6, 18)) == 12_160_205
    # the deadlines are judged on the same counts as before: no 2026/27 booking until June 2026
    assert [p.cumulative_mt for name, p in window.paces if name != "january"] == [6_422_446, 10_816_852]


def test_where_the_data_knows_the_next_my_sales_the_range_goes(snapshot):
    window = resolve(snapshot, Query(BOOK.get("calendar-2026"), 5700))
    # 2025/26's unknown weeks (Oct 30 - Mar 26, and the rollover's old part) add up to 0: nothing to add;
    # 2026/27's own next-MY sales (for 2027/28) are unknown and nothing bounds them yet
    assert window.next_my_bound(D(2026, 12, 31)) == (0, [], [2027])
    gaps = window.next_my_gaps(D(2026, 12, 31))
    assert [(g.market_year, g.weeks[0], g.weeks[-1], g.total_mt) for g in gaps] == [
        (2026, D(2025, 10, 30), D(2026, 3, 26), 0),
        (2026, D(2026, 9, 3), D(2026, 9, 3), 0),
        (2027, D(2026, 9, 10), D(2026, 10, 1), None),
    ]
    assert not any("lies between" in n for n in window.notes)


def test_a_replay_does_not_bound_what_it_could_not_have_seen(snapshot):
    # as of 2026-01-08 the data has not yet shown 2026/27's April opening of 0: nothing bounds it
    window = resolve(snapshot, Query(BOOK.get("truce-2025"), 5700, as_of=D(2026, 1, 8)))
    assert window.next_my_bound(D(2026, 2, 28)) == (0, [], [2026])
    assert any(
        n.startswith("next-MY net sales are not in this data for the weeks ending 2025-10-30")
        for n in window.notes
    )


def test_where_the_data_lacks_them_the_range_stays_bounded_by_when_they_were_booked(snapshot):
    # unknown destinations: 185,000 MT of 2026/27 booked before the week ending 2026-04-02, dates not given
    window = resolve(snapshot, Query(BOOK.get("calendar-2026"), 9990))
    assert window.next_my_bound(D(2026, 12, 31)) == (185_000, [2026], [])


def test_no_booking_before_the_first_week_with_next_my_figures_means_no_range():
    # a source without next-MY figures until week 4, whose outstanding then is 0: nothing was booked
    # before it, so a deadline before week 4 gets no range; after it the known sales are counted
    weeks = [D(2025, 9, 4) + dt.timedelta(weeks=n) for n in range(6)]
    nxt = [None, None, None, (0, 0), (500, 500), (0, 500)]
    records = [
        WeekRecord(801, 5700, 2026, w, 0, 0, 0, None, 100, 100 * (i + 1), *(n[::-1] if n else (None, None)))
        for i, (w, n) in enumerate(zip(weeks, nxt, strict=True))
    ]
    ds = Dataset(records, [Coverage(801, 2026, 5700, weeks[0], weeks[-1])], "hand-made", "test")
    # (2024/25, whose part of the split week 1 this data lacks, is one run of its own, totalling 0)
    [gap] = [g for g in next_my_gaps(ds, 801, 5700, weeks[0], weeks[-1], weeks[-1]) if g.market_year == 2026]
    assert gap.weeks == tuple(weeks[1:3]) and gap.total_mt == 0  # week 1 counts 2024/25's part's next-MY
    target = Target("t", "t", 10_000, weeks[0], (Deadline("early", weeks[2]), Deadline("late", weeks[5])))
    window = resolve(ds, Query(target, 5700))
    assert window.next_my_bound(weeks[2]) == (0, [], [])
    assert window.paces[1][1].cumulative_mt == 6 * 100 + 500


def test_caveats_on_interpolated_weeks_and_unknown_dates_come_from_the_model(snapshot):
    # a window over the Dec 2018 - Jan 2019 shutdown weeks says the capture spread them
    target = Target("t", "t", 5_000_000, D(2018, 12, 1), (Deadline("end", D(2019, 3, 31)),))
    notes = resolve(snapshot, Query(target, 5700)).notes
    assert any("2018-12-27 to 2019-02-14 (2018/19)" in n and "spread" in n for n in notes)
    # past years a projection draws on: said once a method that uses them has run
    window = resolve(snapshot, Query(BOOK.get("calendar-2026"), 5700, options=Options(simulations=200)))
    assert window.history_notes == ()
    window.projections(("run-rate",))
    assert window.history_notes == ()
    _, notes = window.projections(("bootstrap",))
    assert any(
        "2021/22: 5,626,000 MT of 2022/23 sales, before the week ending 2022-04-07" in n for n in notes
    )
    assert any("past year 2018/19, the weeks ending 2018-12-27 to 2019-02-14" in n for n in notes)
    assert window.history_notes == window.history.notes and len(window.history.notes) == 3
