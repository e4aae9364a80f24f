"""A fake USDA ESR API for tests: real records from the shipped snapshot, served by a real HTTP
server on 127.0.0.1 (pytest-httpserver), answering the API's real URL shapes."""

from __future__ import annotations

import json
import re
import threading

from werkzeug import Request, Response

SECRET = "sk-TEST-7f3a9c-never-print-me"
EXPORTS = re.compile(
    r"^/api/esr/exports/commodityCode/(\d+)/(?:countryCode/(\d+)|allCountries)/marketYear/(\d+)$"
)


class FakeEsr:
    """Serves /datareleasedates, /countries, /commodities and /exports from a dict it holds.

    ``rows[(country or None, market_year)]`` is the JSON answer; unknown years answer [] as the
    real API does for a year that has not started. ``requests`` lists every path asked.
    """

    def __init__(self, snapshot=None, release="2026-10-08T08:30:06.973", market_year=2027):
        self.release = release
        self.market_year = market_year
        self.rows: dict[tuple[int | None, int], list[dict]] = {}
        self.requests: list[str] = []
        self.keys: list[str | None] = []
        self.lock = threading.Lock()
        self.delay: dict[str, float] = {}
        self.arrived = threading.Event()
        if snapshot is not None:
            for rec in snapshot.all_records():
                for scope in (rec.country, None):
                    self.rows.setdefault((scope, rec.market_year), []).append(rec.to_api())

    def install(self, server) -> FakeEsr:
        server.expect_request(re.compile("^/api/esr/.*")).respond_with_handler(self.handle)
        return self

    def handle(self, request: Request) -> Response:
        with self.lock:
            self.requests.append(request.full_path.rstrip("?"))
            self.keys.append(request.headers.get("X-Api-Key"))
        self.arrived.set()
        path = request.path
        for prefix, seconds in self.delay.items():
            if path.startswith(prefix):
                threading.Event().wait(seconds)
        if path == "/api/esr/datareleasedates":
            return _json(
                [
                    {
                        "commodityCode": 801,
                        "marketYearStart": f"{self.market_year - 1}-09-01T00:00:00",
                        "marketYearEnd": f"{self.market_year}-08-31T00:00:00",
                        "marketYear": self.market_year,
                        "releaseTimeStamp": self.release,
                    },
                    {
                        "commodityCode": 401,
                        "marketYearStart": "2025-09-01T00:00:00",
                        "marketYearEnd": "2026-08-31T00:00:00",
                        "marketYear": 2026,
                        "releaseTimeStamp": "2026-10-08T08:30:00",
                    },
                ]
            )
        if path == "/api/esr/countries":
            return _json(
                [
                    {
                        "countryCode": 5700,
                        "countryName": "CHINA   ",
                        "countryDescription": "CHINA, PEOPLES REPUBLIC OF      ",
                        "regionId": 7,
                        "gencCode": "CHN",
                    },
                    {
                        "countryCode": 9990,
                        "countryName": "UNKNOWN ",
                        "countryDescription": "UNKNOWN                  ",
                        "regionId": 99,
                        "gencCode": None,
                    },
                    {
                        "countryCode": 1010,
                        "countryName": "GREENLD ",
                        "countryDescription": "GREENLAND                      ",
                        "regionId": 11,
                        "gencCode": "GRL",
                    },
                ]
            )
        if path == "/api/esr/commodities":
            return _json([{"commodityCode": 801, "commodityName": "Soybeans", "unitId": 1}])
        match = EXPORTS.match(path)
        if match:
            country = int(match.group(2)) if match.group(2) else None
            return _json(self.rows.get((country, int(match.group(3))), []))
        return Response(
            '{"message": "No HTTP resource was found"}', status=404, content_type="application/json"
        )

    def exports_paths(self) -> list[str]:
        return [p for p in self.requests if "/exports/" in p]


def _json(body) -> Response:
    return Response(json.dumps(body), status=200, content_type="application/json; charset=utf-8")
