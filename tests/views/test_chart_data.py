"""The chart view (soypace.views.chart): what the pace chart draws, on the shipped real data."""

import datetime as dt

from soypace.model.methods import Options
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve
from soypace.views.chart import chart_data
from soypace.views.status import status_result

D = dt.date
TRUCE = load_targets().get("truce-2025")


def window(snapshot, as_of=None, **kw):
    return resolve(snapshot, Query(TRUCE, 5700, as_of=as_of, **kw))


def test_as_of_january_8_the_chart_holds_the_real_running_total(snapshot):
    data = chart_data(window(snapshot, D(2026, 1, 8)))
    assert data.title == (
        "China: 2025 US-China trade truce: 12 MMT of U.S. soybeans "
        "(commitments, to the week ending 2026-01-08)"
    )
    assert (data.start, data.target_mt) == (D(2025, 10, 30), 12_000_000)
    # eleven weeks, Oct 30 to Jan 8; the total at Dec 25 is the original deadline's 6,422,446 MT
    assert data.weeks[0] == D(2025, 10, 30) and data.weeks[-1] == D(2026, 1, 8) and len(data.weeks) == 11
    totals = dict(zip(data.weeks, data.cumulative, strict=True))
    assert totals[D(2025, 12, 25)] == 6_422_446
    assert totals[D(2026, 1, 8)] == 8_116_647  # 6,422,446 + 470,073 (Jan 1) + 1,224,128 (Jan 8)
    assert data.deadlines == (
        ("original", D(2025, 12, 31)),
        ("january", D(2026, 1, 31)),
        ("extended", D(2026, 2, 28)),
    )


def test_the_range_is_drawn_for_the_open_deadline_only(snapshot):
    w = window(snapshot, D(2026, 1, 8))
    data = chart_data(w)
    _, (deadline, p10, p90) = data.ranges  # the original deadline was judged on Dec 25
    assert deadline == D(2026, 2, 28) and p10 < p90
    extended = status_result(w).rows[2]  # the same bootstrap that fills status's columns
    assert (p10, p90) == (extended["p10_mt"], extended["p90_mt"])


def test_before_the_original_deadline_every_deadline_gets_a_range(snapshot):
    data = chart_data(window(snapshot, D(2025, 12, 18), options=Options(simulations=500)))
    assert [d for d, _, _ in data.ranges] == [D(2025, 12, 31), D(2026, 1, 31), D(2026, 2, 28)]


def test_once_every_deadline_is_judged_there_is_no_range(snapshot):
    data = chart_data(window(snapshot))
    assert data.ranges == () and data.weeks[-1] == D(2026, 10, 1)
    assert data.cumulative[data.weeks.index(D(2026, 2, 26))] == 10_816_852
