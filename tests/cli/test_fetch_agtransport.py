"""`soypace fetch` from AgTransport (no key), against a fake Socrata server on 127.0.0.1 serving the
shipped real data: the source chosen, the stored figures, incremental re-reads and the source kept."""

import csv
import datetime as dt
import io
import re

import pytest
from fake_esr import FakeEsr
from fake_socrata import PATH, TOKEN, FakeSocrata
from typer.testing import CliRunner
from werkzeug import Response

from soypace.cli import app
from soypace.data.agtransport import AgTransportClient
from soypace.data.fetch import FetchPlan, choose_source, run_fetch, settled
from soypace.data.store import Store, store_path

D = dt.date
PLAN = FetchPlan(801, (2026, 2027), (5700, 9990))
CURRENT_MY = ("weekly_exports", "accumulated_exports", "outstanding_sales", "net_sales", "total_commitment")
runner = CliRunner()


@pytest.fixture
def agtransport(httpserver, monkeypatch):
    """The fake AgTransport, and a FAS address on the same server that records any request, so a test
    can tell that FAS was not asked (and nothing reaches the internet)."""
    monkeypatch.setenv("SOYPACE_AGTRANSPORT_URL", httpserver.url_for(PATH))
    monkeypatch.setenv("SOYPACE_API_URL", httpserver.url_for("/api/esr"))
    monkeypatch.setenv("SOYPACE_HTTP_BACKOFF", "0")
    return FakeSocrata().install(httpserver)


def fas_requests(httpserver):
    return [entry[0].path for entry in httpserver.log if entry[0].path.startswith("/api/esr")]


def run_agtransport(server, today, plan=PLAN):
    with Store.open_default() as store, AgTransportClient(server.url_for(PATH), backoff_factor=0) as client:
        return run_fetch(client, store, plan, source="agtransport", today=today)


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_fetch_with_no_key_and_no_configuration_uses_agtransport_and_matches_the_snapshot(
    httpserver, agtransport, snapshot
):
    before = runner.invoke(app, ["status", "--as-of", "2026-01-08", "--format", "csv"])
    weeks_before = runner.invoke(app, ["weeks", "--as-of", "2026-01-08", "--format", "csv"])
    res = runner.invoke(app, ["fetch"])
    assert res.exit_code == 0, res.output
    assert "requests to USDA AMS AgTransport (Socrata dataset wnn7-29tu) (no API key is set)" in res.stderr
    assert fas_requests(httpserver) == []
    with Store.open_default() as store:
        stored = sorted(store.records(801, [5700, 9990], 2026), key=lambda r: r.key)
        sources = {s for (s,) in store.db.execute("SELECT DISTINCT source FROM record_versions")}
    shipped = sorted(
        (r for r in snapshot.all_records() if r.country in (5700, 9990) and r.market_year == 2026),
        key=lambda r: r.key,
    )
    assert stored == shipped  # every figure of every week, China's and unknown destinations', to the tonne
    assert len([r for r in stored if r.country == 5700]) == 45
    assert all(getattr(r, attr) is not None for r in stored if r.country == 5700 for attr in CURRENT_MY)
    assert sources == {"agtransport"}
    after = runner.invoke(app, ["status", "--as-of", "2026-01-08", "--format", "csv"])
    weeks_after = runner.invoke(app, ["weeks", "--as-of", "2026-01-08", "--format", "csv"])
    assert after.exit_code == 0 and "AgTransport" in after.stderr and "shipped snapshot" in before.stderr
    assert {"6422446", "8116647"} <= {r["cumulative_mt"] for r in csv_rows(after.stdout)}
    assert [r["cumulative_mt"] for r in csv_rows(after.stdout)] == [
        r["cumulative_mt"] for r in csv_rows(before.stdout)
    ]
    columns = ("week_ending", "net_sales_mt", "exports_mt", "cumulative_mt")
    old, new = csv_rows(weeks_before.stdout), csv_rows(weeks_after.stdout)
    assert [[r.get(c) for c in columns] for r in new] == [[r.get(c) for c in columns] for r in old]


def test_auto_is_fas_when_a_key_is_set_and_agtransport_otherwise():
    assert choose_source("auto", {}) == ("agtransport", "no API key is set")
    assert choose_source("auto", {"SOYPACE_API_KEY": " "})[0] == "agtransport"
    assert choose_source("auto", {"DATA_GOV_API_KEY": "k"}) == (
        "fas",
        "an API key is set in DATA_GOV_API_KEY",
    )
    assert choose_source("agtransport", {"SOYPACE_API_KEY": "k"})[0] == "agtransport"


def test_fetch_with_a_key_uses_fas_and_source_agtransport_overrides_it(
    httpserver, agtransport, monkeypatch, snapshot
):
    FakeEsr(snapshot).install(httpserver)
    monkeypatch.setenv("SOYPACE_API_KEY", "a-key-for-the-fake")
    res = runner.invoke(app, ["fetch", "--market-year", "2026", "--country", "china"])
    assert res.exit_code == 0, res.output
    assert (
        "to the USDA FAS Export Sales Reporting (ESR) API (an API key is set in SOYPACE_API_KEY)"
        in res.stderr
    )
    assert fas_requests(httpserver) and agtransport.params == []
    args = ["fetch", "--market-year", "2026", "--country", "china", "--source", "agtransport"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert (
        "AgTransport" in res.stderr
        and "nothing new to fetch (0 requests to USDA AMS AgTransport" in res.stderr
    )
    assert agtransport.params == []  # a settled year the store holds in full, from either source
    res = runner.invoke(app, [*args, "--force"])
    assert res.exit_code == 0, res.output
    assert len(agtransport.params) == 1 and "no changes" in res.stderr


def test_a_settled_year_is_fetched_once_and_the_current_one_every_run(httpserver, agtransport):
    first = run_agtransport(httpserver, D(2026, 11, 27))
    assert len(agtransport.params) == 4 and first.new_records == 97 and first.requests == 4
    agtransport.params.clear()
    second = run_agtransport(httpserver, D(2026, 11, 27))
    years = [re.search(r"date >= '(\d{4})", p["$where"]).group(1) for p in agtransport.params]
    assert years == ["2026", "2026"]  # MY 2026/27 only, for China and unknown
    assert "MY 2025/26 5700 up to date" in second.skipped and second.new_records == second.revised == 0
    with Store.open_default() as store:
        [cov] = store.coverage_for(801, 2026, 5700)
    assert (cov.first_week, cov.last_week) == (D(2025, 9, 4), D(2026, 9, 3))


def test_a_year_still_settling_is_read_again_and_a_correction_is_kept_with_its_source(
    httpserver, agtransport, snapshot
):
    assert not settled(2026, 9, D(2026, 10, 28)) and settled(2026, 9, D(2026, 10, 29))
    FakeEsr(snapshot).install(httpserver)
    res = runner.invoke(app, ["fetch", "--source", "fas", "--market-year", "2026"])
    assert res.exit_code == 0, res.output
    for row in agtransport.rows:
        if row["date"].startswith("2026-01-08") and row["country"].startswith("CHINA"):
            row["netsalescmy"] = str(int(row["netsalescmy"]) + 1000)
    summary = run_agtransport(httpserver, D(2026, 10, 8), FetchPlan(801, (2026,), (5700, 9990)))
    assert summary.revised == 1 and summary.new_records == 0 and len(agtransport.params) == 2
    again = run_agtransport(httpserver, D(2026, 10, 8), FetchPlan(801, (2026,), (5700, 9990)))
    assert again.revised == 0 and len(agtransport.params) == 4  # read again: no release stamps to skip by
    res = runner.invoke(app, ["weeks", "--revisions", "--format", "csv"])
    [change] = csv_rows(res.stdout)
    assert change["week_ending"] == "2026-01-08" and change["change"] == "1000"
    assert (change["old_source"], change["new_source"]) == ("fas", "agtransport")
    log = csv_rows(runner.invoke(app, ["log", "--format", "csv"]).stdout)
    assert [r["source"] for r in log] == ["agtransport", "agtransport", "fas"]


def test_a_year_not_started_is_not_asked_and_a_settled_year_without_its_last_week_is_read_again(
    httpserver, agtransport
):
    agtransport.rows = [r for r in agtransport.rows if r["date"] < "2026-08-20"]
    run_agtransport(httpserver, D(2026, 8, 1))
    assert len(agtransport.params) == 2  # MY 2026/27 has not started on Aug 1 2026
    agtransport.params.clear()
    run_agtransport(httpserver, D(2026, 11, 27), FetchPlan(801, (2026,), (5700,)))
    run_agtransport(httpserver, D(2026, 11, 27), FetchPlan(801, (2026,), (5700,)))
    assert len(agtransport.params) == 2  # its last week is missing: not known complete, so read again
    with Store.open_default() as store:
        assert store.coverage_for(801, 2026, 5700)[-1].last_week == D(2026, 8, 13)


def test_the_app_token_never_reaches_output_store_or_url(httpserver, agtransport, monkeypatch, capfd):
    monkeypatch.setenv("SOYPACE_SOCRATA_APP_TOKEN", TOKEN)
    res = runner.invoke(app, ["fetch"])
    assert res.exit_code == 0, res.output
    log = runner.invoke(app, ["log", "--format", "json"])
    assert set(agtransport.tokens) == {TOKEN} and not any(TOKEN in url for url in agtransport.urls)
    assert TOKEN not in res.output and TOKEN not in log.output
    for path in store_path().parent.iterdir():
        assert TOKEN.encode() not in path.read_bytes(), path
    out, err = capfd.readouterr()
    assert TOKEN not in out and TOKEN not in err


def test_a_failed_agtransport_fetch_is_one_line_and_logged_with_its_source(httpserver, agtransport):
    agtransport.script.extend(
        Response("<html>down</html>", status=503, content_type="text/html") for _ in range(9)
    )
    res = runner.invoke(app, ["fetch"])
    assert res.exit_code == 1
    assert (
        res.stderr.strip()
        .splitlines()[-1]
        .startswith("soypace: error: USDA AMS AgTransport failed with HTTP 503")
    )
    [entry] = csv_rows(runner.invoke(app, ["log", "--format", "csv"]).stdout)
    assert entry["ok"] == "0" and entry["source"] == "agtransport" and "HTTP 503" in entry["error"]
