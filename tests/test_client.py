"""The ESR client against a real HTTP server on 127.0.0.1 (pytest-httpserver): every fault."""

import datetime as dt
import json
import time

import pytest
from fake_esr import SECRET, FakeEsr
from pytest_httpserver import HTTPServer
from werkzeug import Response

from soypace import UsageError
from soypace.data.client import (
    ApiKey,
    AuthError,
    BadAnswer,
    EsrClient,
    RateLimited,
    ServiceDown,
    api_key_from_env,
)
from soypace.data.records import RecordError

CHINA_2026 = "/api/esr/exports/commodityCode/801/countryCode/5700/marketYear/2026"


def client(server, **kw):
    kw.setdefault("backoff_factor", 0)
    kw.setdefault("timeout", (2, 5))
    return EsrClient(server.url_for("/api/esr"), ApiKey(SECRET, "SOYPACE_API_KEY"), **kw)


def record(**changes):
    row = {
        "commodityCode": 801,
        "countryCode": 5700,
        "weeklyExports": 0,
        "accumulatedExports": 0,
        "outstandingSales": 232000,
        "grossNewSales": 232000,
        "currentMYNetSales": 232000,
        "currentMYTotalCommitment": 232000,
        "nextMYOutstandingSales": 0,
        "nextMYNetSales": 0,
        "unitId": 1,
        "weekEndingDate": "2025-10-30T00:00:00",
    }
    row.update(changes)
    return row


# --- happy paths -----------------------------------------------------------------------------


def test_each_endpoint_against_real_records(httpserver, snapshot):
    fake = FakeEsr(snapshot).install(httpserver)
    with client(httpserver) as c:
        china = c.exports(801, 5700, 2026)
        everyone = c.exports_all(801, 2026)
        [release, _corn] = c.release_dates()
        countries = c.countries()
        commodities = c.commodities()
    assert len(china) == len(fake.rows[(5700, 2026)]) == 45  # weeks ending 2025-10-30 to 2026-09-03
    assert {r.country for r in everyone} >= {5700, 9990, 2010}
    window = [r for r in china if dt.date(2025, 10, 30) <= r.week_ending <= dt.date(2026, 2, 26)]
    assert sum(r.net_sales for r in window) == 10_816_852
    assert release.market_year == 2027 and release.released_at == dt.datetime(2026, 10, 8, 8, 30, 6, 973000)
    assert countries[0]["countryName"] == "CHINA"  # the API right-pads names
    assert commodities == [{"commodityCode": 801, "commodityName": "Soybeans", "unitId": 1}]
    assert c.requests_made == 5


def test_key_goes_only_in_the_header_with_accept_and_user_agent(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_json([])
    client(httpserver).exports(801, 5700, 2026)
    [(request, _)] = httpserver.log
    assert request.headers["X-Api-Key"] == SECRET
    assert SECRET not in request.url and "api_key" not in request.url
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"].startswith("soypace/")


def test_a_year_not_yet_published_is_empty_not_an_error(httpserver):
    httpserver.expect_request(
        "/api/esr/exports/commodityCode/801/countryCode/5700/marketYear/2030"
    ).respond_with_json([])
    assert client(httpserver).exports(801, 5700, 2030) == []


def test_rows_need_not_be_sorted(httpserver):
    later = record(weekEndingDate="2025-11-06T00:00:00")
    httpserver.expect_request(CHINA_2026).respond_with_json([later, record()])
    weeks = [r.week_ending for r in client(httpserver).exports(801, 5700, 2026)]
    assert sorted(weeks) == [dt.date(2025, 10, 30), dt.date(2025, 11, 6)]


# --- retries ---------------------------------------------------------------------------------


def test_429_with_retry_after_is_honoured_then_succeeds(httpserver):
    httpserver.expect_oneshot_request(CHINA_2026).respond_with_response(
        Response("", status=429, headers={"Retry-After": "1"})
    )
    httpserver.expect_request(CHINA_2026).respond_with_json([record()])
    started = time.monotonic()
    c = client(httpserver)
    assert len(c.exports(801, 5700, 2026)) == 1
    assert time.monotonic() - started >= 0.9  # waited as told
    assert len(httpserver.log) == 2


def test_429_without_retry_after_backs_off_then_succeeds(httpserver):
    httpserver.expect_oneshot_request(CHINA_2026).respond_with_json(
        {"error": {"code": "OVER_RATE_LIMIT", "message": "slow down"}}, status=429
    )
    httpserver.expect_request(CHINA_2026).respond_with_json([record()])
    assert len(client(httpserver).exports(801, 5700, 2026)) == 1
    assert len(httpserver.log) == 2


def test_429_with_a_long_retry_after_gives_up_at_once_and_says_when(httpserver):
    body = '{"error": {"code": "OVER_RATE_LIMIT", "message": "x"}}'
    httpserver.expect_request(CHINA_2026).respond_with_response(
        Response(body, status=429, headers={"Retry-After": "3600"})
    )
    with pytest.raises(RateLimited, match="retry after 3600 seconds"):
        EsrClient(httpserver.url_for("/api/esr"), ApiKey("DEMO_KEY", "default"), backoff_factor=0).exports(
            801, 5700, 2026
        )
    assert len(httpserver.log) == 1


def test_demo_key_rate_limit_names_its_limits(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_response(
        Response("{}", status=429, headers={"Retry-After": "999"})
    )
    with pytest.raises(RateLimited, match="30 requests an hour"):
        EsrClient(httpserver.url_for("/api/esr"), ApiKey("DEMO_KEY", "default"), backoff_factor=0).exports(
            801, 5700, 2026
        )


def test_500_then_success(httpserver):
    httpserver.expect_oneshot_request(CHINA_2026).respond_with_json(
        {"message": "An error has occurred."}, status=500
    )
    httpserver.expect_request(CHINA_2026).respond_with_json([record()])
    assert len(client(httpserver).exports(801, 5700, 2026)) == 1
    assert len(httpserver.log) == 2


def test_500_is_retried_only_once(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_json({"message": "An error has occurred."}, status=500)
    with pytest.raises(ServiceDown, match="HTTP 500: An error has occurred"):
        client(httpserver).exports(801, 5700, 2026)
    assert len(httpserver.log) == 2


def test_503_three_times_then_success(httpserver):
    for _ in range(3):
        httpserver.expect_oneshot_request(CHINA_2026).respond_with_data(
            "<html>down for maintenance</html>", status=503, content_type="text/html"
        )
    httpserver.expect_request(CHINA_2026).respond_with_json([record()])
    assert len(client(httpserver).exports(801, 5700, 2026)) == 1
    assert len(httpserver.log) == 4


def test_503_for_ever_is_service_down_after_bounded_retries(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_data(
        "<html>down</html>", status=503, content_type="text/html"
    )
    with pytest.raises(ServiceDown, match="HTTP 503"):
        client(httpserver).exports(801, 5700, 2026)
    assert len(httpserver.log) == 5  # first try + status=4 retries


def test_a_timeout_is_retried_then_reported():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        server.expect_request(CHINA_2026).respond_with_handler(lambda r: (time.sleep(1.0), Response("[]"))[1])
        started = time.monotonic()
        with pytest.raises(ServiceDown, match="did not answer .* in time"):
            client(server, timeout=(1, 0.2)).exports(801, 5700, 2026)
        assert time.monotonic() - started < 5
        assert len(server.log) <= 3  # one try and at most two read retries
    finally:
        server.clear()
        server.stop()


def test_no_server_is_service_down_with_one_clear_line():
    with pytest.raises(ServiceDown, match="cannot reach USDA's ESR API"):
        EsrClient(
            "http://127.0.0.1:9/api/esr",
            ApiKey(SECRET, "SOYPACE_API_KEY"),
            backoff_factor=0,
            timeout=(0.5, 0.5),
        ).exports(801, 5700, 2026)


# --- refusals and bad answers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, words",
    [
        (
            {
                "error": {
                    "code": "API_KEY_MISSING",
                    "message": "No api_key was supplied. Get one at https://api.data.gov:443",
                }
            },
            "no API key reached USDA",
        ),
        (
            {"error": {"code": "API_KEY_INVALID", "message": "An invalid api_key was supplied."}},
            "API_KEY_INVALID",
        ),
        ("Bad API Key", "Bad API Key"),
        ({"message": "Authorization has been denied for this request."}, "denied"),
    ],
)
def test_403_is_not_retried_and_says_where_to_get_a_key(httpserver, body, words):
    httpserver.expect_request(CHINA_2026).respond_with_json(body, status=403)
    with pytest.raises(AuthError) as err:
        client(httpserver).exports(801, 5700, 2026)
    message = str(err.value)
    assert words in message and "https://api.data.gov/signup/" in message and "SOYPACE_API_KEY" in message
    assert SECRET not in message
    assert len(httpserver.log) == 1


def test_403_html_page(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_data(
        "<html><body>Forbidden</body></html>", status=403, content_type="text/html"
    )
    with pytest.raises(AuthError, match="an HTML page"):
        client(httpserver).exports(801, 5700, 2026)


def test_a_server_message_echoing_the_key_is_scrubbed(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_json(
        {"error": {"code": "API_KEY_INVALID", "message": f"key {SECRET} is invalid"}}, status=403
    )
    with pytest.raises(AuthError) as err:
        client(httpserver).exports(801, 5700, 2026)
    assert SECRET not in str(err.value) and "***" in str(err.value)


def test_an_html_page_with_status_200_is_a_bad_answer(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_data(
        "<!DOCTYPE html><html>Scheduled maintenance</html>", content_type="text/html"
    )
    with pytest.raises(BadAnswer, match="HTML page instead of JSON"):
        client(httpserver).exports(801, 5700, 2026)


def test_truncated_json_is_a_bad_answer(httpserver):
    truncated = json.dumps([record(), record()])[:-40]
    httpserver.expect_request(CHINA_2026).respond_with_data(truncated, content_type="application/json")
    with pytest.raises(BadAnswer, match="not valid JSON"):
        client(httpserver).exports(801, 5700, 2026)


def test_an_object_where_an_array_belongs(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_json({"message": "An error has occurred."})
    with pytest.raises(RecordError, match="JSON array"):
        client(httpserver).exports(801, 5700, 2026)


@pytest.mark.parametrize(
    "bad, words",
    [
        ({"drop": "outstandingSales"}, "missing field(s) outstandingSales"),
        ({"currentMYNetSales": "1,000"}, "currentMYNetSales is '1,000'"),
        ({"weekEndingDate": "2025-11-05T00:00:00"}, "2025-11-05 is a Wednesday"),
    ],
)
def test_a_bad_record_is_named_by_week_and_field(httpserver, bad, words):
    row = record(weekEndingDate="2025-11-06T00:00:00")
    if "drop" in bad:
        del row[bad["drop"]]
    else:
        row.update(bad)
    httpserver.expect_request(CHINA_2026).respond_with_json([record(), row])
    with pytest.raises(RecordError) as err:
        client(httpserver).exports(801, 5700, 2026)
    assert words in str(err.value) and "1 of 2 records are invalid" in str(err.value)


def test_key_comes_from_soypace_then_data_gov_then_demo():
    assert api_key_from_env({"SOYPACE_API_KEY": "a", "DATA_GOV_API_KEY": "b"}).value == "a"
    assert api_key_from_env({"DATA_GOV_API_KEY": "b"}).origin == "DATA_GOV_API_KEY"
    assert api_key_from_env({}).is_demo
    assert SECRET not in repr(ApiKey(SECRET, "SOYPACE_API_KEY"))


# --- configured from the environment -------------------------------------------------------------


def test_from_env_takes_url_key_timeout_and_backoff_from_the_environment(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_json([record()])
    said = []
    environ = {
        "SOYPACE_API_URL": httpserver.url_for("/api/esr/"),
        "SOYPACE_API_KEY": SECRET,
        "SOYPACE_HTTP_TIMEOUT": "4.5",
        "SOYPACE_HTTP_BACKOFF": "0",
    }
    with EsrClient.from_env(environ, say=said.append) as c:
        [row] = c.exports(801, 5700, 2026)
    assert row.net_sales == 232000 and said == []
    assert c.timeout == (4.5, 4.5)  # the connect timeout is never longer than the read timeout
    assert c.session.get_adapter("http://").max_retries.backoff_factor == 0
    [(request, _)] = httpserver.log
    assert request.headers["X-Api-Key"] == SECRET


def test_from_env_with_no_key_uses_demo_key_and_says_so_once(httpserver):
    httpserver.expect_request(CHINA_2026).respond_with_json([])
    said = []
    with EsrClient.from_env({"SOYPACE_API_URL": httpserver.url_for("/api/esr")}, say=said.append) as c:
        c.exports(801, 5700, 2026)
    assert c.timeout == (10.0, 60.0) and c.session.get_adapter("http://").max_retries.backoff_factor == 0.5
    [message] = said
    assert "DEMO_KEY" in message and "30 requests an hour" in message and "SOYPACE_API_KEY" in message
    [(request, _)] = httpserver.log
    assert request.headers["X-Api-Key"] == "DEMO_KEY"


@pytest.mark.parametrize(
    "name, value",
    [
        ("SOYPACE_HTTP_TIMEOUT", "soon"),
        ("SOYPACE_HTTP_TIMEOUT", "0"),
        ("SOYPACE_HTTP_BACKOFF", "-1"),
        ("SOYPACE_HTTP_TIMEOUT", "inf"),
    ],
)
def test_from_env_refuses_a_setting_that_is_not_a_duration(name, value):
    with pytest.raises(UsageError, match=f"{name}='{value}' is not a"):
        EsrClient.from_env({name: value})
