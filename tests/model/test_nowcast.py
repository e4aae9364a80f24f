"""The nowcast: flash sales dated after the last reported week, and only those."""

import datetime as dt

from soypace.data.ledger import FlashSale
from soypace.model.nowcast import nowcast

D = dt.date


def sale(day, mt, destination=5700, sale_date=None):
    return FlashSale(
        announced=day, quantity_mt=mt, destination=destination, market_year=2026, sale_date=sale_date
    )


def test_the_nowcast_counts_only_sales_after_the_last_reported_week():
    sales = [
        sale(D(2025, 12, 30), 1),
        sale(D(2026, 1, 1), 10),
        sale(D(2026, 1, 6), 100),
        sale(D(2026, 1, 8), 1000),
        sale(D(2026, 1, 6), 7, destination=9990),
        sale(D(2026, 1, 14), 5, sale_date=D(2026, 1, 1)),
    ]  # announced later, sold in the reported week
    cast = nowcast(sales, 5700, after_week=D(2026, 1, 1), until=D(2026, 1, 7))
    assert cast.total_mt == 100 and (cast.first, cast.last) == (D(2026, 1, 6), D(2026, 1, 6))
    assert nowcast(sales, 5700, after_week=D(2026, 1, 1), until=D(2026, 1, 8)).total_mt == 1100


def test_an_empty_ledger_adds_nothing():
    cast = nowcast([], 5700, after_week=D(2026, 1, 1), until=D(2026, 1, 7))
    assert cast.total_mt == 0 and cast.sales == () and cast.first is None and cast.last is None
