"""`soypace fetch` and the store together, against a fake ESR API on 127.0.0.1."""

import dataclasses
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from fake_esr import SECRET, FakeEsr
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from soypace.cli import app
from soypace.data.client import ApiKey, EsrClient, ServiceDown
from soypace.data.codes import SOYBEANS, commodity
from soypace.data.fetch import FetchPlan, default_market_years, refresh_plan, run_fetch
from soypace.data.store import Store, store_path

D = dt.date
PLAN = FetchPlan(801, (2026, 2027), (5700, 9990))
SEPTEMBER = commodity(SOYBEANS).market_year_start_month
runner = CliRunner()


def fetch(server, plan=PLAN):
    client = EsrClient(server.url_for("/api/esr"), ApiKey(SECRET, "SOYPACE_API_KEY"), backoff_factor=0)
    with Store.open_default() as store, client:
        return run_fetch(client, store, plan)


def test_first_fetch_fills_the_store_and_a_second_makes_one_request(api_env, snapshot):
    fake = FakeEsr(snapshot).install(api_env)
    first = fetch(api_env)
    assert fake.requests[0] == "/api/esr/datareleasedates"
    assert len(fake.exports_paths()) == 4 and "/api/esr/countries" in fake.requests
    assert first.requests == 6 and first.revised == 0
    # China 2025/26, China 2026/27, unknown 2025/26 (50 weeks to 08-13, and the snapshot's records of
    # 08-20 and 08-27, which hold unknown destinations' next-MY sales only, as served here)
    assert first.new_records == 45 + 5 + 52
    fake.requests.clear()
    second = fetch(api_env)
    assert fake.requests == ["/api/esr/datareleasedates"]
    assert second.new_records == second.revised == 0 and not second.fetched
    assert "up to date" in second.sentence()


def test_a_new_release_fetches_only_the_current_year_and_keeps_revisions(api_env, snapshot):
    fake = FakeEsr(snapshot).install(api_env)
    fetch(api_env)
    week = "2026-09-24T00:00:00"
    for row in fake.rows[(5700, 2027)]:
        if row["weekEndingDate"] == week:
            row["currentMYNetSales"] += 50_000
    fake.release = "2026-10-15T08:30:00"
    fake.requests.clear()
    summary = fetch(api_env)
    assert fake.exports_paths() == [
        "/api/esr/exports/commodityCode/801/countryCode/5700/marketYear/2027",
        "/api/esr/exports/commodityCode/801/countryCode/9990/marketYear/2027",
    ]
    assert summary.revised == 1 and summary.new_records == 0
    res = runner.invoke(app, ["weeks", "--target", "calendar-2026", "--revisions", "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert "2026-09-24,2027,net_sales,589385,639385,50000" in res.stdout  # the real figure, then the revision


def test_force_fetches_a_closed_year_again(api_env, snapshot):
    fake = FakeEsr(snapshot).install(api_env)
    fetch(api_env)
    fake.requests.clear()
    fetch(api_env, dataclasses.replace(PLAN, force=True))
    assert len(fake.exports_paths()) == 4


def test_a_year_that_has_not_started_is_not_asked_for(api_env, snapshot):
    fake = FakeEsr(snapshot).install(api_env)
    summary = fetch(api_env, FetchPlan(801, (2027, 2028), (5700,)))
    assert all("2028" not in p for p in fake.requests)
    assert any("2027/28 has not started" in s for s in summary.skipped)


def test_status_reads_the_store_after_a_fetch_and_says_so(api_env, snapshot):
    FakeEsr(snapshot).install(api_env)
    res = runner.invoke(app, ["fetch", "--market-year", "2026", "--market-year", "2027"])
    assert res.exit_code == 0, res.output
    assert "new weeks" in res.stderr and SECRET not in res.output
    res = runner.invoke(app, ["status", "--target", "calendar-2026", "--as-of", "2026-10-01"])
    assert res.exit_code == 0, res.output
    assert "Source: local store" in res.stdout and "fetched 20" in res.stdout
    # the same real figures, now read from the store (9,321,027 before next-MY sales were counted)
    assert "17,082,027" in res.stdout
    assert SECRET not in res.output
    assert SECRET.encode() not in store_path().read_bytes()


def test_a_failed_fetch_changes_nothing_and_is_logged(api_env, snapshot):
    fake = FakeEsr(snapshot).install(api_env)
    fetch(api_env)
    before = Store.open_default().dataset(801).all_records()
    fake.release = "2026-10-15T08:30:00"
    path = "/api/esr/exports/commodityCode/801/countryCode/9990/marketYear/2027"
    for _ in range(2):
        api_env.expect_oneshot_request(path).respond_with_json(
            {"message": "An error has occurred."}, status=500
        )
    with pytest.raises(ServiceDown):
        fetch(api_env)
    with Store.open_default() as store:
        assert sorted(store.dataset(801).all_records(), key=str) == sorted(before, key=str)
        last = store.fetch_log(1)[0]
    assert last["ok"] == 0 and "HTTP 500" in last["error"] and last["requests"] == 3


def test_with_no_network_fetch_fails_in_one_line_and_status_still_works(monkeypatch):
    monkeypatch.setenv("SOYPACE_API_URL", "http://127.0.0.1:9/api/esr")
    monkeypatch.setenv("SOYPACE_API_KEY", SECRET)
    monkeypatch.setenv("SOYPACE_HTTP_BACKOFF", "0")
    res = runner.invoke(app, ["fetch"])
    assert res.exit_code == 1
    [line] = res.stderr.strip().splitlines()
    assert line.startswith("soypace: error: cannot reach USDA's ESR API")
    res = runner.invoke(app, ["status", "--refresh"])
    assert res.exit_code == 0
    assert "could not refresh" in res.stderr and "Source: shipped snapshot" in res.stdout


def test_offline_never_touches_the_network(api_env, snapshot, monkeypatch):
    fake = FakeEsr(snapshot).install(api_env)
    monkeypatch.setenv("SOYPACE_REFRESH", "1")
    res = runner.invoke(app, ["status", "--offline"])
    assert res.exit_code == 0 and fake.requests == []


def test_refresh_fetches_first(api_env, snapshot):
    fake = FakeEsr(snapshot).install(api_env)
    res = runner.invoke(app, ["status", "--refresh", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert fake.requests[0] == "/api/esr/datareleasedates" and fake.exports_paths()
    assert '"data": "store"' in res.stdout


def test_default_fetch_asks_for_this_calendar_years_marketing_years(api_env, snapshot):
    current = max(default_market_years(dt.date.today(), SEPTEMBER))
    fake = FakeEsr(snapshot, market_year=current).install(api_env)
    res = runner.invoke(app, ["fetch"])
    assert res.exit_code == 0, res.output
    years = {int(p.rsplit("/", 1)[1]) for p in fake.exports_paths()}
    assert years == set(default_market_years(dt.date.today(), SEPTEMBER))
    assert {p.split("/")[7] for p in fake.exports_paths()} == {"5700", "9990"}


def test_demo_key_notice(api_env, snapshot, monkeypatch):
    FakeEsr(snapshot).install(api_env)
    monkeypatch.delenv("SOYPACE_API_KEY")
    res = runner.invoke(app, ["fetch", "-y", "2027", "--source", "fas"])  # no key: FAS only when asked
    assert "DEMO_KEY" in res.stderr and "30 requests an hour" in res.stderr


def test_default_years_span_the_calendar_year():
    assert default_market_years(D(2026, 3, 1), SEPTEMBER) == (2026,)
    assert default_market_years(D(2026, 11, 26), SEPTEMBER) == (2026, 2027)
    # soybean meal's marketing year begins in October, so late September is still one year
    assert default_market_years(D(2026, 9, 20), commodity(901).market_year_start_month) == (2026,)


def test_a_refresh_fetches_the_targets_window_and_the_default_years():
    # the truce target runs from 2025-10-30 to 2026-02-28: MY 2025/26 only, plus this year's default
    plan = refresh_plan(801, D(2025, 10, 30), D(2026, 2, 28), 5700, today=D(2026, 10, 8))
    assert plan == FetchPlan(801, (2026, 2027), (5700, 9990))
    # a target reaching back two years, asked for another destination, before its deadline
    plan = refresh_plan(801, D(2023, 10, 5), D(2027, 6, 30), 1220, today=D(2026, 3, 1))
    assert plan.market_years == (2024, 2025, 2026) and plan.countries == (1220, 5700, 9990)
    # soybean oil's year starts in October: a September start belongs to the year before
    oil = refresh_plan(902, D(2025, 9, 15), D(2025, 12, 31), 5700, today=D(2026, 3, 1))
    assert oil.market_years == (2025, 2026)


# --- other processes ---------------------------------------------------------------------------


@pytest.fixture
def threaded_server():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def _env(server, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOYPACE_")}
    env.update(
        SOYPACE_HOME=str(tmp_path / "home"),
        SOYPACE_API_URL=server.url_for("/api/esr"),
        SOYPACE_API_KEY=SECRET,
        SOYPACE_HTTP_BACKOFF="0",
    )
    return env


def test_a_fetch_killed_half_way_leaves_the_store_readable_with_the_previous_data(
    threaded_server, snapshot, tmp_path
):
    fake = FakeEsr(snapshot).install(threaded_server)
    env = _env(threaded_server, tmp_path)
    subprocess.run(
        [sys.executable, "-m", "soypace", "fetch", "-y", "2026", "-y", "2027"],
        env=env,
        check=True,
        capture_output=True,
    )
    db = tmp_path / "home" / "soypace.sqlite3"
    before = sqlite3.connect(db).execute("SELECT COUNT(*), SUM(net_sales) FROM record_versions").fetchone()
    fake.release = "2026-10-15T08:30:00"
    for row in fake.rows[(5700, 2027)]:
        row["currentMYNetSales"] += 1
    fake.delay["/api/esr/exports/commodityCode/801/countryCode/9990"] = 30
    fake.requests.clear()
    proc = subprocess.Popen(
        [sys.executable, "-m", "soypace", "fetch", "-y", "2026", "-y", "2027"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while not any("9990" in p for p in fake.requests) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any("9990" in p for p in fake.requests), "the fetch never reached the slow request"
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=10)
    assert SECRET.encode() not in out + err
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*), SUM(net_sales) FROM record_versions").fetchone() == before
    status = ["status", "--target", "calendar-2026", "--as-of", "2026-10-01"]
    res = subprocess.run(
        [sys.executable, "-m", "soypace", *status], env=env, capture_output=True, text=True, check=True
    )
    assert "17,082,027" in res.stdout and "local store" in res.stdout  # next-MY sales counted


def test_two_fetches_at_once_do_not_corrupt_the_store(threaded_server, snapshot, tmp_path):
    fake = FakeEsr(snapshot).install(threaded_server)
    fake.delay["/api/esr/exports"] = 0.3
    env = _env(threaded_server, tmp_path)
    cmd = [sys.executable, "-m", "soypace", "fetch", "-y", "2026", "-y", "2027"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [p.communicate(timeout=60) + (p.returncode,) for p in procs]
    for out, err, code in results:
        assert code == 0, err.decode()
        assert SECRET.encode() not in out + err
    con = sqlite3.connect(tmp_path / "home" / "soypace.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    current = con.execute("SELECT COUNT(*) FROM record_versions WHERE is_current = 1").fetchone()[0]
    assert current == 45 + 5 + 52  # unknown destinations' 52: 50 weeks and two of next-MY sales only
    # nothing stored twice
    assert con.execute("SELECT COUNT(*) FROM record_versions").fetchone()[0] == current
    assert con.execute("SELECT COUNT(*) FROM fetches WHERE ok = 1").fetchone()[0] == 2


def test_weeks_missing_from_the_answers_are_gaps_not_zero_sales(api_env, snapshot):
    """Like the 2025 shutdown: weeks published late are absent in the middle of the answer."""
    fake = FakeEsr(snapshot).install(api_env)
    missing = {"2026-09-17T00:00:00", "2026-09-24T00:00:00"}
    fake.rows[(5700, 2027)] = [r for r in fake.rows[(5700, 2027)] if r["weekEndingDate"] not in missing]
    fetch(api_env)
    res = runner.invoke(
        app, ["weeks", "--target", "calendar-2026", "--as-of", "2026-10-01", "--format", "csv"]
    )
    rows = {r.split(",")[0]: r.split(",") for r in res.stdout.splitlines()[1:]}
    assert rows["2026-09-17"][4] == "" and "no data for MY 2027" in rows["2026-09-17"][-1]
    res = runner.invoke(
        app, ["status", "--target", "calendar-2026", "--as-of", "2026-10-01", "--format", "json"]
    )
    import json

    doc = json.loads(res.stdout)
    # the real 17,082,027 (next-MY sales counted) less the two absent weeks (311,792 and 589,385),
    # which are not guessed
    assert doc["rows"][0]["cumulative_mt"] == 17_082_027 - 311_792 - 589_385
    assert any("2 week(s) missing from the data" in n and "2026-09-17" in n for n in doc["meta"]["notes"])


def test_the_fetched_country_list_extends_what_country_accepts(api_env, snapshot):
    FakeEsr(snapshot).install(api_env)
    assert runner.invoke(app, ["status", "--country", "1010"]).exit_code == 2  # not in the shipped list
    fetch(api_env)
    res = runner.invoke(app, ["countries", "--format", "csv"])
    assert "1010,GREENLAND,GREENLD" in res.stdout  # the API's padded names, stripped
    res = runner.invoke(app, ["status", "-t", "truce-2025", "--country", "1010", "--format", "csv"])
    # the shipped snapshot holds every destination for 2025/26: Greenland had no rows, so no sales
    assert res.exit_code == 0
    assert [line.split(",")[7] for line in res.stdout.splitlines()[1:]] == ["0", "0", "0"]
