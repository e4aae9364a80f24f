"""Flash sales dated by when they can have been made, and the 100,000 MT threshold."""

import datetime as dt

import pytest

from soypace import UsageError
from soypace.data.ledger import (
    FLASH_MIN_MT,
    FlashSale,
    parse_kind,
    previous_business_day,
    read_ledger_csv,
    sale_window,
    validate,
)
from soypace.data.store import Store

D = dt.date
TODAY = D(2026, 11, 26)


@pytest.mark.parametrize(
    "announced, window",
    [
        (D(2026, 1, 6), (D(2026, 1, 2), D(2026, 1, 5))),  # Tuesday: Friday to Monday, the weekend included
        (D(2025, 12, 5), (D(2025, 12, 3), D(2025, 12, 4))),  # Friday: Wednesday and Thursday
        (D(2025, 11, 28), (D(2025, 11, 25), D(2025, 11, 26))),  # the day after Thanksgiving
        (D(2026, 1, 5), (D(2025, 12, 31), D(2026, 1, 2))),  # Monday after New Year's Day (a holiday)
        (D(2026, 1, 2), (D(2025, 12, 30), D(2025, 12, 31))),  # the Friday after the holiday
    ],
)
def test_a_sale_window_runs_two_business_days_back_from_the_announcement(announced, window):
    assert sale_window(announced) == window
    assert FlashSale(announced, 200_000, 5700, 2026).window == window


def test_a_known_sale_date_is_its_own_window():
    sale = FlashSale(D(2025, 11, 14), 232_000, 5700, 2026, sale_date=D(2025, 11, 3))
    assert sale.window == (D(2025, 11, 3), D(2025, 11, 3))


def test_business_days_skip_weekends_and_federal_holidays():
    assert previous_business_day(D(2026, 1, 5)) == D(2026, 1, 2)  # Monday -> Friday
    assert previous_business_day(D(2026, 1, 2)) == D(2025, 12, 31)  # Jan 1 is a holiday
    assert previous_business_day(D(2025, 11, 28)) == D(2025, 11, 26)  # Thanksgiving


def test_a_single_sale_under_100000_mt_is_refused_unless_it_is_an_aggregate():
    with pytest.raises(UsageError, match="under the 100,000 MT"):
        validate(FlashSale(D(2026, 1, 6), FLASH_MIN_MT - 1, 5700, 2026), TODAY)
    assert validate(FlashSale(D(2026, 1, 6), FLASH_MIN_MT, 5700, 2026), TODAY)
    for kind in ("weekly-total", "cumulative"):
        assert validate(FlashSale(D(2026, 1, 6), 80_000, 5700, 2026, kind=kind), TODAY).kind == kind
    with pytest.raises(UsageError, match="is not one of"):
        parse_kind("daily")


def test_a_csv_can_say_a_small_figure_is_a_weekly_total():
    header = "announced,quantity_mt,marketing_year,destination,kind\n"
    [sale] = read_ledger_csv(header + "2026-01-06,80000,2025/2026,China,weekly-total\n", TODAY)
    assert sale.kind == "weekly-total"
    with pytest.raises(UsageError, match="under the 100,000 MT"):
        read_ledger_csv(header + "2026-01-06,80000,2025/2026,China,\n", TODAY)


def test_the_store_keeps_an_aggregates_kind_and_its_note(tmp_path):
    sales = [
        FlashSale(D(2026, 1, 6), 80_000, 5700, 2026, note="from a weekly summary", kind="cumulative"),
        FlashSale(D(2026, 1, 6), 336_000, 5700, 2026, note="[not a kind] as written"),
    ]
    with Store(tmp_path / "s.sqlite3") as store:
        store.add_flash(sales)
        got = {s.quantity_mt: s for s in store.flash_sales()}
    assert (got[80_000].kind, got[80_000].note) == ("cumulative", "from a weekly summary")
    assert (got[336_000].kind, got[336_000].note) == ("single", "[not a kind] as written")
