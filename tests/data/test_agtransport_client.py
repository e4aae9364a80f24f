"""The AgTransport client against a fake Socrata server on 127.0.0.1 serving the shipped real data:
paging, retries, numbers as strings, absent fields, names that cannot be mapped, and every fault."""

import datetime as dt
import time

import pytest
from fake_socrata import PATH, TOKEN, FakeSocrata, row
from werkzeug import Response

from soypace import UsageError
from soypace.data.agtransport import AgTransportClient
from soypace.data.agtransport_rows import country_code, names_for
from soypace.data.client import ApiError, ApiKey, AuthError, BadAnswer, RateLimited, ServiceDown
from soypace.data.records import RecordError

CHINA, UNKNOWN = 5700, 9990


def client(server, **kw):
    kw.setdefault("backoff_factor", 0)
    kw.setdefault("timeout", (2, 5))
    return AgTransportClient(server.url_for(PATH), **kw)


@pytest.fixture
def fake(httpserver):
    return FakeSocrata().install(httpserver)


def test_pages_in_a_stable_order_until_a_short_page(httpserver, fake, snapshot):
    records = client(httpserver, page_size=10).exports(801, CHINA, 2026)
    assert [p["$offset"] for p in fake.params] == ["0", "10", "20", "30", "40"]
    assert {p["$order"] for p in fake.params} == {":id"} and {p["$limit"] for p in fake.params} == {"10"}
    shipped = {
        r.week_ending: r for r in snapshot.all_records() if r.country == CHINA and r.market_year == 2026
    }
    assert len(records) == 45 and {r.week_ending for r in records} == set(shipped)
    for r in records:
        assert r.net_sales == shipped[r.week_ending].net_sales
        assert r.total_commitment == shipped[r.week_ending].total_commitment


def test_a_full_last_page_is_followed_by_an_empty_one(httpserver, fake):
    assert len(client(httpserver, page_size=9).exports(801, CHINA, 2026)) == 45
    assert [p["$offset"] for p in fake.params] == ["0", "9", "18", "27", "36", "45"]


def test_the_query_names_commodity_destination_and_the_marketing_years_weeks(httpserver, fake):
    client(httpserver).exports(801, CHINA, 2026)
    [params] = fake.params
    where = params["$where"]
    assert "upper(commodity) = 'SOYBEANS'" in where
    assert "upper(country) = 'CHINA, PEOPLES REPUBLIC OF'" in where
    assert "date >= '2025-09-04T00:00:00.000'" in where and "date <= '2026-09-03T00:00:00.000'" in where


def test_numbers_arrive_as_strings_and_become_whole_tonnes(httpserver):
    FakeSocrata([row("2025-11-13", CHINA, netsalescmy="-100000", totcommcmy="364000.0")]).install(httpserver)
    [rec] = client(httpserver).exports(801, CHINA, 2026)
    assert rec.net_sales == -100_000 and rec.total_commitment == 364_000
    assert rec.market_year == 2026 and rec.country == CHINA and rec.commodity == 801


def test_absent_fields_are_unknown_never_zero(httpserver):
    FakeSocrata([row("2025-11-13", CHINA, netsalescmy="0")]).install(httpserver)
    [rec] = client(httpserver).exports(801, CHINA, 2026)
    assert rec.net_sales == 0
    assert rec.gross_new_sales is None and rec.next_my_net_sales is None and rec.weekly_exports is None


@pytest.mark.parametrize(
    "value, words",
    [("12.5", "expected whole metric tons"), ("", "expected a number"), ("1,200", "expected a number")],
)
def test_a_number_that_is_not_whole_tonnes_is_refused(httpserver, value, words):
    FakeSocrata([{**row("2025-11-13", CHINA), "netsalescmy": value}]).install(httpserver)
    with pytest.raises(RecordError, match=f"netsalescmy is '{value}', {words}"):
        client(httpserver).exports(801, CHINA, 2026)


def test_an_unmappable_destination_refuses_the_answer(httpserver):
    rows = [row("2025-11-13", CHINA, netsalescmy="1"), {**row("2025-11-13", 1), "country": "ATLANTIS"}]
    FakeSocrata(rows).install(httpserver)
    with pytest.raises(RecordError, match="1 of 2 AgTransport rows .*'ATLANTIS' has no ESR code.*refused"):
        client(httpserver).exports_all(801, 2026)


def test_every_destination_maps_to_its_code(httpserver, fake):
    records = client(httpserver).exports_all(801, 2026)
    assert {r.country for r in records} == {CHINA, UNKNOWN} and len(records) == 97


@pytest.mark.parametrize(
    "name, code",
    [
        ("CHINA, PEOPLES REPUBLIC OF", CHINA),
        ("  china, peoples republic of ", CHINA),
        ("China", CHINA),
        ("UNKNOWN", UNKNOWN),
        ("Unknown destinations", UNKNOWN),
        ("KOR REP", 5800),
        ("CHINA, PEOPLES REPUBLIC", None),
        ("CHINA PEOPLES REPUBLIC OF", None),
        ("5700", None),
        ("", None),
    ],
)
def test_names_map_exactly_trimmed_and_case_insensitively_or_not_at_all(name, code):
    assert country_code(name) == code


def test_a_name_from_the_stored_fas_list_maps_too():
    assert country_code("KOREA, REPUBLIC OF") is None
    assert country_code("Korea, Republic of", {"korea, republic of": 5800}) == 5800
    assert "KOREA, REPUBLIC OF" in names_for(5800, {"korea, republic of": 5800})
    with pytest.raises(UsageError, match="no name for code 1234"):
        names_for(1234)


def test_an_empty_answer_is_no_records(httpserver):
    fake = FakeSocrata([]).install(httpserver)
    assert client(httpserver).exports(801, CHINA, 2027) == []
    assert len(fake.params) == 1


def test_an_html_answer_is_a_bad_answer(httpserver, fake):
    fake.script.append(Response("<html><body>Maintenance</body></html>", content_type="text/html"))
    with pytest.raises(BadAnswer, match="answered with an HTML page instead of JSON"):
        client(httpserver).exports(801, CHINA, 2026)


def test_an_object_where_rows_belong_is_a_bad_answer(httpserver, fake):
    fake.script.append(Response('{"rows": []}', content_type="application/json"))
    with pytest.raises(BadAnswer, match="expected a JSON array"):
        client(httpserver).exports(801, CHINA, 2026)


def test_a_soql_error_is_reported_in_socratas_words(httpserver, fake):
    body = '{"code": "query.compiler.malformed", "error": true, "message": "Could not parse SoQL"}'
    fake.script.append(Response(body, status=400, content_type="application/json"))
    with pytest.raises(BadAnswer, match=r"refused the query \(HTTP 400\): Could not parse SoQL"):
        client(httpserver).exports(801, CHINA, 2026)


def test_429_with_retry_after_is_honoured_then_succeeds(httpserver, fake):
    fake.script.append(Response("", status=429, headers={"Retry-After": "1"}))
    started = time.monotonic()
    assert len(client(httpserver).exports(801, CHINA, 2026)) == 45
    assert time.monotonic() - started >= 0.9 and len(fake.params) == 2


def test_429_without_retry_after_backs_off_then_succeeds(httpserver, fake):
    fake.script.append(Response('{"message": "slow down"}', status=429, content_type="application/json"))
    assert len(client(httpserver).exports(801, CHINA, 2026)) == 45
    assert len(fake.params) == 2


def test_429_with_a_long_retry_after_gives_up_and_names_the_token(httpserver, fake):
    fake.script.extend(Response("", status=429, headers={"Retry-After": "3600"}) for _ in range(3))
    with pytest.raises(RateLimited, match="retry after 3600 seconds; set SOYPACE_SOCRATA_APP_TOKEN"):
        client(httpserver).exports(801, CHINA, 2026)
    assert len(fake.params) == 1


def test_429_for_ever_is_rate_limited_after_bounded_retries(httpserver, fake):
    fake.script.extend(Response("", status=429) for _ in range(10))
    with pytest.raises(RateLimited, match="rate limited by USDA AMS AgTransport"):
        client(httpserver).exports(801, CHINA, 2026)
    assert len(fake.params) == 5


def test_503_for_ever_is_service_down(httpserver, fake):
    fake.script.extend(Response("<html>down</html>", status=503, content_type="text/html") for _ in range(9))
    with pytest.raises(ServiceDown, match="HTTP 503: an HTML page; try again later"):
        client(httpserver).exports(801, CHINA, 2026)


def test_no_server_is_service_down_with_one_clear_line():
    c = AgTransportClient("http://127.0.0.1:9" + PATH, backoff_factor=0, timeout=(0.5, 0.5))
    with pytest.raises(ServiceDown, match="cannot reach USDA AMS AgTransport at http://127.0.0.1:9 "):
        c.exports(801, CHINA, 2026)


def test_the_app_token_goes_only_in_the_header_and_is_scrubbed_from_errors(httpserver, fake, capfd):
    c = AgTransportClient.from_env(
        {"SOYPACE_AGTRANSPORT_URL": httpserver.url_for(PATH), "SOYPACE_SOCRATA_APP_TOKEN": TOKEN}
    )
    assert len(c.exports(801, CHINA, 2026)) == 45
    assert fake.tokens == [TOKEN] and not any(TOKEN in url for url in fake.urls)
    assert TOKEN not in repr(c.token) and TOKEN not in repr(c.__dict__)
    fake.script.append(Response(f'{{"message": "token {TOKEN} is not valid"}}', status=403))
    with pytest.raises(AuthError, match=r"refused the app token in SOYPACE_SOCRATA_APP_TOKEN") as err:
        c.exports(801, CHINA, 2026)
    assert TOKEN not in str(err.value) and "***" in str(err.value)
    out, errout = capfd.readouterr()
    assert TOKEN not in out and TOKEN not in errout


def test_without_a_token_no_token_header_is_sent(httpserver, fake):
    AgTransportClient.from_env({"SOYPACE_AGTRANSPORT_URL": httpserver.url_for(PATH)}).exports(
        801, CHINA, 2026
    )
    assert fake.tokens == [None]


def test_the_default_address_is_agtransports_dataset():
    c = AgTransportClient.from_env({})
    assert c.base_url == "https://agtransport.usda.gov/resource/wnn7-29tu.json" and c.token is None


def test_wheat_is_left_to_the_fas_api():
    with pytest.raises(UsageError, match="Use --source fas"):
        AgTransportClient("http://127.0.0.1:9" + PATH).exports(107, CHINA, 2026)


@pytest.mark.parametrize(
    "change, words",
    [
        ({"commodity": "Corn"}, "commodity is 'Corn', expected 'Soybeans'"),
        ({"unit": "Bushels"}, "unit is 'Bushels', expected 'Metric Tons'"),
        ({"myear": "2025/26"}, "myear is '2025/26', expected YYYY/YYYY"),
        ({"date": "2025-11-12T00:00:00.000"}, "is a Wednesday, ESR weeks end on Thursday"),
        ({"myear": "2019/2020"}, "myear is MY 2019/20, not MY 2025/26"),
    ],
)
def test_rows_are_validated_as_strictly_as_fas_answers(change, words):
    with pytest.raises(RecordError, match=words):
        answering([{**row("2025-11-13", CHINA, netsalescmy="5"), **change}]).exports(801, CHINA, 2026)


def answering(rows):
    """A client whose server, ignoring soypace's filters, answers these rows."""
    c = AgTransportClient("http://127.0.0.1:9" + PATH)
    c._rows = lambda where: rows  # type: ignore[method-assign]
    return c


def test_a_destination_not_asked_for_is_refused():
    with pytest.raises(RecordError, match="destination 9990 was not asked for"):
        answering([row("2025-11-13", UNKNOWN, netsalescmy="5")]).exports(801, CHINA, 2026)


def test_a_week_outside_the_marketing_year_and_a_second_row_for_a_week_are_refused():
    twice = [row("2025-11-13", CHINA, netsalescmy="5"), row("2025-11-13", CHINA, netsalescmy="6")]
    with pytest.raises(RecordError, match="a second row for destination 5700 in the week ending 2025-11-13"):
        answering(twice).exports(801, CHINA, 2026)
    with pytest.raises(RecordError, match="week 2026-09-10 lies outside MY 2025/26"):
        answering([row("2026-09-10", CHINA, netsalescmy="5")]).exports(801, CHINA, 2026)


def test_the_neighbouring_years_part_of_the_shared_week_is_left_to_that_year(httpserver):
    rows = [row("2025-09-04", UNKNOWN, myear="2024/2025", netsalescmy="1"), row("2025-09-04", UNKNOWN)]
    FakeSocrata(rows).install(httpserver)
    [rec] = client(httpserver).exports(801, UNKNOWN, 2026)
    assert rec.market_year == 2026 and rec.net_sales is None


def test_a_redirect_to_another_host_is_not_followed_so_the_token_stays_home(httpserver):
    from pytest_httpserver import HTTPServer

    elsewhere = HTTPServer(host="127.0.0.1", port=0)
    elsewhere.start()
    try:
        elsewhere.expect_request(PATH).respond_with_json([])
        target = elsewhere.url_for(PATH)  # another host:port
        httpserver.expect_request(PATH).respond_with_response(
            Response("", status=302, headers={"Location": target})
        )
        c = AgTransportClient(
            httpserver.url_for(PATH), ApiKey(TOKEN, "SOYPACE_SOCRATA_APP_TOKEN"), backoff_factor=0
        )
        with pytest.raises(ApiError, match="redirected to another host .*did not follow") as err:
            c.exports(801, CHINA, 2026)
        assert elsewhere.log == [] and TOKEN not in str(err.value)
    finally:
        elsewhere.clear()
        elsewhere.stop()


def test_a_week_that_has_not_ended_is_refused_by_the_shared_answer_check():
    c = answering([row("2025-11-13", CHINA, netsalescmy="5")])
    c.now = lambda: dt.datetime(2025, 11, 10, 9, 0)
    with pytest.raises(RecordError, match="has not ended yet"):
        c.exports(801, CHINA, 2026)


def test_a_hostile_name_is_made_printable_in_the_error():
    c = answering([{**row("2025-11-13", 1), "country": "\x1b[2JATLANTIS\nX"}])
    with pytest.raises(RecordError) as err:
        c.exports_all(801, 2026)
    assert "\x1b" not in str(err.value) and "\n" not in str(err.value) and "ATLANTIS" in str(err.value)
