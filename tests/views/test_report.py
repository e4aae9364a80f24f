"""The weekly report's view: headlines, which targets are active, and the document built from
resolved windows, on the shipped real data (the command itself: tests/cli/test_reporting.py)."""

import datetime as dt

import pytest

from soypace.model import projections
from soypace.model.methods import Options
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve
from soypace.render.document import Bullets, Heading, Para, Picture, Pre, Stamp, Table
from soypace.views.report import active_targets, build_report
from soypace.views.status import status_result
from soypace.views.verdicts import headline

D = dt.date
BOOK = load_targets()
FAST = Options(simulations=500)


def windows(snapshot, as_of, *names):
    return [resolve(snapshot, Query(BOOK.get(name), 5700, as_of=as_of, options=FAST)) for name in names]


def test_headline_for_a_finished_target(snapshot):
    query = Query(BOOK.get("truce-2025"), 5700)
    window = resolve(snapshot, query)
    # 2026-06-25 before next-MY sales were counted: 200,000 MT of 2026/27 booked that week crossed it
    assert window.reached_week == D(2026, 6, 18)
    text = headline(window)
    assert text == (
        "China bought 10.82 MMT of 12 by the extended deadline (2026-02-28): missed by 1.18 MMT; "
        "the 12 MMT mark was reached in the week ending 2026-06-18."
    )


def test_headline_for_an_open_deadline(snapshot):
    [window] = windows(snapshot, D(2026, 1, 8), "truce-2025")
    # the original deadline is judged (Dec 25), so the January one (Treasury, Oct 30 2025) leads:
    # 8,116,647 of 12,000,000 (68%). The method status uses (data/calibration.toml: analog, every
    # season alike) adds the nine past seasons' mean purchases in the weeks ending Jan 15-29,
    # (1,543,500 + 763,700 + 1,471,200 + 618,276 + 1,785,490 + 1,308,714 + 2,229,651 + 1,005,968
    # + 1,242,672) / 9 = 1,329,908, and its past errors' median, -0.0462 of that same 1,329,908:
    # P50 = 8,116,647 + 1,329,908 - 61,442 = 9,385,113, short of 12 MMT, with a reach share of 3.7%,
    # under 20%: likely missed; (12,000,000 - 8,116,647) / 3 = 1,294,451 a week, against a recent 676,908
    assert headline(window) == (
        "China has bought 8.12 MMT of 12 (68%): likely missed for Jan 31 2026, analog's P50 "
        "reaching 9.39 MMT (analog reach share 4%); needs 1.29 MMT a week for 3 more weeks, "
        "recent pace 0.68 MMT."
    )


def test_active_targets_are_started_and_not_yet_all_judged():
    assert [t.name for t in active_targets(BOOK, D(2026, 1, 8))] == [
        "truce-2025",
        "crop-2025-26",
        "calendar-2026",
    ]
    assert [t.name for t in active_targets(BOOK, D(2026, 10, 1))] == ["calendar-2026"]


def test_the_report_has_one_section_per_window_and_every_status_row(snapshot):
    both = windows(snapshot, D(2026, 1, 8), "truce-2025", "calendar-2026")
    doc, rows = build_report(both, generated_at="2026-01-09T14:00:00Z")
    assert rows == status_result(both[0]).rows + status_result(both[1]).rows
    assert [r["target"] for r in rows] == ["truce-2025"] * 3 + ["calendar-2026"]
    assert doc.blocks[0] == Stamp("2026-01-09T14:00:00Z")
    titles = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    assert titles == [BOOK.get("truce-2025").title, BOOK.get("calendar-2026").title, "Data"]
    assert sum(isinstance(b, Table) for b in doc.blocks) == 2 * 3  # pacing, projections, last weeks
    assert sum(isinstance(b, Pre) for b in doc.blocks) == 2 and not any(
        isinstance(b, Picture) for b in doc.blocks
    )
    strong = [b.text for b in doc.blocks if isinstance(b, Para) and b.strong]
    assert strong[0] == headline(both[0])
    data = doc.blocks[-1]
    assert isinstance(data, Bullets) and data.items[0].startswith("Source: shipped snapshot")
    assert "Latest week in the data: 2026-10-01" in data.items


def test_the_html_report_draws_a_picture_instead_of_characters(snapshot):
    doc, _ = build_report(windows(snapshot, D(2026, 1, 8), "truce-2025"), html_chart=True)
    [picture] = [b for b in doc.blocks if isinstance(b, Picture)]
    assert "<svg" in picture.svg and not any(isinstance(b, Pre | Stamp) for b in doc.blocks)


def test_a_report_runs_each_method_once_per_window(snapshot, monkeypatch):
    """Status (its P10-P90 columns), projections and the chart all ask for the bootstrap: it runs once."""
    calls = []
    for name, method in list(projections.METHODS.items()):

        def counted(inp, *args, _name=name, _method=method, **kwargs):
            calls.append(_name)
            return _method(inp, *args, **kwargs)

        monkeypatch.setitem(projections.METHODS, name, counted)
    build_report(windows(snapshot, D(2026, 1, 8), "truce-2025"))
    assert sorted(calls) == sorted(projections.METHODS)


@pytest.mark.parametrize("as_of", [D(2026, 2, 26), D(2026, 10, 1)])
def test_a_finished_target_runs_no_method(snapshot, monkeypatch, as_of):
    def refuse(*args, **kwargs):
        raise AssertionError("a judged deadline needs no projection")

    for name in list(projections.METHODS):
        monkeypatch.setitem(projections.METHODS, name, refuse)
    _, rows = build_report(windows(snapshot, as_of, "truce-2025"))
    assert [r["status"] for r in rows] == ["missed", "missed", "missed"]
