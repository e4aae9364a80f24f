"""Build the shipped snapshot (data/esr/) from the real USDA captures in data/source/.

Run from the repository root: ``python scripts/build_snapshot.py``. It rewrites data/esr/ in the
API's own record shape (one JSON array per marketing year, the 12 API field names), puts next-MY
sales on the current marketing year's record of the week they were booked in, and checks that the
captures agree wherever they overlap, failing loudly if they do not.
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
OUT = ROOT / "data" / "esr"
sys.path.insert(0, str(ROOT))  # the record shape and the calendar are the package's own, in one place
from soypace.calendar import market_year_weeks, market_years_of_week  # noqa: E402
from soypace.data.records import API_FIELDS  # noqa: E402

ALL_COUNTRIES = "soybeans_my2026_all_countries.csv"
CHINA_HISTORY = "china_soybeans_weekly_2019-2026.csv"
NEXT_MY = "soybeans_next_my_weekly_2016-2026.csv"
EARLY_YEARS = "soybeans_weekly_2016-2019_china_unknown_total.csv"
CHINA, UNKNOWN = 5700, 9990
# The AgTransport capture (NEXT_MY, EARLY_YEARS) keeps thousand MT with one decimal: 100 MT rounding.
ROUNDING_MT = 100
# Weeks whose figures the AgTransport capture spread evenly instead of giving USDA's (shared README):
# (marketing year, first week, last week, fields, why), for China and unknown destinations.
INTERPOLATED = (
    (
        2019,
        "2018-12-27",
        "2019-02-14",
        "all",
        "the capture spread the late releases of the Dec 2018 - Jan 2019 shutdown over these weeks: "
        "the cumulative figures are right at both ends, the weekly ones are not USDA's",
    ),
    (
        2022,
        "2022-08-18",
        "2022-08-25",
        "nextMY",
        "FAS retracted the release of the week ending 2022-08-18; the capture spread the two weeks' "
        "next-MY sales evenly over both: their sum is right, the split is not USDA's",
    ),
)
CURRENT_FIELDS = API_FIELDS[2:8]  # every tonnage but the next-MY pair

Records = dict[int, dict[tuple[int, str], dict]]  # market year -> (country, week) -> API record


def next_my_entry(year: int, country: int, for_year: int, rows: list[dict], fields: str) -> dict:
    """The manifest entry of one destination's pre-season next-MY series: where it starts and ends,
    the balance booked before its first week, and where it came from."""
    return {
        "bookedInMarketYear": year,
        "countries": [country],
        "forMarketYear": for_year,
        "firstWeek": rows[0]["weekEndingDate"],
        "lastWeek": rows[-1]["weekEndingDate"],
        "opening_balance_before_first_week": int(rows[0]["opening_balance_before_first_week"]),
        "origin": f"{NEXT_MY}: {fields}, 100 MT rounding",
    }


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip() != "" else None


def _record(country: int, week: str, **tonnage: int | None) -> dict:
    """An API-shaped record; every tonnage not given is null (unknown), never 0."""
    rec: dict = {"commodityCode": 801, "countryCode": country} | dict.fromkeys(API_FIELDS[2:10])
    return rec | tonnage | {"unitId": 1, "weekEndingDate": week + "T00:00:00"}


def _rows(name: str) -> list[dict]:
    with open(SOURCE / name, newline="") as fh:
        return list(csv.DictReader(fh))


def all_country_records() -> list[dict]:
    """MY 2025/26, every destination, exactly as captured (empty cells stay null)."""
    return [
        {key: (raw[key] if key == "weekEndingDate" else _int_or_none(raw[key])) for key in API_FIELDS}
        for raw in _rows(ALL_COUNTRIES)
    ]


def china_history() -> tuple[dict[int, list[dict]], list[tuple[int, str]]]:
    """China's weekly records by marketing year, rebuilt in the API shape, and the weeks left out.

    outstandingSales = total commitment - accumulated exports (README); grossNewSales is null.
    Weeks with no China activity at all are left out, as the API leaves them out.
    """
    by_year: dict[int, list[dict]] = defaultdict(list)
    left_out = []
    for raw in _rows(CHINA_HISTORY):
        net, commit = int(raw["china_net_sales"]), int(raw["china_total_commitment"])
        weekly, acc = int(raw["china_weekly_exports"]), int(raw["china_accumulated_exports"])
        year = int(raw["marketYear"])
        if net == commit == weekly == acc == 0:
            left_out.append((year, raw["week_ending"]))
            continue
        by_year[year].append(
            _record(
                CHINA,
                raw["week_ending"],
                weeklyExports=weekly,
                accumulatedExports=acc,
                outstandingSales=commit - acc,
                currentMYNetSales=net,
                currentMYTotalCommitment=commit,
            )
        )
    return by_year, left_out


def early_records() -> dict[int, list[dict]]:
    """MY 2016/17 to 2018/19 for China and unknown destinations, as the AgTransport capture has them.

    weeklyExports is rebuilt as the change in accumulated exports (in the FAS data of 2019-2026 the
    two agree in every week); unknown destinations' exports are empty in the capture, so null.
    """
    by_year: dict[int, list[dict]] = defaultdict(list)
    previous: dict[tuple[int, int], int] = {}
    for raw in _rows(EARLY_YEARS):
        if raw["destination"] == "total":
            continue
        country, year = int(raw["countryCode"]), int(raw["marketYear"])
        acc = _int_or_none(raw["accumulatedExports"])
        weekly = None if acc is None else acc - previous.get((country, year), 0)
        if acc is not None:
            previous[(country, year)] = acc
        by_year[year].append(
            _record(
                country,
                raw["weekEndingDate"],
                weeklyExports=weekly,
                accumulatedExports=acc,
                outstandingSales=int(raw["outstandingSales"]),
                currentMYNetSales=int(raw["currentMYNetSales"]),
                currentMYTotalCommitment=int(raw["currentMYTotalCommitment"]),
            )
        )
    return by_year


def next_my_series() -> dict[tuple[str, int], list[dict]]:
    """The pre-season next-MY rows by (destination, marketing year the sales are for), in week order."""
    series: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for raw in _rows(NEXT_MY):
        series[(raw["destination"], int(raw["for_marketYear"]))].append(raw)
    return {key: sorted(rows, key=lambda r: r["weekEndingDate"]) for key, rows in series.items()}


def check_agreement(all_rows: list[dict], china_2026: list[dict]) -> None:
    """The two FAS captures must agree to the tonne on China's MY 2025/26 weeks and on the totals."""
    keyed = {r["weekEndingDate"]: r for r in all_rows if r["countryCode"] == CHINA}
    for rec in china_2026:
        other = keyed.get(rec["weekEndingDate"])
        if other is None:
            continue
        for key in CURRENT_FIELDS:
            if key != "grossNewSales":
                assert rec[key] == other[key], (rec["weekEndingDate"], key, rec[key], other[key])
    totals: dict[str, int] = defaultdict(int)
    for r in all_rows:
        totals[r["weekEndingDate"][:10]] += r["currentMYNetSales"]
    for raw in _rows(CHINA_HISTORY):
        if raw["marketYear"] == "2026" and raw["week_ending"] in totals:
            assert totals[raw["week_ending"]] == int(raw["all_net_sales"]), raw["week_ending"]


def check_left_out(left_out: list[tuple[int, str]], all_rows: list[dict]) -> None:
    """A China week left out must be one the all-destination answer has, without a China row:
    the API's own word that China had no activity at all, next-MY sales included."""
    weeks = {r["weekEndingDate"][:10] for r in all_rows}
    china = {r["weekEndingDate"][:10] for r in all_rows if r["countryCode"] == CHINA}
    for year, week in left_out:
        assert year == 2026 and week in weeks and week not in china, (year, week)


def check_next_my(
    series: dict[tuple[str, int], list[dict]], records: Records, coverage: dict
) -> list[tuple[str, int, int]]:
    """Each series adds up (opening + net sales = outstanding), China and unknown destinations stay
    within all destinations, and the last pre-season outstanding equals the carry-in,
    commitment(week 1) - net sales(week 1), wherever the data has week 1: all within the rounding.
    Returns each carry-in comparison made (destination, year, difference), for the summary."""
    checked = []
    for (dest, year), rows in series.items():
        if dest == "total":
            continue  # a sum over every destination's rounded figures drifts by more than one rounding
        running = int(rows[0]["opening_balance_before_first_week"])
        for row in rows:
            running += int(row["nextMYNetSales"])
            assert abs(running - int(row["nextMYOutstandingSales"])) <= ROUNDING_MT, (dest, year, row)
        # outstanding sales are never negative, so China and unknown together never exceed the total
        pairs = zip(series[("total", year)], series[("china", year)], series[("unknown", year)], strict=True)
        for total, china, unknown in pairs if dest == "china" else ():
            parts = int(china["nextMYOutstandingSales"]) + int(unknown["nextMYOutstandingSales"])
            assert parts <= int(total["nextMYOutstandingSales"]) + ROUNDING_MT, (
                year,
                total["weekEndingDate"],
            )
        country = CHINA if dest == "china" else UNKNOWN
        week1 = market_year_weeks(year)[0].isoformat()
        if not is_covered(coverage, year, country, week1):
            continue  # the data does not have week 1 for this destination
        rec = records[year].get((country, week1))
        carry_in = 0 if rec is None else rec["currentMYTotalCommitment"] - rec["currentMYNetSales"]
        last = int(rows[-1]["nextMYOutstandingSales"])
        assert abs(last - carry_in) <= ROUNDING_MT, (dest, year, last, carry_in)
        checked.append((dest, year, last - carry_in))
    return checked


def check_interpolated(early: dict[int, list[dict]], series: dict[tuple[str, int], list[dict]]) -> None:
    """The stretches flagged as interpolated are the ones the capture spread: identical weekly figures."""
    (_, first, last, _, _), (year, first_nmy, last_nmy, _, _) = INTERPOLATED
    nets = [
        r["currentMYNetSales"]
        for r in early[2019]
        if r["countryCode"] == CHINA and first < r["weekEndingDate"][:10] <= last
    ]
    assert len(nets) == 7 and len(set(nets[1:])) == 1, nets
    for dest in ("china", "unknown"):
        spread = {
            r["nextMYNetSales"]
            for r in series[(dest, year + 1)]
            if first_nmy <= r["weekEndingDate"] <= last_nmy
        }
        assert len(spread) == 1, (dest, spread)


def add_next_my(series: dict[tuple[str, int], list[dict]], records: Records, coverage: dict) -> list[dict]:
    """Put each booked week's next-MY figures on the current marketing year's record of that week,
    creating the record (current-MY figures null) where the data has none; returns the manifest's
    per-destination entries, opening balances included."""
    entries = []
    for (dest, for_year), rows in sorted(series.items()):
        if dest == "total":
            continue  # the API has no all-destination row to put them on
        country, year = (CHINA if dest == "china" else UNKNOWN), for_year - 1
        for row in rows:
            week = row["weekEndingDate"]
            # booked wholly inside marketing year `year`: never in a week that straddles Sep 1
            assert market_years_of_week(dt.date.fromisoformat(week)) == [year], week
            part = records.setdefault(year, {})
            if (country, week) not in part:
                assert not is_covered(coverage, year, country, week), (year, country, week)
                part[(country, week)] = _record(country, week)
            rec = part[(country, week)]
            assert rec["nextMYNetSales"] is None and rec["nextMYOutstandingSales"] is None, rec
            rec["nextMYNetSales"] = int(row["nextMYNetSales"])
            rec["nextMYOutstandingSales"] = int(row["nextMYOutstandingSales"])
        entries.append(
            next_my_entry(year, country, for_year, rows, "nextMYNetSales and nextMYOutstandingSales")
        )
    return entries


def _coverage(countries: object, weeks: list[str], origin: str) -> dict:
    return {"countries": countries, "firstWeek": min(weeks), "lastWeek": max(weeks), "origin": origin}


def coverage_by_year(early: dict[int, list[dict]], all_rows: list[dict]) -> dict[int, list[dict]]:
    """Which weeks of each marketing year each capture holds, for every destination or for some."""
    coverage: dict[int, list[dict]] = defaultdict(list)
    for year, rows in sorted(early.items()):
        for country in (CHINA, UNKNOWN):
            weeks = [r["weekEndingDate"][:10] for r in rows if r["countryCode"] == country]
            coverage[year].append(
                _coverage([country], weeks, f"{EARLY_YEARS}: in-season weeks, 100 MT rounding")
            )
    history_weeks: dict[int, list[str]] = defaultdict(list)
    for raw in _rows(CHINA_HISTORY):
        history_weeks[int(raw["marketYear"])].append(raw["week_ending"])
    all_weeks = sorted({r["weekEndingDate"][:10] for r in all_rows})
    for year, weeks in sorted(history_weeks.items()):
        origin = f"{CHINA_HISTORY}: China only"
        if year == 2026:
            every = f"{ALL_COUNTRIES}: every destination, as returned by the allCountries endpoint"
            coverage[year].append(_coverage("all", all_weeks, every))
            origin += f"; adds the weeks after {all_weeks[-1]}"
        coverage[year].append(_coverage([CHINA], weeks, origin))
    return coverage


def is_covered(coverage: dict[int, list[dict]], year: int, country: int, week: str) -> bool:
    """Whether a capture holds this week for this destination (so a missing row means no activity)."""
    return any(
        (cov["countries"] == "all" or country in cov["countries"])
        and cov["firstWeek"] <= week <= cov["lastWeek"]
        for cov in coverage.get(year, [])
    )


def write(name: str, records: list[dict]) -> None:
    records = sorted(records, key=lambda r: (r["weekEndingDate"], r["countryCode"]))
    body = "[\n" + ",\n".join(json.dumps(r, separators=(",", ":")) for r in records) + "\n]\n"
    (OUT / name).write_text(body)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    all_rows = all_country_records()
    history, left_out = china_history()
    early = early_records()
    check_agreement(all_rows, history[2026])
    check_left_out(left_out, all_rows)
    coverage = coverage_by_year(early, all_rows)

    records: Records = defaultdict(dict)
    for year, rows in [(2026, all_rows), *early.items(), *history.items()]:
        for rec in rows:  # the all-destination answer first: where it has China's week, it is kept as is
            records[year].setdefault((rec["countryCode"], rec["weekEndingDate"][:10]), rec)
    series = next_my_series()
    check_interpolated(early, series)
    next_my = add_next_my(series, records, coverage)
    checked = check_next_my(series, records, coverage)

    files = []
    for year in sorted(records):
        name = f"soybeans-801-my{year}.json"
        write(name, list(records[year].values()))
        entry: dict = {"file": name, "commodityCode": 801, "marketYear": year, "coverage": coverage[year]}
        entry["nextMY"] = [
            {k: v for k, v in e.items() if k != "bookedInMarketYear"}
            for e in next_my
            if e["bookedInMarketYear"] == year
        ]
        entry["interpolated"] = [
            {
                "countries": [CHINA, UNKNOWN],
                "firstWeek": first,
                "lastWeek": last,
                "fields": fields,
                "why": why,
            }
            for in_year, first, last, fields, why in INTERPOLATED
            if in_year == year
        ]
        files.append(entry)
    manifest = {
        "source": (
            "USDA FAS Export Sales Reporting (ESR) data, api.fas.usda.gov/api/esr and its USDA AMS "
            "AgTransport copy, via three public projects' captures"
        ),
        "captured": (
            "all destinations MY 2025/26: 2026-08-20; China weekly history: to the week ending 2026-10-01; "
            "AgTransport next-MY sales: to the week ending 2026-08-27, and MY 2016/17-2018/19"
        ),
        "missingFields": ["grossNewSales"],
        "nextMYFields": "given only in the weeks each file's nextMY entries list; null (unknown) elsewhere",
        "files": files,
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(files)} marketing years to {OUT.relative_to(ROOT)}")
    for dest, year, diff in checked:
        print(f"  carry-in check {dest} {year}: last pre-season outstanding - carry-in = {diff:+} MT")


if __name__ == "__main__":
    main()
