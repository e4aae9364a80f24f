"""Build the shipped snapshot (data/esr/) from the real USDA captures in data/source/.

Run from the repository root: ``python scripts/build_snapshot.py``. It rewrites data/esr/ in the
API's own record shape (one JSON array per marketing year, the 12 API field names) and checks that
the two captures agree wherever they overlap, failing loudly if they do not.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source"
OUT = ROOT / "data" / "esr"
sys.path.insert(0, str(ROOT))  # the record shape is the package's own, in one place
from soypace.data.records import API_FIELDS  # noqa: E402

ALL_COUNTRIES = "soybeans_my2026_all_countries.csv"
CHINA_HISTORY = "china_soybeans_weekly_2019-2026.csv"
CHINA = 5700


def _int_or_none(text: str):
    return int(text) if text.strip() != "" else None


def all_country_records() -> list[dict]:
    """MY 2025/26, every destination, exactly as captured (empty cells stay null)."""
    rows = []
    with open(SOURCE / ALL_COUNTRIES, newline="") as fh:
        for raw in csv.DictReader(fh):
            rec = {
                key: (raw[key] if key == "weekEndingDate" else _int_or_none(raw[key])) for key in API_FIELDS
            }
            rows.append(rec)
    return rows


def china_history() -> dict[int, list[dict]]:
    """China's weekly records by marketing year, rebuilt in the API shape.

    outstandingSales = total commitment - accumulated exports (README); fields the capture lacks
    (grossNewSales, next-MY) are null. Weeks with no China activity at all are left out, as the
    API leaves them out (it has no row for a destination with no activity).
    """
    by_year: dict[int, list[dict]] = defaultdict(list)
    with open(SOURCE / CHINA_HISTORY, newline="") as fh:
        for raw in csv.DictReader(fh):
            net, commit = int(raw["china_net_sales"]), int(raw["china_total_commitment"])
            weekly, acc = int(raw["china_weekly_exports"]), int(raw["china_accumulated_exports"])
            if net == commit == weekly == acc == 0:
                continue
            by_year[int(raw["marketYear"])].append(
                {
                    "commodityCode": 801,
                    "countryCode": CHINA,
                    "weeklyExports": weekly,
                    "accumulatedExports": acc,
                    "outstandingSales": commit - acc,
                    "grossNewSales": None,
                    "currentMYNetSales": net,
                    "currentMYTotalCommitment": commit,
                    "nextMYOutstandingSales": None,
                    "nextMYNetSales": None,
                    "unitId": 1,
                    "weekEndingDate": raw["week_ending"] + "T00:00:00",
                }
            )
    return by_year


def history_weeks() -> dict[int, list[str]]:
    weeks: dict[int, list[str]] = defaultdict(list)
    with open(SOURCE / CHINA_HISTORY, newline="") as fh:
        for raw in csv.DictReader(fh):
            weeks[int(raw["marketYear"])].append(raw["week_ending"])
    return weeks


def check_agreement(all_rows: list[dict], china_2026: list[dict]) -> None:
    """The two captures must agree to the tonne on China's MY 2025/26 weeks and on the totals."""
    keyed = {r["weekEndingDate"]: r for r in all_rows if r["countryCode"] == CHINA}
    for rec in china_2026:
        other = keyed.get(rec["weekEndingDate"])
        if other is None:
            continue
        for key in (
            "weeklyExports",
            "accumulatedExports",
            "outstandingSales",
            "currentMYNetSales",
            "currentMYTotalCommitment",
        ):
            assert rec[key] == other[key], (rec["weekEndingDate"], key, rec[key], other[key])
    totals: dict[str, int] = defaultdict(int)
    for r in all_rows:
        totals[r["weekEndingDate"][:10]] += r["currentMYNetSales"]
    with open(SOURCE / CHINA_HISTORY, newline="") as fh:
        for raw in csv.DictReader(fh):
            if raw["marketYear"] == "2026" and raw["week_ending"] in totals:
                assert totals[raw["week_ending"]] == int(raw["all_net_sales"]), raw["week_ending"]


def write(name: str, records: list[dict]) -> None:
    records = sorted(records, key=lambda r: (r["weekEndingDate"], r["countryCode"]))
    body = "[\n" + ",\n".join(json.dumps(r, separators=(",", ":")) for r in records) + "\n]\n"
    (OUT / name).write_text(body)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    all_rows = all_country_records()
    history = china_history()
    weeks = history_weeks()
    check_agreement(all_rows, history[2026])

    all_weeks = sorted({r["weekEndingDate"][:10] for r in all_rows})
    china_in_all = {r["weekEndingDate"] for r in all_rows if r["countryCode"] == CHINA}
    extra_2026 = [
        r
        for r in history[2026]
        if r["weekEndingDate"] not in china_in_all and r["weekEndingDate"][:10] > all_weeks[-1]
    ]
    files = []
    for year in sorted(history):
        name = f"soybeans-801-my{year}.json"
        if year == 2026:
            write(name, all_rows + extra_2026)
            coverage = [
                {
                    "countries": "all",
                    "firstWeek": all_weeks[0],
                    "lastWeek": all_weeks[-1],
                    "origin": f"{ALL_COUNTRIES}: every destination, as returned by the allCountries endpoint",
                },
                {
                    "countries": [CHINA],
                    "firstWeek": weeks[year][0],
                    "lastWeek": weeks[year][-1],
                    "origin": f"{CHINA_HISTORY}: China only; adds the weeks after {all_weeks[-1]}",
                },
            ]
        else:
            write(name, history[year])
            coverage = [
                {
                    "countries": [CHINA],
                    "firstWeek": weeks[year][0],
                    "lastWeek": weeks[year][-1],
                    "origin": f"{CHINA_HISTORY}: China only",
                }
            ]
        files.append({"file": name, "commodityCode": 801, "marketYear": year, "coverage": coverage})
    manifest = {
        "source": (
            "USDA FAS Export Sales Reporting (ESR) API, api.fas.usda.gov/api/esr, via two public "
            "projects' captures"
        ),
        "captured": (
            "all destinations MY 2025/26: 2026-08-20; China weekly history: to the week ending 2026-10-01"
        ),
        "missingFields": ["grossNewSales", "nextMYNetSales", "nextMYOutstandingSales"],
        "files": files,
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(files)} marketing years to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
