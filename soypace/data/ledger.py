"""USDA's daily "flash" sales (100,000 MT or more to one destination): the user's ledger of them.

There is no API for flash sales, so the user keeps a ledger (in the store); this module reads,
checks and parses its entries, dates each by the days on which it can have been made (its sale
window), and keeps them in the store's ``flash_sales`` table (inside the store's transactions).
``soypace.model.nowcast`` says which of them count.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from soypace import UsageError
from soypace.calendar import market_year_of
from soypace.data.codes import CHINA, SOYBEANS, UNKNOWN, commodity
from soypace.data.guard import FIRST_DAY, LAST_DAY, MAX_TONNAGE_MT
from soypace.data.paths import data_dir

if TYPE_CHECKING:  # the store's connection; sqlite3 loads only when a store is opened
    import sqlite3

DESTINATIONS = {
    "china": CHINA,
    "5700": CHINA,
    "unknown": UNKNOWN,
    "unknown destinations": UNKNOWN,
    "9990": UNKNOWN,
}
EXAMPLE_LEDGER = "source/flash_sales_china_2025-26.csv"

# FAS's daily-reporting threshold (one commodity, one destination, one day; https://fas.usda.gov/
# programs/export-sales-reporting-program): a smaller figure is not a single daily sale.
FLASH_MIN_MT = 100_000
SINGLE = "single"
# What a figure under FLASH_MIN_MT can still be, when the user says so (``flash add --force KIND``).
AGGREGATE_KINDS = ("weekly-total", "cumulative")


@dataclass(frozen=True)
class FlashSale:
    """One announcement. ``dated`` is the sale date where known, else the announcement date."""

    announced: dt.date
    quantity_mt: int
    destination: int
    market_year: int  # by its end year, as the API names it
    sale_date: dt.date | None = None
    source: str = ""
    note: str = ""
    id: int | None = None
    kind: str = SINGLE  # or one of AGGREGATE_KINDS: a sum of sales, whose days are not known

    @property
    def dated(self) -> dt.date:
        return self.sale_date or self.announced

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """The first and last day the sale can have been made (see ``sale_window``)."""
        return sale_window(self.announced, self.sale_date)


def previous_business_day(day: dt.date) -> dt.date:
    """The last federal business day before ``day`` (weekends and U.S. federal holidays skipped)."""
    from soypace.calendar import federal_holidays

    day -= dt.timedelta(days=1)
    while day.weekday() >= 5 or day in federal_holidays(day.year):
        day -= dt.timedelta(days=1)
    return day


def sale_window(announced: dt.date, sale_date: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The days a flash sale can have been made, because FAS dates it only by its announcement.

    An exporter must report a sale by 3 p.m. the next business day after it is made, and FAS
    announces it at 9 a.m. the business day after the report (apps.fas.usda.gov/export-sales/
    backgrnd.htm): so a sale announced on day A was reported by the business day before A and made
    between the business day before that and the report day, weekends and holidays in between
    included. A known sale date is its own window.
    """
    if sale_date is not None:
        return sale_date, sale_date
    reported_by = previous_business_day(announced)
    return previous_business_day(reported_by), reported_by


def parse_destination(text: str) -> int:
    code = DESTINATIONS.get(str(text).strip().casefold())
    if code is None:
        raise UsageError(f"destination {text!r} is not china or unknown")
    return code


def parse_market_year(text: str) -> int:
    """``2025/2026``, ``2025/26`` or ``2026`` -> 2026 (the API names a year by its end)."""
    value = str(text).strip()
    match = re.fullmatch(r"(?a)(\d{4})\s*/\s*(\d{2}|\d{4})", value)
    if match:
        start, end = int(match.group(1)), match.group(2)
        end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_year != start + 1:
            raise UsageError(f"marketing year {value!r} does not span two consecutive years")
        return end_year
    if re.fullmatch(r"(?a)\d{4}", value):
        return int(value)
    raise UsageError(f"marketing year {value!r} is not like 2025/2026")


def parse_day(text: str, what: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise UsageError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(f"{what} {day} is out of range ({FIRST_DAY} to {LAST_DAY})")
    return day


def parse_kind(text: str | None) -> str:
    """``weekly-total`` or ``cumulative`` (an announcement that sums sales); empty: a single sale."""
    value = (text or "").strip().casefold() or SINGLE
    if value not in (SINGLE, *AGGREGATE_KINDS):
        raise UsageError(f"kind {text!r} is not one of {', '.join((SINGLE, *AGGREGATE_KINDS))}")
    return value


def validate(sale: FlashSale, today: dt.date) -> FlashSale:
    """Refuse what cannot be a flash sale: non-positive tonnage, a single sale under FAS's 100,000 MT
    threshold, a future date, a marketing year that had ended before the sale or begins more than a
    year after it."""
    if sale.quantity_mt <= 0:
        raise UsageError(f"tonnage must be a positive number of metric tons, got {sale.quantity_mt}")
    if sale.quantity_mt > MAX_TONNAGE_MT:
        raise UsageError(f"tonnage {sale.quantity_mt:,} MT is beyond any sale (at most {MAX_TONNAGE_MT:,})")
    if sale.announced > today or (sale.sale_date and sale.sale_date > today):
        raise UsageError(f"flash sale dated {sale.dated} is in the future")
    if sale.sale_date and sale.sale_date > sale.announced:
        raise UsageError(f"sale date {sale.sale_date} is after its announcement {sale.announced}")
    current = market_year_of(sale.dated, commodity(SOYBEANS).market_year_start_month)
    if not current <= sale.market_year <= current + 1:
        raise UsageError(
            f"a sale on {sale.dated} cannot be for marketing year "
            f"{sale.market_year - 1}/{sale.market_year} "
            f"(it falls in {current - 1}/{current}; only that year or the next can be sold)"
        )
    if sale.kind == SINGLE and sale.quantity_mt < FLASH_MIN_MT:
        raise UsageError(
            f"{sale.quantity_mt:,} MT is under the {FLASH_MIN_MT:,} MT a single flash sale must reach; "
            f"if the announcement gives a weekly total or a cumulative figure, say so with "
            f"--force weekly-total or --force cumulative (a kind column in a CSV)"
        )
    return sale


LEDGER_COLUMNS = (
    "sale_or_report_date",
    "announced",
    "quantity_mt",
    "marketing_year",
    "destination",
    "date_note",
    "source_url",
)


def decode_ledger(data: bytes, name: str) -> str:
    """A ledger file's text: UTF-8, with or without Excel's byte-order mark. Anything else is refused,
    naming the line, since a guessed encoding would garble names without a word."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8 "
            "(in Excel: CSV UTF-8)"
        ) from None


def read_ledger_csv(text: str, today: dt.date, name: str = "file") -> list[FlashSale]:
    """Parse a flash-sale CSV (the shipped list's columns); every bad line is named, none dropped."""
    try:
        return _read_ledger_csv(text, today, name)
    except csv.Error as exc:  # a NUL byte, a field past the csv module's limit
        raise UsageError(f"{name} is not a CSV file soypace can read ({exc})") from None


def _read_ledger_csv(text: str, today: dt.date, name: str) -> list[FlashSale]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    required = ("announced", "quantity_mt", "marketing_year", "destination")
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise UsageError(
            f"{name}: missing column(s) {', '.join(missing)}; expected {', '.join(LEDGER_COLUMNS)}"
        )
    sales, problems = [], []
    for line, row in enumerate(reader, start=2):
        try:
            qty_text = (row.get("quantity_mt") or "").replace(",", "").strip()
            if not (qty_text.isascii() and qty_text.isdigit()):
                raise UsageError(
                    f"quantity_mt {row.get('quantity_mt')!r} is not a whole number of metric tons"
                )
            sale_text = (row.get("sale_or_report_date") or "").strip()
            sale = FlashSale(
                announced=parse_day(row.get("announced") or "", "announced"),
                sale_date=parse_day(sale_text, "sale_or_report_date") if sale_text else None,
                quantity_mt=int(qty_text),
                destination=parse_destination(row.get("destination") or ""),
                market_year=parse_market_year(row.get("marketing_year") or ""),
                source=(row.get("source_url") or "").strip(),
                note=(row.get("date_note") or "").strip(),
                kind=parse_kind(row.get("kind")),
            )
            sales.append(validate(sale, today))
        except UsageError as exc:
            problems.append(f"line {line}: {exc}")
    if problems:
        raise UsageError(f"{name}: {len(problems)} bad line(s), nothing imported: " + "; ".join(problems[:5]))
    return sales


def example_ledger_path():
    return data_dir() / EXAMPLE_LEDGER


def _note_with_kind(sale: FlashSale) -> str:
    """The note as stored: an aggregate announcement's kind leads it in brackets, the store's
    table having no column for it."""
    return sale.note if sale.kind == SINGLE else f"[{sale.kind}] {sale.note}".rstrip()


def _kind_and_note(stored: str) -> tuple[str, str]:
    for kind in AGGREGATE_KINDS:
        if stored.startswith(f"[{kind}]"):
            return kind, stored[len(kind) + 2 :].lstrip()
    return SINGLE, stored


def save_flash(db: sqlite3.Connection, sales: Sequence[FlashSale], added_at: str) -> int:
    """Write sales into the store's ledger, skipping any already there (so an import can be rerun);
    returns how many were new."""
    added = 0
    for sale in sales:
        added += db.execute(
            "INSERT OR IGNORE INTO flash_sales (announced, sale_date, quantity_mt, destination, market_year, "
            "source, note, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                sale.announced.isoformat(),
                sale.sale_date.isoformat() if sale.sale_date else "",
                sale.quantity_mt,
                sale.destination,
                sale.market_year,
                sale.source,
                _note_with_kind(sale),
                added_at,
            ),
        ).rowcount
    return added


def stored_flash_sales(db: sqlite3.Connection) -> list[FlashSale]:
    """The store's ledger, by the date each sale counts from, then by when it was added."""
    rows = db.execute(
        "SELECT id, announced, sale_date, quantity_mt, destination, market_year, source, note "
        "FROM flash_sales ORDER BY CASE sale_date WHEN '' THEN announced ELSE sale_date END, id"
    ).fetchall()
    return [
        FlashSale(
            announced=dt.date.fromisoformat(a),
            sale_date=dt.date.fromisoformat(sd) if sd else None,
            quantity_mt=q,
            destination=d,
            market_year=y,
            source=src,
            note=_kind_and_note(n)[1],
            id=i,
            kind=_kind_and_note(n)[0],
        )
        for i, a, sd, q, d, y, src, n in rows
    ]


def delete_flash(db: sqlite3.Connection, flash_id: int) -> bool:
    """Remove one entry from the store's ledger; False when there is no such entry."""
    return db.execute("DELETE FROM flash_sales WHERE id = ?", (flash_id,)).rowcount == 1
