"""A fake USDA AMS AgTransport (Socrata dataset wnn7-29tu) for tests: rows built from the shipped real
USDA data (data/source/), served by a real HTTP server on 127.0.0.1 (pytest-httpserver) with
Socrata's paging ($order=:id, $limit, $offset) and the SoQL filters soypace sends."""

from __future__ import annotations

import csv
import json
import re
import threading
from pathlib import Path

from werkzeug import Request, Response

TOKEN = "app-TOKEN-4c1d9e-never-print-me"
PATH = "/resource/wnn7-29tu.json"
SOURCE = Path(__file__).resolve().parent.parent / "data" / "source"
NAMES = {5700: "CHINA, PEOPLES REPUBLIC OF", 9990: "UNKNOWN"}
# FAS API field -> AgTransport column
COLUMNS = {
    "weeklyExports": "wkexportscmy",
    "accumulatedExports": "accexportscmy",
    "outstandingSales": "outsalescmy",
    "grossNewSales": "grosalescmy",
    "currentMYNetSales": "netsalescmy",
    "currentMYTotalCommitment": "totcommcmy",
    "nextMYOutstandingSales": "outsalesnmy",
    "nextMYNetSales": "netsalesnmy",
}


def row(week: str, country: int, myear: str = "2025/2026", **values: str) -> dict:
    """One Socrata row: upper-case destination name, numbers as strings, absent fields left out."""
    out = {
        "date": f"{week}T00:00:00.000",
        "myear": myear,
        "commodity": "Soybeans",
        "country": NAMES.get(country, str(country)),
        "unit": "Metric Tons",
    }
    out.update({k: v for k, v in values.items() if v != ""})
    return out


def shipped_rows() -> list[dict]:
    """China (5700) and unknown destinations (9990), marketing year 2025/26, from the shipped copies of
    the real captures: the all-destinations file, China's last weeks from its weekly history, and the
    next-MY (2026/27) sales booked in its weeks."""
    rows: dict[tuple[int, str], dict] = {}
    with open(SOURCE / "soybeans_my2026_all_countries.csv", newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            code = int(rec["countryCode"])
            if code in NAMES:
                week = rec["weekEndingDate"][:10]
                values = {col: rec[key] for key, col in COLUMNS.items()}
                rows[(code, week)] = row(week, code, **values)
    with open(SOURCE / "china_soybeans_weekly_2019-2026.csv", newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            week = rec["week_ending"]
            if rec["marketYear"] != "2026" or (5700, week) in rows or rec["china_total_commitment"] == "":
                continue
            commitment, accumulated = (
                int(rec["china_total_commitment"]),
                int(rec["china_accumulated_exports"]),
            )
            if commitment == 0 and accumulated == 0 and rec["china_net_sales"] in ("0", ""):
                continue  # no activity: the API has no row for China that week
            rows[(5700, week)] = row(
                week,
                5700,
                wkexportscmy=rec["china_weekly_exports"],
                accexportscmy=str(accumulated),
                outsalescmy=str(commitment - accumulated),
                netsalescmy=rec["china_net_sales"],
                totcommcmy=str(commitment),
            )
    next_my = SOURCE / "soybeans_next_my_weekly_2016-2026.csv"
    with open(next_my, newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            code, week = rec["countryCode"], rec["weekEndingDate"]
            if rec["for_marketYear"] != "2027" or not code.isdigit() or int(code) not in NAMES:
                continue  # 2026/27 sales booked in 2025/26's weeks, for China and unknown only
            target = rows.setdefault((int(code), week), row(week, int(code)))
            target.update(netsalesnmy=rec["nextMYNetSales"], outsalesnmy=rec["nextMYOutstandingSales"])
    return [rows[k] for k in sorted(rows, key=lambda k: (k[1], k[0]))]


class FakeSocrata:
    """Serves ``rows`` at PATH, filtered by the SoQL ``$where`` soypace writes and paged as Socrata
    pages; ``script`` answers (werkzeug Responses) go out first, one per request."""

    def __init__(self, rows: list[dict] | None = None):
        self.rows = list(rows) if rows is not None else shipped_rows()
        self.script: list[Response] = []
        self.params: list[dict] = []
        self.urls: list[str] = []
        self.tokens: list[str | None] = []
        self.lock = threading.Lock()

    def install(self, server) -> FakeSocrata:
        server.expect_request(PATH).respond_with_handler(self.handle)
        return self

    def handle(self, request: Request) -> Response:
        with self.lock:
            self.params.append(dict(request.args))
            self.urls.append(request.url)
            self.tokens.append(request.headers.get("X-App-Token"))
            if self.script:
                return self.script.pop(0)
        args = request.args
        if args.get("$order") != ":id":
            return _json({"code": "query.soql.bad-order", "error": True, "message": "order by :id"}, 400)
        where = args.get("$where", "")
        found = [r for r in self.rows if _matches(r, where)]
        offset, limit = int(args.get("$offset", 0)), int(args.get("$limit", 1000))
        return _json(found[offset : offset + limit])

    def requests_for(self, name: str) -> list[dict]:
        return [p for p in self.params if f"'{name}'" in p.get("$where", "")]


def _matches(r: dict, where: str) -> bool:
    crop = re.search(r"upper\(commodity\) = '((?:[^']|'')*)'", where)
    if crop and str(r.get("commodity", "")).upper() != crop.group(1).replace("''", "'"):
        return False
    names = [n.replace("''", "'") for n in re.findall(r"upper\(country\) = '((?:[^']|'')*)'", where)]
    if names and str(r.get("country", "")).upper() not in names:
        return False
    low, high = re.search(r"date >= '([^']*)'", where), re.search(r"date <= '([^']*)'", where)
    date = str(r.get("date", ""))
    return not (low and date < low.group(1)) and not (high and date > high.group(1))


def _json(body, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json; charset=utf-8")
