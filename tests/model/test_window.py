"""A query resolved once into a Window (soypace.model.window), which computes its paces and
projections the first time they are asked for and then shares them."""

import datetime as dt

import pytest

from soypace.model import projections
from soypace.model.methods import METHOD_NAMES, Options
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve

D = dt.date
TRUCE = load_targets().get("truce-2025")
FAST = Options(simulations=500)


@pytest.fixture
def calls(monkeypatch):
    """Every run of a projection method, by name: each entry of METHODS wrapped to count."""
    seen: list[str] = []
    for name, method in list(projections.METHODS.items()):

        def counted(inp, *args, _name=name, _method=method, **kwargs):
            seen.append(_name)
            return _method(inp, *args, **kwargs)

        monkeypatch.setitem(projections.METHODS, name, counted)
    return seen


def test_a_window_runs_each_method_once(snapshot, calls):
    window = resolve(snapshot, Query(TRUCE, 5700, as_of=D(2025, 12, 18), options=FAST))
    first = window.projections()
    assert calls == list(METHOD_NAMES)
    again = window.projections()
    only_bootstrap, _ = window.projections(("bootstrap",))
    assert calls == list(METHOD_NAMES)  # nothing ran again
    assert again == first and len(first[0]) == 21  # 7 methods x 3 open deadlines
    assert only_bootstrap == [p for p in first[0] if p.method == "bootstrap"]


def test_asking_for_one_method_first_then_all_runs_the_rest_once(snapshot, calls):
    window = resolve(snapshot, Query(TRUCE, 5700, as_of=D(2026, 1, 8), options=FAST))
    window.projections(("bootstrap",))
    assert calls == ["bootstrap"]
    found, _ = window.projections()
    assert sorted(calls) == sorted(METHOD_NAMES)
    # in the order asked for, whatever ran first (two open deadlines: january and extended)
    assert [p.method for p in found] == [m for m in METHOD_NAMES for _ in range(2)]


def test_another_window_computes_its_own(snapshot, calls):
    query = Query(TRUCE, 5700, as_of=D(2026, 1, 8), options=Options(methods=("run-rate",)))
    resolve(snapshot, query).projections()
    resolve(snapshot, query).projections()
    assert calls == ["run-rate", "run-rate"]


def test_a_window_with_every_deadline_judged_runs_no_method(snapshot, calls):
    window = resolve(snapshot, Query(TRUCE, 5700, options=FAST))
    assert window.open_deadlines == ()
    assert window.projections() == ([], []) and calls == []


def test_paces_and_the_weekly_series_are_computed_once(snapshot):
    window = resolve(snapshot, Query(TRUCE, 5700, as_of=D(2026, 1, 8)))
    assert window.paces is window.paces and window.weekly is window.weekly
    (original, judged), (january, behind), (extended, open_) = window.paces
    assert (original, judged.status, judged.cumulative_mt) == ("original", "missed", 6_422_446)
    assert (january, behind.status, behind.cumulative_mt) == ("january", "behind", 8_116_647)
    assert (extended, open_.status, open_.cumulative_mt) == ("extended", "on_track", 8_116_647)
    assert [d.name for d in window.open_deadlines] == ["january", "extended"]
    assert window.reached_week is None  # 8,116,647 of 12,000,000 by Jan 8
    # the whole data (to Oct 1 2026) reaches the mark after every deadline: 12,160,205 by Jun 18,
    # 2026/27 bookings (next-MY sales) included
    assert resolve(snapshot, Query(TRUCE, 5700)).reached_week == D(2026, 6, 18)
