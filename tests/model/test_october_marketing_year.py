"""A commodity whose marketing year starts on October 1: soybean cake & meal (ESR 901).

Oct 1 2025 is a Wednesday, so the ESR week ending Thursday Oct 2 2025 (Fri Sep 26 to Thu Oct 2)
holds the last days of MY 2024/25 (Sep 26-30) and the first of MY 2025/26 (Oct 1-2): for meal that
week, not the one holding Sep 1 (ending Sep 4), is split between two marketing years.

The hand-made data, China (5700), commodity 901:

    week ending   MY 2025 (Oct 2024-Sep 2025)        MY 2026 (Oct 2025-Sep 2026)
    2025-09-04    net 100, exports 10                 -
    2025-09-11    covered, no row (no sales)          -
    2025-09-18    covered, no row (no sales)          -
    2025-09-25    net 200, exports 20                 -
    2025-10-02    net 30, exports 3 (Sep 26-30)       net 400, exports 40 (Oct 1-2), total commitment 1,300
    2025-10-09    -                                   net 250, exports 25
    2025-10-16    -                                   net -50, exports 5

MY 2025's rows lack next-MY net sales (None, as in the shipped data), so sales booked for MY 2026
during MY 2025 are missing from the weekly figures; MY 2026's rows give them (0).
"""

import datetime as dt

import pytest

from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import WeekRecord
from soypace.model.methods import Options
from soypace.model.outlook import build_history
from soypace.model.purchases import carry_in, weekly_points
from soypace.model.targets import Deadline, Target
from soypace.model.window import Query, resolve
from soypace.views.status import status_result

D = dt.date
MEAL = 901
SEP4, SEP11, SEP18, SEP25 = D(2025, 9, 4), D(2025, 9, 11), D(2025, 9, 18), D(2025, 9, 25)
OCT2, OCT9, OCT16 = D(2025, 10, 2), D(2025, 10, 9), D(2025, 10, 16)


def rec(my, week, net, exports, total=None, next_my=None):
    return WeekRecord(MEAL, 5700, my, week, exports, None, None, None, net, total, None, next_my)


@pytest.fixture
def meal():
    records = [
        rec(2025, SEP4, 100, 10),
        rec(2025, SEP25, 200, 20),
        rec(2025, OCT2, 30, 3),
        rec(2026, OCT2, 400, 40, total=1_300, next_my=0),
        rec(2026, OCT9, 250, 25, next_my=0),
        rec(2026, OCT16, -50, 5, next_my=0),
    ]
    coverage = [Coverage(MEAL, 2025, 5700, SEP4, OCT2), Coverage(MEAL, 2026, 5700, OCT2, OCT16)]
    return Dataset(records, coverage, "hand-made meal", "test")


TARGET = Target(
    name="meal",
    title="Soybean meal test",
    tonnage_mt=2_000,
    start=SEP4,
    deadlines=(Deadline("end", D(2025, 10, 31)),),
    commodity=MEAL,
)


def test_the_week_holding_october_1_is_split_between_the_two_years(meal):
    points = {p.week_ending: p for p in weekly_points(meal, MEAL, 5700, SEP4, OCT16)}
    assert list(points) == [SEP4, SEP11, SEP18, SEP25, OCT2, OCT9, OCT16]
    split = points[OCT2]
    assert split.market_years == (2025, 2026) and not split.is_gap
    assert split.net_sales == 30 + 400 == 430  # each year's part once
    assert split.exports == 3 + 40 == 43
    assert split.next_my_net_sales is None  # MY 2025's part does not give it
    assert split.purchases("commitments") == 430 and split.purchases("shipments") == 43
    # the week holding Sep 1 is not split for meal: it lies wholly in MY 2025
    assert points[SEP4].market_years == (2025,) and points[SEP4].net_sales == 100
    assert points[SEP25].market_years == (2025,) and points[OCT9].market_years == (2026,)
    # covered weeks without a row are weeks of no sales, not gaps
    assert points[SEP11].purchases("commitments") == 0 and not points[SEP11].is_gap


def test_the_window_counts_each_part_of_the_split_week_once(meal):
    window = resolve(meal, Query(TARGET, 5700))
    assert window.as_of == OCT16
    # 100 + 0 + 0 + 200 + (30 + 400) + 250 - 50 = 930
    assert [v for _, v in window.weekly] == [100, 0, 0, 200, 430, 250, -50]
    assert window.paces[0][1].cumulative_mt == 930


def test_the_next_my_bound_comes_from_the_year_that_opens_on_the_week_of_october_1(meal):
    # MY 2026's first week is the one ending Oct 2 2025 (not Sep 4): its total commitment 1,300
    # minus its net sales 400 = 900 MT booked for MY 2026 before Oct 1, at dates the data does not give
    assert carry_in(meal, MEAL, 5700, 2026) == 1_300 - 400 == 900
    window = resolve(meal, Query(TARGET, 5700))
    assert window.next_my_bound(D(2025, 10, 31)) == (900, [2025], [])
    # the status row shows the range: 930 counted, up to 930 + 900 = 1,830 MT
    [row] = status_result(window).rows
    assert (row["cumulative_mt"], row["cumulative_upper_mt"]) == (930, 1_830)


def test_before_the_week_of_october_1_nothing_bounds_the_missing_next_my_sales(meal):
    # as of Sep 25 MY 2026 has not opened for meal (it opens with the week ending Oct 2), so MY 2025's
    # missing next-MY sales are open-ended; under a September calendar MY 2026 would have opened Sep 4
    window = resolve(meal, Query(TARGET, 5700, as_of=SEP25))
    assert window.next_my_bound(D(2025, 10, 31)) == (0, [], [2025])
    assert status_result(window).rows[0]["cumulative_upper_mt"] is None


def test_history_stops_before_the_targets_october_marketing_year(meal):
    # a target starting Sep 25 2025 is in meal's MY 2025 (Oct 2024-Sep 2025), so MY 2025 is not history;
    # one starting Oct 9 2025 is in MY 2026, so MY 2025 is
    late_sept = Target("a", "a", 1_000, SEP25, (Deadline("end", D(2025, 12, 31)),), commodity=MEAL)
    october = Target("b", "b", 1_000, OCT9, (Deadline("end", D(2025, 12, 31)),), commodity=MEAL)
    assert build_history(meal, late_sept, 5700, "commitments", Options()).years == ()
    history = build_history(meal, october, 5700, "commitments", Options())
    assert history.years == (2025,)
    # MY 2025's weeks: Sep 4 to the split week ending Oct 2 (both its parts, as weekly_points adds them);
    # the target's own marketing year follows, which a projection reads only up to its as-of week
    assert history.until(OCT2) == {SEP4: 100.0, SEP11: 0.0, SEP18: 0.0, SEP25: 200.0, OCT2: 430.0}
