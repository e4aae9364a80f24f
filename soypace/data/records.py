"""The weekly ESR record: one destination, one week, one marketing year.

The live API, the shipped snapshot and the store all speak this one shape, so a record is
parsed and validated in exactly one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from soypace import SoypaceError
from soypace.calendar import THURSDAY

# The 12 keys of an export row, in the API's order.
API_FIELDS = (
    "commodityCode",
    "countryCode",
    "weeklyExports",
    "accumulatedExports",
    "outstandingSales",
    "grossNewSales",
    "currentMYNetSales",
    "currentMYTotalCommitment",
    "nextMYOutstandingSales",
    "nextMYNetSales",
    "unitId",
    "weekEndingDate",
)

# API key -> attribute name, for the tonnage fields (which may be null when a source lacks them).
TONNAGE_FIELDS = {
    "weeklyExports": "weekly_exports",
    "accumulatedExports": "accumulated_exports",
    "outstandingSales": "outstanding_sales",
    "grossNewSales": "gross_new_sales",
    "currentMYNetSales": "net_sales",
    "currentMYTotalCommitment": "total_commitment",
    "nextMYOutstandingSales": "next_my_outstanding",
    "nextMYNetSales": "next_my_net_sales",
}

METRIC_TONS = 1


class RecordError(SoypaceError):
    """A record that does not match the API's contract; says which week and which field."""


@dataclass(frozen=True, slots=True)
class WeekRecord:
    """One row of the ESR export data, plus the marketing year it was asked for.

    Tonnages are metric tons; ``None`` means the source did not give the figure (never 0).
    """

    commodity: int
    country: int
    market_year: int
    week_ending: dt.date
    weekly_exports: int | None
    accumulated_exports: int | None
    outstanding_sales: int | None
    gross_new_sales: int | None
    net_sales: int | None
    total_commitment: int | None
    next_my_outstanding: int | None
    next_my_net_sales: int | None
    unit_id: int = METRIC_TONS

    def to_api(self) -> dict:
        """The record in the API's own shape (12 keys, in order), for snapshots and exports."""
        out: dict = {"commodityCode": self.commodity, "countryCode": self.country}
        for key in API_FIELDS[2:10]:
            out[key] = getattr(self, TONNAGE_FIELDS[key])
        out["unitId"] = self.unit_id
        out["weekEndingDate"] = self.week_ending.isoformat() + "T00:00:00"
        return out

    @property
    def key(self) -> tuple[int, int, int, dt.date]:
        return (self.commodity, self.country, self.market_year, self.week_ending)


RECORD_ATTRS = tuple(f.name for f in fields(WeekRecord))


def _where(raw: dict) -> str:
    week = raw.get("weekEndingDate") if isinstance(raw, dict) else None
    country = raw.get("countryCode") if isinstance(raw, dict) else None
    week_text = str(week)[:10] if week else "?"
    return f"record for week {week_text}, country {country if country is not None else '?'}"


def _integer(raw: dict, key: str) -> int | None:
    value = raw[key]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RecordError(f"{_where(raw)}: field {key} is {value!r}, expected a number")
    if isinstance(value, float):
        if not value.is_integer():
            raise RecordError(f"{_where(raw)}: field {key} is {value!r}, expected whole metric tons")
        value = int(value)
    return value


def _required(raw: dict, key: str) -> int:
    value = _integer(raw, key)
    if value is None:
        raise RecordError(f"{_where(raw)}: field {key} is null, expected a number")
    return value


def parse_week(text: object) -> dt.date:
    """Parse the API's ``YYYY-MM-DDT00:00:00`` (or a bare ISO date) into a date."""
    if not isinstance(text, str):
        raise ValueError(f"expected a date string, got {text!r}")
    return dt.date.fromisoformat(text[:10])


def parse_record(raw: object, market_year: int, *, commodity: int | None = None) -> WeekRecord:
    """Validate one API row and turn it into a WeekRecord, or raise RecordError saying why.

    Negative tonnages are legal (cancellations exceed new sales); the week must end on a
    Thursday and the unit must be metric tons.
    """
    if not isinstance(raw, dict):
        raise RecordError(f"expected a record (JSON object), got {type(raw).__name__}")
    missing = [key for key in API_FIELDS if key not in raw]
    if missing:
        raise RecordError(f"{_where(raw)}: missing field(s) {', '.join(missing)}")
    try:
        week = parse_week(raw["weekEndingDate"])
    except ValueError:
        raise RecordError(
            f"{_where(raw)}: field weekEndingDate is {raw['weekEndingDate']!r}, expected YYYY-MM-DDT00:00:00"
        ) from None
    if week.weekday() != THURSDAY:
        raise RecordError(
            f"{_where(raw)}: field weekEndingDate {week.isoformat()} "
            f"is a {week.strftime('%A')}, ESR weeks end on Thursday"
        )
    code = _required(raw, "commodityCode")
    if commodity is not None and code != commodity:
        raise RecordError(f"{_where(raw)}: field commodityCode is {code}, expected {commodity}")
    unit = _required(raw, "unitId")
    if unit != METRIC_TONS:
        raise RecordError(f"{_where(raw)}: field unitId is {unit}, expected {METRIC_TONS} (metric tons)")
    values = {attr: _integer(raw, key) for key, attr in TONNAGE_FIELDS.items()}
    return WeekRecord(
        commodity=code,
        country=_required(raw, "countryCode"),
        market_year=market_year,
        week_ending=week,
        unit_id=unit,
        **values,
    )


def parse_records(rows: object, market_year: int, *, commodity: int | None = None) -> list[WeekRecord]:
    """Validate a whole API answer; every bad record is named in one error, nothing is dropped."""
    if not isinstance(rows, list):
        raise RecordError(f"expected a JSON array of records, got {type(rows).__name__}")
    records, problems = [], []
    for raw in rows:
        try:
            records.append(parse_record(raw, market_year, commodity=commodity))
        except RecordError as exc:
            problems.append(str(exc))
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise RecordError(f"{len(problems)} of {len(rows)} records are invalid: {shown}{more}")
    return records
