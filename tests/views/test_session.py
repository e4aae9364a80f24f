"""What one command stands on (soypace.views.session): one dataset and one Window per query,
the snapshot when there is no store, and the staleness warning."""

import dataclasses
import datetime as dt

import pytest

from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import WeekRecord
from soypace.data.save import Batch
from soypace.data.store import Store, store_path
from soypace.model.targets import custom_target, load_targets
from soypace.model.window import Query, resolve
from soypace.views import session as session_module
from soypace.views.session import Session

D = dt.date
TRUCE = load_targets().get("truce-2025")


@pytest.fixture
def resolved(monkeypatch):
    """Every query the session resolves, in order."""
    seen = []
    real = session_module.resolve

    def counted(dataset, query, *args, **kwargs):
        seen.append(query)
        return real(dataset, query, *args, **kwargs)

    monkeypatch.setattr(session_module, "resolve", counted)
    return seen


def test_the_same_query_resolves_once_to_the_same_window(resolved):
    query = Query(TRUCE, 5700, as_of=D(2026, 1, 8))
    with Session() as s:
        window = s.resolve(query)
        assert s.resolve(query) is window
        assert s.resolve(dataclasses.replace(query)) is window  # an equal query is the same query
        assert resolved == [query]
        other = s.resolve(dataclasses.replace(query, as_of=D(2026, 1, 15)))
        assert other is not window and other.as_of == D(2026, 1, 15)
        assert other.dataset is window.dataset  # one dataset per target and destination
    assert len(resolved) == 2


def test_with_no_store_the_session_stands_on_the_snapshot():
    warnings = []
    assert not store_path().exists()
    with Session(warn=warnings.append) as s:
        assert s.store() is None and s.ledger() == [] and s.country_codes() == set()
        window = s.resolve(Query(TRUCE, 5700, as_of=D(2026, 1, 8)))
    assert window.dataset.kind == "snapshot" and window.dataset.source.startswith("shipped snapshot")
    assert window.paces[-1][1].cumulative_mt == 8_116_647
    assert warnings == [] and not store_path().exists()  # reading never creates a store


def test_a_store_that_covers_the_target_is_preferred(snapshot):
    china = [r for r in snapshot.all_records() if r.country == 5700 and r.market_year == 2026]
    with Store.open_default() as store:
        store.save_fetch("t", [Batch(801, 2026, None, china, tuple(sorted({r.week_ending for r in china})))],
                         requests=1, release="r1", started_at="t1")  # fmt: skip
    with Session() as s:
        window = s.resolve(Query(TRUCE, 5700, as_of=D(2026, 1, 8)))
        assert s.store() is s.store()  # opened once
    assert window.dataset.kind == "store"
    assert window.paces[-1][1].cumulative_mt == 8_116_647  # the same weeks as the snapshot


def old_window(as_of=None):
    """A window on data whose newest week ended Jan 2 2020, long before any clock this runs on."""
    week = D(2020, 1, 2)
    record = WeekRecord(801, 5700, 2020, week, 0, 0, 10, None, 10, 10, 0, 0)
    dataset = Dataset([record], [Coverage(801, 2020, None, D(2019, 12, 26), week)], "old data", "test")
    return resolve(dataset, Query(custom_target(100, D(2019, 12, 26), D(2020, 3, 1)), 5700, as_of=as_of))


def test_an_old_dataset_is_stale_for_a_current_query():
    warnings = []
    assert Session(warn=warnings.append).warn_if_stale(old_window()) is True
    [note] = warnings
    assert "the data ends with the week ending 2020-01-02" in note and "soypace fetch" in note


def test_a_replay_of_the_past_is_never_stale():
    warnings = []
    assert Session(warn=warnings.append).warn_if_stale(old_window(as_of=D(2020, 1, 2))) is False
    assert warnings == []


def test_data_as_new_as_usdas_calendar_promises_is_not_stale(monkeypatch):
    # Monday Jan 6 2020: the week ending Jan 2 comes out on Thursday Jan 9, so Dec 26 is the newest due
    monkeypatch.setattr(session_module, "now_eastern", lambda: dt.datetime(2020, 1, 6, 12, 0))
    warnings = []
    assert Session(warn=warnings.append).warn_if_stale(old_window()) is False and warnings == []
    # Thursday Jan 16 2020 at 9:00 Eastern: the week ending Jan 9 is out, and the data lacks it
    monkeypatch.setattr(session_module, "now_eastern", lambda: dt.datetime(2020, 1, 16, 9, 0))
    assert Session(warn=warnings.append).warn_if_stale(old_window()) is True
    assert "should have published the week ending 2020-01-09" in warnings[0]
