"""Items 8-10 of issue 12: every request ends within its deadline however slowly a server sends, no
answer grows past the size cap or the nesting limit, a server's words reach the terminal only as a
short printable line, and a rate limit says when to come back whatever form Retry-After takes."""

from __future__ import annotations

import email.utils
import gzip
import sqlite3
import time
from functools import lru_cache

import pytest
from fake_esr import SECRET
from faultkit import (
    EXPORTS_5700,
    FETCH,
    RawServer,
    cli,
    drip,
    json_response,
    no_secret_anywhere,
    one_error_line,
    releases_json,
    state,
    succeeded,
)
from werkzeug import Response

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


@pytest.fixture
def raw(monkeypatch):
    """Serve the API from a RawServer with this responder; the key is set, retries do not wait."""
    servers = []

    def serve(respond, **env):
        server = RawServer(respond)
        servers.append(server)
        monkeypatch.setenv("SOYPACE_API_URL", server.url())
        monkeypatch.setenv("SOYPACE_API_KEY", SECRET)
        monkeypatch.setenv("SOYPACE_HTTP_BACKOFF", "0")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return server

    yield serve
    for server in servers:
        server.close()


def _failed(home, run, *words):
    before = state(home)
    one_error_line(run, 1, *words)
    assert state(home) == before
    no_secret_anywhere(home, run.stdout, run.stderr)


# --- item 8: time -----------------------------------------------------------------------------------


def test_a_body_that_drips_a_byte_at_a_time_ends_at_the_request_deadline(raw, home):
    body = b"[" + b" " * 10_000 + b"]"
    head = HEAD + b"Content-Length: %d\r\n\r\n" % len(body)
    raw(lambda c, stop, path: (c.sendall(head), drip(c, stop, body)), SOYPACE_HTTP_DEADLINE="1")
    _failed(home, cli(FETCH), "did not finish answering /datareleasedates within 1 s (SOYPACE_HTTP_DEADLINE)")


def test_headers_that_drip_end_at_the_request_deadline(raw, home):
    raw(lambda c, stop, path: drip(c, stop, HEAD + b"X-Slow: " + b"a" * 10_000), SOYPACE_HTTP_DEADLINE="1")
    _failed(home, cli(FETCH), "did not finish answering /datareleasedates within 1 s")


def test_the_whole_fetch_has_a_deadline_too(raw, home):
    raw(
        lambda c, stop, path: drip(c, stop, HEAD + b"X-Slow: " + b"a" * 10_000),
        SOYPACE_HTTP_DEADLINE="600",
        SOYPACE_FETCH_DEADLINE="1",
    )
    _failed(home, cli(FETCH), "within 1 s (SOYPACE_FETCH_DEADLINE)")


def test_a_server_that_never_answers_times_out_after_retries(raw, home):
    server = raw(lambda c, stop, path: stop.wait(30), SOYPACE_HTTP_TIMEOUT="0.2")
    _failed(home, cli(FETCH), "did not answer /datareleasedates in time")
    assert server.connections == 3  # the first try and urllib3's two read retries


def test_a_connection_that_breaks_mid_answer_is_one_line(raw, home):
    raw(lambda c, stop, path: c.sendall(HEAD + b'Content-Length: 1000\r\n\r\n[{"commod'))
    _failed(home, cli(FETCH), "the connection broke while USDA's ESR API answered /datareleasedates")


# --- item 8: size and nesting ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _bomb() -> bytes:
    return gzip.compress(b"[" + b" " * (80 * 2**20) + b"]", compresslevel=9)


def test_a_compressed_answer_that_decompresses_past_the_cap_is_refused(raw, home):
    bomb = _bomb()
    assert len(bomb) < 2**20  # under a megabyte on the wire
    head = HEAD + b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(bomb)
    raw(lambda c, stop, path: c.sendall(head + bomb))
    _failed(home, cli(FETCH), "/datareleasedates answered more than 64 MB (decompressed)")


def test_a_compressed_answer_that_does_not_decompress_is_refused(raw, home):
    body = b"this is not gzip at all"
    head = HEAD + b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body)
    raw(lambda c, stop, path: c.sendall(head + body))
    _failed(home, cli(FETCH), "a compressed body that does not decompress")


@pytest.mark.parametrize("depth", [33, 100_000])
def test_deeply_nested_json_is_refused_before_parsing(esr, home, depth):
    esr.fault("/datareleasedates", json_response("[" * depth + "]" * depth))
    _failed(home, cli(FETCH), "nested deeper than 32 levels")


def test_nesting_inside_strings_does_not_count(esr, home):
    releases = releases_json()
    releases[0]["note"] = "[" * 1000
    esr.fault("/datareleasedates", json_response(releases))
    succeeded(cli(FETCH))


# --- item 9: server text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "\x1b]0;pwned\x07 the service is down",  # an OSC sequence: sets the terminal's title
        "\x1b[2J\x1b[31mcleared and red\x1b[0m",  # CSI: clears the screen
        "right-to-left \u202etxt.exe\u202c override",
        "a\rcarriage\x08backspace\x00nul",
    ],
)
def test_control_characters_in_a_servers_words_never_reach_the_terminal(esr, home, body):
    esr.fault(EXPORTS_5700, json_response({"message": body}, status=500))
    run = cli(FETCH)
    line = one_error_line(run, 1, "HTTP 500")
    assert not any(ch in line for ch in "\x1b\x07\u202e\r\x08\x00")


def test_a_binary_error_body_is_described_not_printed(esr, home):
    esr.fault(EXPORTS_5700, lambda r: Response(bytes(range(256)) * 4, status=502))
    run = cli(FETCH)
    one_error_line(run, 1, "HTTP 502", "a binary answer of 1,024 bytes")


def test_a_binary_200_body_is_described(esr, home):
    esr.fault(EXPORTS_5700, lambda r: Response(b"\x89PNG\r\n\x1a\n\x00\x00" * 100))
    one_error_line(cli(FETCH), 1, "answered with a binary answer of 1,000 bytes instead of JSON")


def test_a_long_error_body_is_cut_to_a_readable_line(esr, home):
    esr.fault(EXPORTS_5700, json_response("x" * 5000, status=500))
    line = one_error_line(cli(FETCH), 1, "HTTP 500", "cut: 5,000 characters in all")
    assert len(line) < 400


def test_control_characters_in_the_countries_list_are_not_stored_or_shown(esr, tmp_path):
    esr.fault("/countries", json_response([{"countryCode": 5700, "countryName": "CHINA\x1b]0;x\x07"}]))
    succeeded(cli(FETCH))
    listing = cli(["countries", "--format", "csv"])
    succeeded(listing)
    assert "\x1b" not in listing.stdout and "CHINA?]0;x?" in listing.stdout
    db = sqlite3.connect(tmp_path / "home" / "soypace.sqlite3")
    assert db.execute("SELECT name FROM countries").fetchall() == [("CHINA?]0;x?",)]
    db.close()


# --- item 10: Retry-After ---------------------------------------------------------------------------------


def test_a_retry_after_given_as_an_http_date_is_said_in_seconds(esr, home):
    when = email.utils.formatdate(time.time() + 3600, usegmt=True)
    esr.fault(EXPORTS_5700, json_response("{}", status=429, headers={"Retry-After": when}))
    line = one_error_line(cli(FETCH), 1, "rate limited by api.data.gov", "retry after")
    seconds = int(line.split("retry after ")[1].split(" seconds")[0])
    assert 3000 < seconds <= 3600 and "GMT" not in line
    assert len(esr.requests) == 2  # /datareleasedates, then one try: an hour is too long to wait


@pytest.mark.parametrize("header", ["soon", "-5", "99999999999999999999", "Fri, 99 Foo 2026 99:99:99 GMT"])
def test_a_retry_after_that_is_not_understood_is_still_a_rate_limit(esr, home, header):
    esr.fault(EXPORTS_5700, json_response("{}", status=429, headers={"Retry-After": header}))
    one_error_line(cli(FETCH), 1, "rate limited by api.data.gov", "Retry-After header was not understood")


def test_a_long_value_in_a_record_is_cut_to_a_readable_line(esr, home):
    rows = esr.rows_for(5700, 2027)
    for row in rows:
        row["currentMYNetSales"] = "\x1b[31m" + "9" * 5000
    esr.fault(EXPORTS_5700, json_response(rows))
    line = one_error_line(cli(FETCH), 1, "records are invalid", "characters in all")
    assert len(line) < 700 and "\x1b" not in line
