"""The flash-sale ledger: validation, the CSV import, the shipped example, the store's copy."""

import datetime as dt

import pytest

from soypace import UsageError
from soypace.data.ledger import FlashSale, example_ledger_path, parse_market_year, read_ledger_csv, validate
from soypace.data.store import Store

D = dt.date
TODAY = D(2026, 11, 26)
HEADER = "sale_or_report_date,announced,quantity_mt,marketing_year,destination,date_note,source_url\n"


def sale(day, mt, destination=5700, sale_date=None):
    return FlashSale(
        announced=day, quantity_mt=mt, destination=destination, market_year=2026, sale_date=sale_date
    )


def test_marketing_years_in_every_spelling():
    assert parse_market_year("2025/2026") == parse_market_year("2025/26") == parse_market_year("2026") == 2026
    with pytest.raises(UsageError):
        parse_market_year("2025/2027")


@pytest.mark.parametrize(
    "bad, words",
    [
        (sale(D(2026, 1, 6), 0), "positive"),
        (sale(D(2027, 1, 6), 100_000), "future"),
        (FlashSale(D(2026, 1, 6), 100_000, 5700, 2028), "cannot be for marketing year 2027/2028"),
        (FlashSale(D(2026, 1, 6), 100_000, 5700, 2025), "cannot be for marketing year 2024/2025"),
        (sale(D(2026, 1, 6), 100_000, sale_date=D(2026, 1, 7)), "after its announcement"),
    ],
)
def test_bad_flash_sales_are_refused(bad, words):
    with pytest.raises(UsageError, match=words):
        validate(bad, TODAY)


def test_the_shipped_example_ledger_reads_cleanly():
    sales = read_ledger_csv(example_ledger_path().read_text(), TODAY)
    assert len(sales) == 13
    assert sum(s.quantity_mt for s in sales if s.destination == 9990) == 545_000
    assert sales[0].dated == D(2025, 10, 30) and sales[2].sale_date is None


def test_a_bad_csv_line_is_named_and_nothing_is_imported():
    text = (
        HEADER
        + ",2026-01-06,336000,2025/2026,China,,\n"
        + ",2026-01-08,-5,2025/2026,China,,\n"
        + ",2026-01-08,5,2025/2026,Mars,,\n"
    )
    with pytest.raises(UsageError) as err:
        read_ledger_csv(text, TODAY, "f.csv")
    assert "2 bad line(s)" in str(err.value) and "line 3" in str(err.value) and "line 4" in str(err.value)


def test_a_csv_without_the_columns_is_refused():
    with pytest.raises(UsageError, match="missing column"):
        read_ledger_csv("date,mt\n2026-01-06,5\n", TODAY)


def test_importing_twice_adds_nothing(tmp_path):
    sales = read_ledger_csv(example_ledger_path().read_text(), TODAY)
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.add_flash(sales) == (13, 0)
        assert store.add_flash(sales) == (0, 13)
        ledger = store.flash_sales()
        assert len(ledger) == 13
        assert store.remove_flash(ledger[0].id) and not store.remove_flash(ledger[0].id)
        assert len(store.flash_sales()) == 12
