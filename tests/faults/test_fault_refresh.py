"""Item 13 of issue 12: `--refresh` promises to fall back to the stored data when the refresh fails, and
keeps that promise whatever the failure: the network, the answer, the store or a setting."""

from __future__ import annotations

import sqlite3

import pytest
from faultkit import EXPORTS_5700, cli, json_response, no_secret_anywhere, state, store_file, succeeded


def _fell_back(run, home, before) -> None:
    succeeded(run)
    assert "soypace: warning: could not refresh (" in run.stderr
    assert "showing the data already stored" in run.stderr
    assert "local store" in run.stdout + run.stderr
    assert state(home) == before
    no_secret_anywhere(home, run.stdout, run.stderr)


@pytest.mark.parametrize(
    "handler",
    [
        json_response([{"commodityCode": 801, "countryCode": 5700}]),  # records breaking the contract
        json_response([{"not": "a record"}, 7]),
        json_response('[{"commodityCode": 801, "countryCode": 2010, "weekEndingDate": "2026-09-10"}]'),
        json_response("[" * 5000 + "]" * 5000),
    ],
    ids=["a bad record", "not records", "another country", "nested"],
)
def test_refresh_falls_back_when_the_answer_is_refused(esr, home, handler):
    esr.fault(EXPORTS_5700, handler)
    before = state(home)
    _fell_back(cli(["status", "--refresh"]), home, before)


def test_refresh_falls_back_when_the_store_is_locked(esr, home, monkeypatch):
    monkeypatch.setattr("soypace.data.database.BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(store_file(home), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        before = state(home)
        run = cli(["status", "--refresh"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _fell_back(run, home, before)
    assert "holds its lock" in run.stderr


@pytest.mark.parametrize("name, value", [("SOYPACE_HTTP_TIMEOUT", "abc"), ("SOYPACE_HTTP_DEADLINE", "-1")])
def test_refresh_falls_back_when_a_setting_is_wrong(esr, home, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    before = state(home)
    run = cli(["status", "--refresh"])
    _fell_back(run, home, before)
    assert name in run.stderr and esr.requests == []


def test_report_refresh_falls_back_too(esr, home):
    esr.fault(EXPORTS_5700, json_response({"message": "down"}, status=503))
    before = state(home)
    run = cli(["report", "--refresh", "--no-timestamp", "--format", "text"])
    _fell_back(run, home, before)
