"""Fixtures of the fault suite (a seeded store, a faulty fake ESR API) and its tally, printed at the end
of every run that includes it: how many fault cases ran and how long they took."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from fake_esr import SECRET
from faultkit import NEW_RELEASE, FaultyEsr, store_file
from pytest_httpserver import HTTPServer

_tally = {"passed": 0, "failed": 0, "skipped": 0, "fuzz": 0, "seconds": 0.0}


def _ours(nodeid: str) -> bool:
    return nodeid.replace("\\", "/").startswith("tests/faults/")


def pytest_runtest_logreport(report):
    if not _ours(report.nodeid):
        return
    _tally["seconds"] += report.duration
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _tally[report.outcome] += 1
        if "test_fault_fuzz" in report.nodeid and report.when == "call":
            _tally["fuzz"] += 1


def pytest_terminal_summary(terminalreporter):
    total = _tally["passed"] + _tally["failed"] + _tally["skipped"]
    if total:
        terminalreporter.write_line(
            f"fault suite: {total - _tally['fuzz']} fault cases and {_tally['fuzz']} fuzz tests: "
            f"{_tally['passed']} passed, {_tally['failed']} failed, {_tally['skipped']} skipped, "
            f"in {_tally['seconds']:.1f} s"
        )


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory, snapshot):
    """A store as `soypace fetch -y 2026 -y 2027` leaves it against the fake API (China and unknown
    destinations, the countries list), plus one flash sale: copied into every case's home."""
    from fake_esr import FakeEsr

    from soypace.data.client import ApiKey, EsrClient
    from soypace.data.fetch import FetchPlan, run_fetch
    from soypace.data.ledger import FlashSale
    from soypace.data.store import Store

    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        FakeEsr(snapshot).install(server)
        path = tmp_path_factory.mktemp("seed") / "soypace.sqlite3"
        client = EsrClient(server.url_for("/api/esr"), ApiKey(SECRET, "SOYPACE_API_KEY"), backoff_factor=0)
        with Store(path) as store, client:
            run_fetch(client, store, FetchPlan(801, (2026, 2027), (5700, 9990)))
            store.add_flash([FlashSale(dt.date(2026, 1, 6), 336_000, 5700, 2026)])
    finally:
        server.clear()
        server.stop()
    return path


@pytest.fixture
def home(tmp_path, seeded_store):
    """SOYPACE_HOME (set by the suite-wide conftest) holding a copy of the seeded store."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    shutil.copy(seeded_store, store_file(home))
    return home


@pytest.fixture
def esr(api_env, snapshot):
    """The faulty fake ESR API on 127.0.0.1, with a release newer than the seeded store's so that a
    fetch downloads MY 2026/27 for China and the unknown destinations."""
    fake = FaultyEsr(snapshot, release=NEW_RELEASE).install(api_env)
    fake.server = api_env
    return fake
