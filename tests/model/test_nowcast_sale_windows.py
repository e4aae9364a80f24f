"""The nowcast adds a flash sale only when its whole sale window lies after the last reported week."""

import datetime as dt

from soypace.data.ledger import FlashSale, example_ledger_path, read_ledger_csv
from soypace.model.nowcast import nowcast

D = dt.date
TODAY = D(2026, 11, 26)


def sale(announced, mt=200_000, destination=5700, sale_date=None, kind="single"):
    return FlashSale(announced, mt, destination, 2026, sale_date=sale_date, kind=kind)


def test_a_sale_that_straddles_the_last_reported_week_is_listed_never_added():
    monday = sale(D(2025, 12, 8), 132_000)  # made Thursday Dec 4 or Friday Dec 5
    cast = nowcast([monday], 5700, after_week=D(2025, 12, 4), until=D(2025, 12, 10))
    assert cast.total_mt == 0 and cast.sales == ()
    assert cast.maybe_reported == (monday,) and cast.maybe_reported_mt == 132_000


def test_a_sale_made_inside_the_reported_week_is_neither_added_nor_listed():
    friday = sale(D(2025, 12, 5), 462_000)  # made Wednesday Dec 3 or Thursday Dec 4
    cast = nowcast([friday], 5700, after_week=D(2025, 12, 4), until=D(2025, 12, 5))
    assert cast.total_mt == 0 and cast.sales == () and cast.maybe_reported == ()


def test_only_what_was_announced_by_the_day_counts():
    later = sale(D(2026, 1, 8), 132_000)  # made Jan 6-7, but not announced by Jan 7
    assert nowcast([later], 5700, D(2026, 1, 1), until=D(2026, 1, 7)).total_mt == 0
    assert nowcast([later], 5700, D(2026, 1, 1), until=D(2026, 1, 8)).total_mt == 132_000


def test_a_sale_that_may_fall_after_the_deadline_is_listed_not_added():
    monday = sale(D(2026, 3, 2))  # made Feb 26 or 27: before the Feb 28 deadline
    tuesday = sale(D(2026, 3, 3))  # made Feb 27 to Mar 2: maybe after it
    cast = nowcast([monday, tuesday], 5700, D(2026, 2, 19), until=D(2026, 3, 5), by=D(2026, 2, 28))
    assert cast.sales == (monday,) and cast.maybe_late == (tuesday,)


def test_aggregate_announcements_are_listed_never_added():
    weekly = sale(D(2026, 1, 9), 80_000, kind="weekly-total")
    cast = nowcast([weekly, sale(D(2026, 1, 6), 336_000)], 5700, D(2026, 1, 1), until=D(2026, 1, 9))
    assert cast.total_mt == 336_000 and cast.aggregates == (weekly,)


def test_the_added_sales_span_their_windows():
    cast = nowcast([sale(D(2026, 1, 6)), sale(D(2026, 1, 8))], 5700, D(2026, 1, 1), until=D(2026, 1, 8))
    assert (cast.first, cast.last) == (D(2026, 1, 6), D(2026, 1, 8))  # by announcement
    assert (cast.sold_from, cast.sold_to) == (D(2026, 1, 2), D(2026, 1, 7))  # by sale window


def test_the_shipped_ledger_adds_336000_after_january_1_and_nothing_after_december_4():
    sales = read_ledger_csv(example_ledger_path().read_text(), TODAY)
    january = nowcast(sales, 5700, after_week=D(2026, 1, 1), until=D(2026, 1, 7))
    assert january.total_mt == 336_000 and [s.announced for s in january.sales] == [D(2026, 1, 6)]
    december = nowcast(sales, 5700, after_week=D(2025, 12, 4), until=D(2025, 12, 5))
    assert december.total_mt == 0 and december.maybe_reported == ()
