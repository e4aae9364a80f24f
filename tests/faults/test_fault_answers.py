"""Items 5-7 of issue 12, and the answer faults handled before: every answer is checked against its
request (destination, commodity, marketing year and its weeks, duplicates, tonnages, release
plausibility) and a wrong one is refused whole, in one line, with the store unchanged."""

from __future__ import annotations

import json

import pytest
from faultkit import (
    EXPORTS_5700,
    EXPORTS_9990,
    FETCH,
    cli,
    integrity_ok,
    json_response,
    no_secret_anywhere,
    one_error_line,
    releases_json,
    state,
    succeeded,
)
from werkzeug import Response


def _rows(esr, **changes):
    """The real China rows of MY 2026/27, the first one changed."""
    rows = esr.rows_for(5700, 2027)
    rows[0].update(changes)
    return rows


def _refused(esr, home, path, handler, *words):
    esr.fault(path, handler)
    before = state(home)
    run = cli(FETCH)
    one_error_line(run, 1, *words)
    assert state(home) == before, "a refused answer changed the store"
    integrity_ok(home)
    no_secret_anywhere(home, run.stdout, run.stderr)
    return run


# --- item 5: another destination's rows ---------------------------------------------------------


def test_rows_for_another_country_are_refused(esr, home):
    rows = [dict(r, countryCode=2010) for r in esr.rows_for(5700, 2027)]
    words = "a row for country 2010 in the answer for country 5700"
    _refused(esr, home, EXPORTS_5700, json_response(rows), words)


def test_after_a_refused_answer_an_empty_store_still_shows_the_real_figures(esr, tmp_path):
    rows = [dict(r, countryCode=2010) for r in esr.rows_for(5700, 2026)]
    esr.fault("/countryCode/5700/marketYear/2026", json_response(rows))
    run = cli(["fetch", "-q", "-y", "2026"])
    one_error_line(run, 1, "country 2010")
    status = cli(["status", "--format", "json"])
    succeeded(status)
    doc = json.loads(status.stdout)
    assert doc["meta"]["data"] == "snapshot"
    assert doc["rows"][-1]["cumulative_mt"] > 10_000_000  # not "China bought 0"


def test_a_row_of_another_commodity_is_refused(esr, home):
    _refused(esr, home, EXPORTS_5700, json_response(_rows(esr, commodityCode=401)), "commodityCode is 401")


# --- item 7: weeks outside the year asked, the same week twice ------------------------------------


@pytest.mark.parametrize(
    "week, words",
    [
        ("2030-01-03T00:00:00", "outside MY 2026/27"),
        ("2019-01-03T00:00:00", "outside MY 2026/27"),
        ("2026-08-27T00:00:00", "outside MY 2026/27"),  # the week before the year's first
        ("2027-01-07T00:00:00", "has not ended yet"),  # inside the year, but in the future
    ],
)
def test_a_week_outside_the_year_asked_or_in_the_future_is_refused(esr, home, week, words):
    _refused(esr, home, EXPORTS_5700, json_response(_rows(esr, weekEndingDate=week)), words)


def test_the_same_week_twice_is_refused(esr, home):
    rows = esr.rows_for(5700, 2027)
    _refused(esr, home, EXPORTS_5700, json_response([*rows, dict(rows[0])]), "the same week twice")


@pytest.mark.parametrize("value", [10**20, 1e300, -(10**19)])
def test_a_tonnage_no_store_can_hold_is_refused(esr, home, value):
    rows = _rows(esr, currentMYNetSales=value)
    _refused(esr, home, EXPORTS_5700, json_response(rows), "beyond any real tonnage")


def test_an_all_destinations_answer_with_an_impossible_country_code_is_refused(esr, home):
    rows = [dict(r, countryCode=10**12) for r in esr.rows_for(5700, 2027)]
    esr.fault("/allCountries/marketYear/2027", json_response(rows))
    before = state(home)
    run = cli(["fetch", "-q", "-y", "2027", "--all-countries"])
    one_error_line(run, 1, "is not an ESR destination code")
    assert state(home) == before


# --- item 6: release dates USDA cannot have published -------------------------------------------


@pytest.mark.parametrize(
    "body, words",
    [
        (releases_json(market_year=2999), "marketing year 2999"),
        (releases_json(market_year=2020), "marketing year 2020"),
        (releases_json(stamp="2030-01-01T08:30:00"), "after USDA's next scheduled release"),
        (releases_json(stamp="2026-12-31T08:30:00+00:00"), "after USDA's next scheduled release"),
        ('[{"commodityCode": 801, "marketYear": 1e400, "releaseTimeStamp": "2026-11-19"}]', "not understood"),
        ('[{"commodityCode": 801, "marketYear": "x", "releaseTimeStamp": "2026-11-19"}]', "not understood"),
        ('[{"commodityCode": 801, "marketYear": 2027, "releaseTimeStamp": "9999-99-99"}]', "not understood"),
        ({"message": "An error has occurred."}, "expected a JSON array"),
    ],
)
def test_an_impossible_release_is_refused(esr, home, body, words):
    _refused(esr, home, "/datareleasedates", json_response(body), words)


def test_a_release_stamp_with_a_time_zone_is_read_as_eastern_time(esr, home):
    esr.fault("/datareleasedates", json_response(releases_json(stamp="2026-11-19T13:30:00Z")))
    run = cli(FETCH)
    succeeded(run)
    log = json.loads(cli(["log", "--format", "json"]).stdout)["rows"][0]
    assert log["ok"] == 1 and log["release"] == "2026-11-19T08:30:00"


# --- answer faults handled before the issue, still one line each ----------------------------------


@pytest.mark.parametrize(
    "path, handler, words",
    [
        (EXPORTS_5700, lambda r: Response("<!DOCTYPE html><p>down</p>", content_type="text/html"), "HTML"),
        (EXPORTS_5700, json_response('[{"commodityCode": 801, "coun'), "not valid JSON"),
        (EXPORTS_5700, json_response({"message": "An error has occurred."}), "JSON array"),
        (EXPORTS_9990, json_response({"message": "busy"}, status=503), "HTTP 503"),
        (EXPORTS_5700, json_response({"message": "An error has occurred."}, status=500), "HTTP 500"),
        (EXPORTS_5700, json_response({"error": {"code": "API_KEY_INVALID", "message": "x"}}, 403), "refused"),
        (EXPORTS_5700, json_response({"message": "No HTTP resource"}, status=404), "not an ESR endpoint"),
        (EXPORTS_5700, json_response("x", status=429, headers={"Retry-After": "3600"}), "retry after 3600"),
        (EXPORTS_5700, json_response([{"commodityCode": 801}]), "missing field(s)"),
        (EXPORTS_5700, json_response([{"weekEndingDate": "2026-09-09T00:00:00"}]), "missing field(s)"),
        ("/datareleasedates", json_response([{"commodityCode": 801}]), "not understood"),
        (EXPORTS_5700, json_response(""), "not valid JSON"),
        (EXPORTS_5700, json_response("null"), "JSON array"),
    ],
)
def test_a_bad_answer_handled_before_is_still_one_line(esr, home, path, handler, words):
    _refused(esr, home, path, handler, words)


def test_a_bad_record_in_the_week_field_is_named(esr, home):
    rows = _rows(esr, weekEndingDate="2026-09-09T00:00:00")  # a Wednesday
    _refused(esr, home, EXPORTS_5700, json_response(rows), "is a Wednesday")
