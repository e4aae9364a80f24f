"""AgTransport's dataset in soypace's terms: the SoQL that asks for a commodity, marketing year and
destination, and its rows turned into the FAS API's shape and validated exactly as FAS answers are.

The dataset names destinations instead of coding them, sends numbers as JSON strings and leaves out
fields it lacks. Names map to ESR codes exactly (trimmed, case-insensitive) or not at all: a row
whose destination cannot be named for sure is refused, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from soypace import UsageError
from soypace.calendar import market_label, market_year_weeks
from soypace.data.codes import CHINA, UNKNOWN, all_countries, resolve_country
from soypace.data.codes import commodity as commodity_info
from soypace.data.records import METRIC_TONS, RecordError, WeekRecord, parse_record

# AgTransport column -> FAS API field (shared README, section 5).
COLUMNS = {
    "wkexportscmy": "weeklyExports",
    "accexportscmy": "accumulatedExports",
    "outsalescmy": "outstandingSales",
    "grosalescmy": "grossNewSales",
    "netsalescmy": "currentMYNetSales",
    "totcommcmy": "currentMYTotalCommitment",
    "outsalesnmy": "nextMYOutstandingSales",
    "netsalesnmy": "nextMYNetSales",
}
# The dataset's names that data/countries.csv does not spell the same way (upper-case, as published).
ALIASES = {
    "CHINA, PEOPLES REPUBLIC OF": CHINA,
    "UNKNOWN": UNKNOWN,
}
MYEAR = re.compile(r"^(\d{4})/(\d{4})$")
# The dataset's commodity names for the ESR codes it carries. Wheat is split by class there, so
# an "all wheat" figure would be a sum soypace does not make up: wheat comes from the FAS API only.
COMMODITY_NAMES = {801: "Soybeans", 401: "Corn"}


def soql_where(commodity: int, market_year: int, countries: list[str] | None = None) -> str:
    """SoQL for one commodity's weeks of one marketing year (the week holding its first day to the
    one holding its last; a neighbouring year's rows in a shared week are sorted out by ``myear``),
    for destinations by any of these names (None: every destination)."""
    name = COMMODITY_NAMES.get(commodity)
    if name is None:
        known = ", ".join(f"{code} ({n.lower()})" for code, n in COMMODITY_NAMES.items())
        raise UsageError(
            f"AgTransport carries commodity {commodity} only split by class, or not at all; "
            f"it has {known}. Use --source fas"
        )
    first, last = market_year_weeks(market_year, commodity_info(commodity).market_year_start_month)
    where = (
        f"upper(commodity) = {_quote(name.upper())} AND date >= {_quote(_stamp(first))} "
        f"AND date <= {_quote(_stamp(last))}"
    )
    if countries is None:
        return where
    return where + " AND (" + " OR ".join(f"upper(country) = {_quote(c)}" for c in countries) + ")"


def _quote(text: str) -> str:
    """A SoQL string literal (a quote inside is doubled)."""
    return "'" + text.replace("'", "''") + "'"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00.000"


def country_code(name: str, names: Mapping[str, int] | None = None) -> int | None:
    """The ESR code of a destination name: the alias table, then data/countries.csv's names, API
    names and aliases, then ``names`` (casefolded name -> code, e.g. the FAS list as stored); None
    when none of them has exactly this name."""
    key = name.strip()
    if not key or key.isdigit():
        return None
    if key.upper() in ALIASES:
        return ALIASES[key.upper()]
    try:
        return resolve_country(key)
    except UsageError:
        return (names or {}).get(key.casefold())


def names_for(code: int, names: Mapping[str, int] | None = None) -> list[str]:
    """Every upper-case name a destination may have in the dataset, to ask for it by name."""
    found = [n for n, c in ALIASES.items() if c == code]
    found += [n for c in all_countries() if c.code == code for n in (c.name.upper(), c.api_name.upper())]
    found += [n.upper() for n, c in (names or {}).items() if c == code]
    unique = list(dict.fromkeys(found))
    if not unique:
        raise UsageError(
            f"AgTransport names its destinations, and soypace knows no name for code {code}; "
            "use --source fas for it"
        )
    return unique


def parse_rows(
    rows: list,
    commodity: int,
    commodity_name: str,
    market_year: int,
    country: int | None,
    names: Mapping[str, int] | None = None,
) -> list[WeekRecord]:
    """Validate a whole answer for one marketing year (and one destination, or None for all) and
    return its records; every bad row is named in one error and nothing is dropped, except a
    neighbouring year's part of the week both years share."""
    month = commodity_info(commodity).market_year_start_month
    first, last = market_year_weeks(market_year, month)
    records: list[WeekRecord] = []
    problems: list[str] = []
    seen: set[tuple[int, object]] = set()
    for i, row in enumerate(rows):
        try:
            year, api = api_row(row, commodity, commodity_name, names)
            record = parse_record(api, year, commodity=commodity)
            week = record.week_ending
            if year != market_year:
                theirs = market_year_weeks(year, month)
                if week in (first, last) and theirs[0] <= week <= theirs[1]:
                    continue  # the neighbouring year's record of the week both share: not asked for
                raise RecordError(f"myear is MY {market_label(year)}, not MY {market_label(market_year)}")
            if country is not None and record.country != country:
                raise RecordError(f"destination {record.country} was not asked for ({country} was)")
            if not first <= week <= last:
                label = market_label(market_year)
                raise RecordError(f"week {week} lies outside MY {label} ({first} to {last})")
            if (record.country, week) in seen:
                raise RecordError(f"a second row for destination {record.country} in the week ending {week}")
            seen.add((record.country, week))
            records.append(record)
        except RecordError as exc:
            problems.append(f"row {i + 1} ({_where(row)}): {exc}")
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise RecordError(f"{len(problems)} of {len(rows)} AgTransport rows are invalid: {shown}{more}")
    return records


def api_row(
    row: object, commodity: int, commodity_name: str, names: Mapping[str, int] | None = None
) -> tuple[int, dict]:
    """One dataset row as (its marketing year, the FAS API's 12-key row), so that
    soypace.data.records.parse_record validates both sources alike; absent numbers stay None."""
    if not isinstance(row, dict):
        raise RecordError(f"expected a row (JSON object), got {type(row).__name__}")
    name = row.get("country")
    if not isinstance(name, str) or not name.strip():
        raise RecordError("the row names no destination (country)")
    code = country_code(name, names)
    if code is None:
        raise RecordError(
            f"destination {name.strip()!r} has no ESR code in data/countries.csv or the alias table; "
            "refused rather than guessed"
        )
    crop = row.get("commodity")
    if not isinstance(crop, str) or crop.strip().casefold() != commodity_name.casefold():
        raise RecordError(f"commodity is {crop!r}, expected {commodity_name!r}")
    unit = row.get("unit")
    if not isinstance(unit, str) or unit.strip().casefold() != "metric tons":
        raise RecordError(f"unit is {unit!r}, expected 'Metric Tons'")
    date = row.get("date")
    if not isinstance(date, str):
        raise RecordError(f"date is {date!r}, expected the week-ending date")
    api: dict = {"commodityCode": commodity, "countryCode": code}
    api.update({key: _number(row, column) for column, key in COLUMNS.items()})
    api.update({"unitId": METRIC_TONS, "weekEndingDate": date})
    return _market_year(row.get("myear")), api


def _market_year(text: object) -> int:
    """``"2025/2026"`` -> 2026: the API names a marketing year by the year it ends."""
    match = MYEAR.match(text.strip()) if isinstance(text, str) else None
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise RecordError(f"myear is {text!r}, expected YYYY/YYYY+1 (e.g. 2025/2026)")
    return int(match.group(2))


def _number(row: dict, column: str) -> int | None:
    """A tonnage sent as a JSON string (or number); absent or null is unknown (None), never 0."""
    value = row.get(column)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RecordError(f"{column} is {value!r}, expected a number")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise RecordError(f"{column} is {value!r}, expected a number") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise RecordError(f"{column} is {value!r}, expected whole metric tons")
    return int(number)


def _where(row: object) -> str:
    if not isinstance(row, dict):
        return "?"
    date, name = row.get("date"), row.get("country")
    return f"week {str(date)[:10] if date else '?'}, {name.strip() if isinstance(name, str) else '?'}"


def stored_names(countries: Iterable[dict]) -> dict[str, int]:
    """Destination names from the FAS API's list as stored (`soypace fetch --source fas` once), which
    spell out what data/countries.csv abbreviates; AgTransport's names match them case-insensitively."""
    out: dict[str, int] = {}
    for c in countries:
        for key in ("name", "api_name"):
            name = str(c.get(key) or "").strip()
            if name and isinstance(c.get("code"), int):
                out.setdefault(name.casefold(), c["code"])
    return out
