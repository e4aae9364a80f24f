"""Build the all-destination totals (data/totals/) from the real USDA captures in data/source/.

Run by ``make snapshot`` after scripts/build_snapshot.py (or alone: ``python scripts/build_totals.py``).
The API has no all-destination row, so these are kept apart from the ESR snapshot (data/esr/), under
a pseudo-destination code that is no ESR destination (``soypace.data.codes.ALL_DESTINATIONS``), in
the API's own record shape, so that the same parser and the same purchases rule read them. They are
the control of the history backtest: how the projection methods do on U.S. soybean sales to every
destination, beside China. Nothing is estimated: every figure is a capture's total, as captured.

- MY 2016/17 to 2018/19: the AgTransport capture's ``total`` rows (100 MT rounding);
- MY 2019/20 to 2025/26 and the first five weeks of 2026/27: the FAS capture's ``all_*`` columns;
- next-MY sales (April to August before each year): the AgTransport capture's ``total`` rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source"
OUT = ROOT / "data" / "totals"
sys.path.insert(0, str(ROOT))
from build_snapshot import (  # noqa: E402
    CHINA_HISTORY,
    EARLY_YEARS,
    INTERPOLATED,
    NEXT_MY,
    ROUNDING_MT,
    next_my_entry,
)

from soypace.calendar import market_year_weeks, market_years_of_week  # noqa: E402
from soypace.data.codes import ALL_DESTINATIONS  # noqa: E402
from soypace.data.records import API_FIELDS  # noqa: E402

# The carry-in identity for the totals: within one rounding, except 2026/27, whose next-MY capture ends
# with the week ending 2026-08-27 while its week 1 (ending 2026-09-03) also holds Aug 28-31's next-MY
# sales, which no capture gives (China's part of them was 0, so China's identity holds exactly).
CARRY_IN_TOLERANCE_MT = {2027: 10_000}


def _rows(name: str) -> list[dict]:
    with open(SOURCE / name, newline="") as fh:
        return list(csv.DictReader(fh))


def _record(week: str, **tonnage: int | None) -> dict:
    """An API-shaped record of the pseudo-destination; every tonnage not given is null (unknown)."""
    rec: dict = {"commodityCode": 801, "countryCode": ALL_DESTINATIONS} | dict.fromkeys(API_FIELDS[2:10])
    return rec | tonnage | {"unitId": 1, "weekEndingDate": week + "T00:00:00"}


def current_records() -> dict[int, dict[str, dict]]:
    """Every destination's current-MY totals by marketing year and week, from both captures."""
    by_year: dict[int, dict[str, dict]] = defaultdict(dict)
    previous: dict[int, int] = {}
    for raw in _rows(EARLY_YEARS):
        if raw["destination"] != "total":
            continue
        year, acc = int(raw["marketYear"]), int(raw["accumulatedExports"])
        by_year[year][raw["weekEndingDate"]] = _record(
            raw["weekEndingDate"],
            weeklyExports=acc - previous.get(year, 0),  # rebuilt as in build_snapshot.early_records
            accumulatedExports=acc,
            outstandingSales=int(raw["outstandingSales"]),
            currentMYNetSales=int(raw["currentMYNetSales"]),
            currentMYTotalCommitment=int(raw["currentMYTotalCommitment"]),
        )
        previous[year] = acc
    for raw in _rows(CHINA_HISTORY):
        commit, acc = int(raw["all_total_commitment"]), int(raw["all_accumulated_exports"])
        by_year[int(raw["marketYear"])][raw["week_ending"]] = _record(
            raw["week_ending"],
            weeklyExports=int(raw["all_weekly_exports"]),
            accumulatedExports=acc,
            outstandingSales=commit - acc,
            currentMYNetSales=int(raw["all_net_sales"]),
            currentMYTotalCommitment=commit,
        )
    return by_year


def add_next_my(by_year: dict[int, dict[str, dict]]) -> list[dict]:
    """Each booked week's next-MY totals on the current year's record of that week (made, current
    figures null, where there is none: 2015/16); the manifest's entries, opening balances included."""
    series: dict[int, list[dict]] = defaultdict(list)
    for raw in _rows(NEXT_MY):
        if raw["destination"] == "total":
            series[int(raw["for_marketYear"])].append(raw)
    entries = []
    for for_year, rows in sorted(series.items()):
        rows.sort(key=lambda r: r["weekEndingDate"])
        year = for_year - 1
        for row in rows:
            week = row["weekEndingDate"]
            assert market_years_of_week(dt.date.fromisoformat(week)) == [year], week
            rec = by_year[year].setdefault(week, _record(week))
            rec["nextMYNetSales"] = int(row["nextMYNetSales"])
            rec["nextMYOutstandingSales"] = int(row["nextMYOutstandingSales"])
        fields = "the total rows' nextMYNetSales and nextMYOutstandingSales"
        entries.append(next_my_entry(year, ALL_DESTINATIONS, for_year, rows, fields))
    return entries


def check_carry_in(by_year: dict[int, dict[str, dict]], entries: list[dict]) -> list[tuple[int, int]]:
    """The last pre-season next-MY outstanding equals week 1's commitment minus its net sales (the
    carry-in), within one rounding (CARRY_IN_TOLERANCE_MT says where not); returns the differences."""
    checked = []
    for entry in entries:
        year = entry["forMarketYear"]
        week1 = market_year_weeks(year)[0].isoformat()
        rec = by_year.get(year, {}).get(week1)
        if rec is None or rec["currentMYNetSales"] is None:
            continue
        last = by_year[year - 1][entry["lastWeek"]]["nextMYOutstandingSales"]
        diff = last - (rec["currentMYTotalCommitment"] - rec["currentMYNetSales"])
        assert abs(diff) <= CARRY_IN_TOLERANCE_MT.get(year, ROUNDING_MT), (year, diff)
        checked.append((year, diff))
    return checked


def check_interpolated(by_year: dict[int, dict[str, dict]]) -> None:
    """The flagged stretches are spread in the totals too: identical weekly figures inside them."""
    (year, first, last, _, _), (nmy_year, first_nmy, last_nmy, _, _) = INTERPOLATED
    nets = [r["currentMYNetSales"] for w, r in sorted(by_year[year].items()) if first < w <= last]
    assert len(nets) == 7 and len(set(nets[1:])) == 1, nets
    spread = {r["nextMYNetSales"] for w, r in by_year[nmy_year].items() if first_nmy <= w <= last_nmy}
    assert len(spread) == 1, spread


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    by_year = current_records()
    covered = {year: sorted(w for w, r in weeks.items() if r["currentMYNetSales"] is not None)
               for year, weeks in by_year.items()}  # fmt: skip
    entries = add_next_my(by_year)
    checked = check_carry_in(by_year, entries)
    check_interpolated(by_year)
    origin = {
        year: f"{EARLY_YEARS}: the total rows, 100 MT rounding"
        if year <= 2019
        else f"{CHINA_HISTORY}: the all_* columns (every destination's totals)"
        for year in by_year
    }
    files = []
    for year in sorted(by_year):
        name = f"soybeans-801-my{year}.json"
        records = sorted(by_year[year].values(), key=lambda r: r["weekEndingDate"])
        body = "[\n" + ",\n".join(json.dumps(r, separators=(",", ":")) for r in records) + "\n]\n"
        (OUT / name).write_text(body)
        weeks = covered.get(year, [])
        coverage = [{"countries": [ALL_DESTINATIONS], "firstWeek": weeks[0], "lastWeek": weeks[-1],
                     "origin": origin[year]}] if weeks else []  # fmt: skip
        files.append(
            {
                "file": name,
                "commodityCode": 801,
                "marketYear": year,
                "coverage": coverage,
                "nextMY": [
                    {k: v for k, v in e.items() if k != "bookedInMarketYear"}
                    for e in entries
                    if e["bookedInMarketYear"] == year
                ],
                "interpolated": [
                    {
                        "countries": [ALL_DESTINATIONS],
                        "firstWeek": first,
                        "lastWeek": last,
                        "fields": fields,
                        "why": why,
                    }
                    for in_year, first, last, fields, why in INTERPOLATED
                    if in_year == year
                ],  # fmt: skip
            }
        )
    manifest = {
        "source": (
            "all-destination totals of USDA FAS Export Sales Reporting (ESR) data, from the captures in "
            "data/source/ (not an ESR destination: the API has no all-destination row)"
        ),
        "captured": "FAS totals: to the week ending 2026-10-01; AgTransport totals: MY 2016/17-2018/19 and "
        "next-MY sales to the week ending 2026-08-27",
        "pseudoDestination": ALL_DESTINATIONS,
        "missingFields": ["grossNewSales"],
        "nextMYFields": "given only in the weeks each file's nextMY entries list; null (unknown) elsewhere",
        "files": files,
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(files)} marketing years of all-destination totals to {OUT.relative_to(ROOT)}")
    for year, diff in checked:
        print(f"  carry-in check total {year}: last pre-season outstanding - carry-in = {diff:+} MT")


if __name__ == "__main__":
    main()
