"""Items 1-3 of issue 12 and the key itself: the API key goes only to the configured host, no echo of
it or of a URL password survives into a message or the store, and a key no header can carry is a
usage error."""

from __future__ import annotations

import json

import pytest
from fake_esr import SECRET
from faultkit import (
    EXPORTS_5700,
    FETCH,
    PASSWORD,
    cli,
    json_response,
    no_secret_anywhere,
    one_error_line,
    state,
    succeeded,
)
from pytest_httpserver import HTTPServer
from werkzeug import Response


@pytest.fixture
def elsewhere():
    """A second server, on another host name (localhost rather than 127.0.0.1), that logs what it gets."""
    server = HTTPServer(host="localhost", port=0)
    server.start()
    server.expect_request("/stolen").respond_with_json([])
    yield server
    server.clear()
    server.stop()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_host_is_refused_before_the_key_travels(esr, home, elsewhere, status):
    target = elsewhere.url_for("/stolen")
    esr.fault("/datareleasedates", lambda r: Response("", status=status, headers={"Location": target}))
    before = state(home)
    run = cli(FETCH)
    one_error_line(run, 1, "redirected /datareleasedates to another host", "did not follow")
    assert elsewhere.log == [], "the other host was asked at all"
    assert state(home) == before
    no_secret_anywhere(home, run.stdout, run.stderr)


def test_a_redirect_on_the_same_host_is_followed_with_the_key(esr, home):
    moved = esr.keys
    esr.fault(
        "^/api/esr/datareleasedates$",
        lambda r: Response("", status=302, headers={"Location": "/api/esr/moved/datareleasedates"}),
    )
    esr.fault("/moved/datareleasedates", json_response(_releases()))
    run = cli(FETCH)
    succeeded(run)
    assert moved.count(SECRET) == len(moved)  # every request, the followed one too, carried the key
    no_secret_anywhere(home, run.stdout, run.stderr)


def test_a_redirect_loop_ends_in_one_line(esr, home):
    esr.fault("/datareleasedates", lambda r: Response("", status=302, headers={"Location": r.path}))
    run = cli(FETCH)
    one_error_line(run, 1, "redirected more than 5 times")


def _releases():
    from faultkit import releases_json

    return releases_json()


def _record(**changes):
    row = {
        "commodityCode": 801,
        "countryCode": 5700,
        "weeklyExports": 0,
        "accumulatedExports": 0,
        "outstandingSales": 1,
        "grossNewSales": 1,
        "currentMYNetSales": 1,
        "currentMYTotalCommitment": 1,
        "nextMYOutstandingSales": 0,
        "nextMYNetSales": 0,
        "unitId": 1,
        "weekEndingDate": "2026-09-10T00:00:00",
    }
    row.update(changes)
    return row


ECHOES = {
    "in weekEndingDate": (EXPORTS_5700, json_response([_record(weekEndingDate=f"{SECRET}T00")])),
    "in a tonnage": (EXPORTS_5700, json_response([_record(currentMYNetSales=SECRET)])),
    "in countryCode": (EXPORTS_5700, json_response([_record(countryCode=SECRET)])),
    "in a field name": (EXPORTS_5700, json_response([{SECRET: 1}])),
    "in the release stamp": (
        "/datareleasedates",
        json_response([{"commodityCode": 801, "marketYear": 2027, "releaseTimeStamp": SECRET}]),
    ),
    "in the release year": (
        "/datareleasedates",
        json_response([{"commodityCode": 801, "marketYear": SECRET, "releaseTimeStamp": "2026-11-19"}]),
    ),
    "in a 500 body": (EXPORTS_5700, json_response({"message": f"boom {SECRET}"}, status=500)),
    "in a 404 body": (EXPORTS_5700, json_response({"message": f"no {SECRET}"}, status=404)),
    "in a 418 text body": (EXPORTS_5700, lambda r: Response(f"teapot {SECRET}", status=418)),
    "in a 403 code": (
        EXPORTS_5700,
        json_response({"error": {"code": SECRET, "message": "refused"}}, status=403),
    ),
    "in an HTML 200": (EXPORTS_5700, lambda r: Response(f"<html>{SECRET}</html>", content_type="text/html")),
    "percent-encoded": (
        EXPORTS_5700,
        json_response({"message": "k=" + SECRET.replace("-", "%2D")}, status=503),
    ),
    "in a redirect's address": (
        "/datareleasedates",
        lambda r: Response("", status=302, headers={"Location": f"http://localhost:9/{SECRET}?k={SECRET}"}),
    ),
}


@pytest.mark.parametrize("where", list(ECHOES))
def test_a_key_the_server_echoes_reaches_no_message_and_no_stored_text(esr, home, where):
    path, handler = ECHOES[where]
    esr.fault(path, handler)
    before = state(home)
    run = cli(FETCH)
    one_error_line(run, 1)
    assert state(home) == before
    no_secret_anywhere(home, run.stdout, run.stderr)
    log = cli(["log", "--format", "json"])
    succeeded(log)
    newest = json.loads(log.stdout)["rows"][0]
    assert newest["ok"] == 0 and newest["error"]  # the failure is logged, scrubbed
    no_secret_anywhere(home, log.stdout, log.stderr)


def test_a_key_echoed_into_the_countries_list_is_not_stored(esr, tmp_path):
    countries = [{"countryCode": 5700, "countryName": f"CHINA {SECRET}", "countryDescription": SECRET}]
    esr.fault("/countries", json_response(countries))
    run = cli(FETCH)  # an empty home: the list is fetched
    succeeded(run)
    listing = cli(["countries", "--format", "csv"])
    succeeded(listing)
    assert "CHINA ***" in listing.stdout
    no_secret_anywhere(tmp_path / "home", run.stdout, run.stderr, listing.stdout)


@pytest.fixture
def password_url(monkeypatch):
    """Point soypace at a URL with a password in it (with a key set, so the FAS API is the source)."""

    def use(url: str) -> None:
        monkeypatch.setenv("SOYPACE_API_URL", url)
        monkeypatch.setenv("SOYPACE_API_KEY", SECRET)
        monkeypatch.setenv("SOYPACE_HTTP_BACKOFF", "0")

    return use


def test_a_password_in_the_api_url_is_never_printed_or_stored(home, password_url):
    password_url(f"http://soy:{PASSWORD}@127.0.0.1:9/api/esr")
    run = cli(FETCH)
    line = one_error_line(run, 1, "cannot reach USDA's ESR API at http://***@127.0.0.1:9/api/esr")
    assert "soy" not in line.split("at http://")[1]  # the user name is redacted too
    no_secret_anywhere(home, run.stdout, run.stderr, cli(["log", "--format", "json"]).stdout)


def test_a_password_in_the_url_of_a_failing_server_is_scrubbed_from_its_echo(esr, home, password_url):
    url = esr.server.url_for("/api/esr").replace("http://", f"http://soy:{PASSWORD}@")
    password_url(url)
    esr.fault(EXPORTS_5700, json_response({"message": f"bad auth soy:{PASSWORD}"}, status=500))
    run = cli(FETCH)
    one_error_line(run, 1, "HTTP 500", "soy:***")
    no_secret_anywhere(home, run.stdout, run.stderr)


def test_a_refresh_warning_never_shows_the_url_password(home, password_url):
    password_url(f"http://soy:{PASSWORD}@127.0.0.1:9/api/esr")
    run = cli(["status", "--refresh", "--format", "csv"])
    succeeded(run)
    assert "could not refresh" in run.stderr and "http://***@127.0.0.1:9" in run.stderr
    no_secret_anywhere(home, run.stdout, run.stderr)


@pytest.mark.parametrize(
    "url", [f"ftp://soy:{PASSWORD}@example.org/esr", "not a url", "http://", "http://host:port/x"]
)
def test_an_api_url_that_is_not_http_is_a_usage_error_without_its_password(home, password_url, url):
    password_url(url)
    run = cli(FETCH)
    one_error_line(run, 2, "SOYPACE_API_URL=", "is not an http:// or https:// URL")
    no_secret_anywhere(home, run.stdout, run.stderr)


@pytest.mark.parametrize(
    "key", ["ключ-не-latin1-" + "x" * 10, "naïve-key-1234", "tab\tkey-123", "new\nline-key"]
)
def test_a_key_no_http_header_can_carry_is_a_usage_error_that_does_not_show_it(esr, home, monkeypatch, key):
    monkeypatch.setenv("SOYPACE_API_KEY", key)
    run = cli(FETCH)
    one_error_line(run, 2, "SOYPACE_API_KEY holds characters an HTTP header cannot carry")
    assert key not in run.stderr and key.split("-")[0] not in run.stderr
    assert esr.requests == []
