"""The ESR codes soypace speaks: commodities (with their marketing years) and destinations.

Codes and names are data (``data/countries.csv``); this module only finds and reads them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from soypace import UsageError
from soypace.data.paths import data_dir

SOYBEANS = 801
CHINA = 5700
UNKNOWN = 9990
# Not an ESR destination: every destination's totals, kept apart in data/totals/ (the API has no such
# row); the history backtest's control series (data/README.md, scripts/build_totals.py).
ALL_DESTINATIONS = 0


@dataclass(frozen=True)
class Commodity:
    code: int
    name: str
    market_year_start_month: int


# ESR commodity codes and their marketing years (USDA's, see data/README.md).
COMMODITIES = {
    SOYBEANS: Commodity(SOYBEANS, "soybeans", 9),
    901: Commodity(901, "soybean cake & meal", 10),
    902: Commodity(902, "soybean oil", 10),
    401: Commodity(401, "corn", 9),
    107: Commodity(107, "all wheat", 6),
}


def commodity(code: int) -> Commodity:
    """The commodity for an ESR code, or a usage error naming the known ones."""
    try:
        return COMMODITIES[code]
    except KeyError:
        known = ", ".join(f"{c.code} ({c.name})" for c in COMMODITIES.values())
        raise UsageError(f"unknown commodity code {code}; known: {known}") from None


@dataclass(frozen=True)
class Country:
    code: int
    name: str
    api_name: str


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[int, Country], dict[str, int]]:
    by_code: dict[int, Country] = {}
    by_name: dict[str, int] = {}
    with open(data_dir() / "countries.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = int(row["code"])
            by_code[code] = Country(code, row["name"], row["api_name"])
            names = [row["name"], row["api_name"], *row["aliases"].split(";")]
            for name in names:
                if name.strip():
                    by_name[name.strip().casefold()] = code
    return by_code, by_name


def country_name(code: int) -> str:
    """A readable name for a destination code (the code itself when the list lacks it)."""
    found = _countries()[0].get(code)
    return found.name if found else f"country {code}"


def resolve_country(text: str | int, more_codes=()) -> int:
    """A destination given as an ESR code or a name ("china", "5700", "unknown") -> its code.
    ``more_codes``: codes known beyond the shipped list (the API's list, once fetched)."""
    by_code, by_name = _countries()
    value = str(text).strip()
    if value.isascii() and value.isdigit() and len(value) < 10:
        code = int(value)
        if code in by_code or code in more_codes:
            return code
        raise UsageError(f"unknown country code {code}; use a code or name from `soypace countries`")
    named = by_name.get(value.casefold())
    if named is None:
        raise UsageError(
            f"unknown country {value!r}; use a code (e.g. 5700) or a name (e.g. china) "
            "from `soypace countries`"
        )
    return named


def all_countries() -> list[Country]:
    return sorted(_countries()[0].values(), key=lambda c: c.code)
