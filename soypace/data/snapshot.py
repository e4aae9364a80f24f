"""The shipped snapshot of real USDA data (``data/esr/``), read with the same parser as the live API,
and, apart from it, the all-destination totals (``data/totals/``) the history backtest's control uses.

It lets soypace run with no key and no network; ``data/README.md`` says what it holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import lru_cache

from soypace.data.dataset import Coverage, Dataset, Interpolated, NextMyOpening, YearKey
from soypace.data.paths import data_dir
from soypace.data.records import WeekRecord, parse_records, parse_week

SNAPSHOT_DIR = "esr"
TOTALS_DIR = "totals"  # every destination's totals, under a pseudo-destination (codes.ALL_DESTINATIONS)


def manifest(folder: str = SNAPSHOT_DIR) -> dict:
    """The snapshot's manifest: its source, when it was captured, and what each file covers."""
    with open(data_dir() / folder / "manifest.json", encoding="utf-8") as fh:
        return json.load(fh)


def load_snapshot(countries: Iterable[int] | None = None) -> Dataset:
    """The shipped records of these destinations (None: every one) and the weeks each file covers,
    as one Dataset; a command parses only the destinations it reads, so its cost does not grow
    with everything the snapshot holds."""
    return _load(None if countries is None else frozenset(countries))


def load_totals() -> Dataset:
    """Every destination's weekly totals as one pseudo-destination (``codes.ALL_DESTINATIONS``), kept
    out of the ESR snapshot so that nothing adds them to the destinations they sum."""
    return _load(None, TOTALS_DIR)


def _flags(entry: dict, wanted: Callable[[int | None], bool]) -> tuple[dict, dict]:
    """What one file's manifest entry flags per (commodity, destination, marketing year): next-MY
    sales booked before its first week with next-MY figures, and weeks the capture interpolated."""
    key = (entry["commodityCode"], entry["marketYear"])
    openings: dict[YearKey, NextMyOpening] = {}
    interpolated: dict[YearKey, tuple[Interpolated, ...]] = {}
    for nmy in entry.get("nextMY", []):
        opening = NextMyOpening(parse_week(nmy["firstWeek"]), nmy["opening_balance_before_first_week"])
        openings |= {(key[0], k, key[1]): opening for k in nmy["countries"] if wanted(k)}
    for run in entry.get("interpolated", []):
        flag = Interpolated(
            parse_week(run["firstWeek"]), parse_week(run["lastWeek"]), run["fields"], run["why"]
        )
        for k in filter(wanted, run["countries"]):
            interpolated[(key[0], k, key[1])] = (*interpolated.get((key[0], k, key[1]), ()), flag)
    return openings, interpolated


@lru_cache(maxsize=8)
def _load(countries: frozenset[int] | None, folder: str = SNAPSHOT_DIR) -> Dataset:
    meta = manifest(folder)
    coverage: list[Coverage] = []
    files: dict[tuple[int, int], list[str]] = {}
    openings: dict[YearKey, NextMyOpening] = {}
    interpolated: dict[YearKey, tuple[Interpolated, ...]] = {}

    def wanted(k: int | None) -> bool:
        return k is None or countries is None or k in countries

    for entry in meta["files"]:
        year, commodity = entry["marketYear"], entry["commodityCode"]
        scopes = [[None] if cov["countries"] == "all" else cov["countries"] for cov in entry["coverage"]]
        next_my = [k for nmy in entry.get("nextMY", []) for k in nmy["countries"]]
        if not any(wanted(k) for k in [*next_my, *(k for scope in scopes for k in scope)]):
            continue  # a file that holds none of these destinations is never read
        files.setdefault((commodity, year), []).append(entry["file"])
        for cov, scope in zip(entry["coverage"], scopes, strict=True):
            first, last = parse_week(cov["firstWeek"]), parse_week(cov["lastWeek"])
            coverage.extend(Coverage(commodity, year, k, first, last) for k in scope if wanted(k))
        flagged = _flags(entry, wanted)
        openings |= flagged[0]
        interpolated |= flagged[1]

    def load_year(commodity: int, year: int) -> list[WeekRecord]:
        """One marketing year's files, read and parsed when a view first asks for that year."""
        records: list[WeekRecord] = []
        for name in files.get((commodity, year), []):
            with open(data_dir() / folder / name, encoding="utf-8") as fh:
                rows = json.load(fh)
            if countries is not None:  # a row that is not an object is left in, for the parser to name
                rows = [
                    row for row in rows if not isinstance(row, dict) or row.get("countryCode") in countries
                ]
            records.extend(parse_records(rows, year, commodity=commodity))
        return records

    return Dataset(
        records=[],
        coverage=coverage,
        source=f"shipped snapshot of {meta['source']} (captured {meta['captured']})",
        kind="snapshot",
        fetched_at=None,
        destinations=countries,
        loader=load_year,
        next_my_openings=openings,
        interpolated=interpolated,
    )
