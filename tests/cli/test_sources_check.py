"""`soypace sources check`: the same weeks from the FAS API and AgTransport, compared field by field,
against fakes of both on 127.0.0.1 serving the shipped real data."""

import csv
import io
import json

import pytest
from fake_esr import FakeEsr
from fake_socrata import COLUMNS, NAMES, PATH, FakeSocrata
from typer.testing import CliRunner
from werkzeug import Response

from soypace.cli import app
from soypace.views.sources import COLUMNS as RESULT_COLUMNS

runner = CliRunner()
CODES = {name: code for code, name in NAMES.items()}


def as_fas(row: dict) -> dict:
    """A Socrata row as the FAS API gives it: codes, integers, null for what is absent."""
    out = {"commodityCode": 801, "countryCode": CODES[row["country"]]}
    out |= {key: int(row[col]) if col in row else None for key, col in COLUMNS.items()}
    return out | {"unitId": 1, "weekEndingDate": row["date"][:10] + "T00:00:00"}


@pytest.fixture
def both(httpserver, monkeypatch):
    """Fake FAS and AgTransport answering the same shipped weeks (MY 2025/26, China and unknown)."""
    socrata = FakeSocrata().install(httpserver)
    fas = FakeEsr().install(httpserver)
    for row in socrata.rows:
        fas.rows.setdefault((CODES[row["country"]], 2026), []).append(as_fas(row))
    monkeypatch.setenv("SOYPACE_AGTRANSPORT_URL", httpserver.url_for(PATH))
    monkeypatch.setenv("SOYPACE_API_URL", httpserver.url_for("/api/esr"))
    monkeypatch.setenv("SOYPACE_API_KEY", "a-key-for-the-fake")
    monkeypatch.setenv("SOYPACE_HTTP_BACKOFF", "0")
    return fas, socrata


def check(*args):
    return runner.invoke(app, ["sources", "check", "--market-year", "2026", *args])


def test_two_sources_that_agree_show_no_difference(both):
    res = check("--format", "json")
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["rows"] == [] and body["meta"]["notes"] == [
        "the two sources agree on every figure of all 97 destination-weeks"
    ]
    assert (
        "FAS API at http://" in body["meta"]["source"] and "AgTransport at http://" in body["meta"]["source"]
    )
    fas, socrata = both
    assert len(fas.exports_paths()) == 2 and len(socrata.params) == 2


def test_every_difference_is_listed_field_by_field_with_stable_columns(both):
    fas, socrata = both
    china = fas.rows[(5700, 2026)]
    week = next(r for r in china if r["weekEndingDate"].startswith("2026-01-08"))
    week["currentMYNetSales"] -= 500
    week["grossNewSales"] = 1_300_000
    fas.rows[(5700, 2026)] = [r for r in china if not r["weekEndingDate"].startswith("2026-09-03")]
    res = check("--country", "china", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0]) == RESULT_COLUMNS
    assert [
        (r["week_ending"], r["field"], r["fas"], r["agtransport"], r["difference"], r["kind"]) for r in rows
    ] == [
        ("2026-01-08", "gross_new_sales", "1300000", "", "", "missing in agtransport"),
        ("2026-01-08", "net_sales", "1223628", "1224128", "500", "differs"),
        ("2026-09-03", "", "", "", "", "only in agtransport"),
    ]
    table = check("--country", "china")
    assert "3 difference(s) in 45 destination-weeks (44 in both)" in table.stdout


def test_without_a_key_it_says_the_fas_side_is_unavailable(both, monkeypatch):
    monkeypatch.delenv("SOYPACE_API_KEY")
    res = check()
    assert res.exit_code == 1
    assert res.stderr.startswith(
        "soypace: error: cannot compare: the FAS API is unavailable without an API key"
    )
    _, socrata = both
    assert socrata.params == []


def test_a_source_that_is_down_is_named(both):
    _, socrata = both
    socrata.script.extend(
        Response("<html>down</html>", status=503, content_type="text/html") for _ in range(9)
    )
    res = check()
    assert res.exit_code == 1
    assert (
        "cannot compare: AgTransport is unavailable: USDA AMS AgTransport failed with HTTP 503" in res.stderr
    )
