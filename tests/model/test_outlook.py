"""What the projection methods stand on (soypace.model.outlook): past years' History, cut at the
as-of week, and the ProjectionInput built from a window."""

import datetime as dt
import math

import numpy as np

from soypace.model.methods import Options
from soypace.model.outlook import History, build_history, projection_input
from soypace.model.purchases import SHIPMENTS
from soypace.model.targets import Deadline, Target, load_targets
from soypace.model.window import Query, resolve

D = dt.date
BOOK = load_targets()
TRUCE = BOOK.get("truce-2025")


def test_history_uses_only_the_marketing_years_before_the_targets_first(snapshot):
    # the snapshot holds China's MY 2017 to 2027 (2016/17 to 2018/19 added from the AgTransport capture);
    # the truce starts Oct 30 2025, in MY 2025/26 (2026)
    assert snapshot.market_years(801, 5700) == list(range(2017, 2028))
    history = build_history(snapshot, TRUCE, 5700, "commitments", Options())
    assert history.years == (2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025)
    # every week from MY 2016/17's first (Sep 1 2016) to MY 2024/25's last (Sep 4 2025), 471 weeks, and
    # 2025/26's (to Sep 3 2026: 52 more), which a projection sees only up to its as-of week
    assert min(history.series) == D(2016, 9, 1) and max(history.series) == D(2026, 9, 3)
    assert len(history.series) == 523
    assert max(history.until(TRUCE.start)) == TRUCE.start


def test_a_calendar_year_target_has_its_last_past_season_whole(snapshot):
    """calendar-2026's last past season, calendar 2025, ends in 2025/26's weeks (to Jan 1 2026: the
    counterpart of Dec 31 2026 by week of the marketing year)."""
    history = build_history(snapshot, BOOK.get("calendar-2026"), 5700, "commitments", Options())
    assert history.years[-1] == 2025 and D(2026, 1, 1) in history.series
    window = resolve(snapshot, Query(BOOK.get("calendar-2026"), 5700, as_of=D(2026, 3, 5)))
    assert 2025 in window.projection_input.seasons.years


def test_the_cut_follows_the_targets_first_marketing_year(snapshot):
    # calendar-2026 starts Jan 1 2026, still MY 2026: the same years; calendar-2027 starts in MY 2027
    assert (
        build_history(snapshot, BOOK.get("calendar-2026"), 5700, "commitments", Options()).years[-1] == 2025
    )
    later = build_history(snapshot, BOOK.get("calendar-2027"), 5700, "commitments", Options())
    assert later.years == tuple(range(2017, 2027))  # since the snapshot holds 2016/17 to 2018/19


def test_history_values_are_the_weeks_purchases_on_the_basis(snapshot):
    commitments = build_history(snapshot, TRUCE, 5700, "commitments", Options())
    shipments = build_history(snapshot, TRUCE, 5700, SHIPMENTS, Options())
    # China, week ending Nov 7 2024 (MY 2024/25) in the real data: net sales 1,181,104, exports 1,611,280
    assert commitments.series[D(2024, 11, 7)] == 1_181_104.0
    assert shipments.series[D(2024, 11, 7)] == 1_611_280.0
    # the rollover week ending Sep 1 2022 adds both years' parts: 2,961 (MY 2022) + 1,288,731 (MY 2023)
    assert commitments.series[D(2022, 9, 1)] == 1_291_692.0


def test_options_choose_and_exclude_years(snapshot):
    chosen = build_history(snapshot, TRUCE, 5700, "commitments", Options(years=(2021, 2023, 2024, 2026)))
    assert chosen.years == (2021, 2023, 2024)  # 2026 is the target's own year: never history
    fewer = build_history(
        snapshot, TRUCE, 5700, "commitments", Options(years=(2021, 2023, 2024), exclude_years=(2023,))
    )
    assert fewer.years == (2021, 2024)
    assert min(fewer.series) == D(2020, 9, 3) and D(2022, 11, 3) not in fewer.series


def test_until_cuts_at_the_as_of_week():
    history = History({D(2025, 1, 2): 1.0, D(2025, 1, 9): 2.0, D(2025, 1, 16): 3.0}, (2025,))
    assert history.until(D(2025, 1, 9)) == {D(2025, 1, 2): 1.0, D(2025, 1, 9): 2.0}
    assert history.until(D(2025, 1, 15)) == {D(2025, 1, 2): 1.0, D(2025, 1, 9): 2.0}
    assert history.until(D(2025, 1, 1)) == {}
    assert len(history.series) == 3  # cutting leaves the whole history for the next as-of week


def test_the_real_history_cut_at_a_past_week_holds_nothing_later(snapshot):
    history = build_history(snapshot, TRUCE, 5700, "commitments", Options())
    cut = history.until(D(2022, 9, 1))
    assert max(cut) == D(2022, 9, 1) and len(cut) == len([w for w in history.series if w <= D(2022, 9, 1)])


def test_projection_input_keeps_gaps_as_nan_and_cuts_the_history():
    target = Target("t", "t", 1000, D(2026, 1, 1), (Deadline("end", D(2026, 2, 26)),), commodity=901)
    weekly = [(D(2026, 1, 1), 100), (D(2026, 1, 8), None), (D(2026, 1, 15), -20), (D(2026, 1, 22), 0)]
    history = History({D(2025, 1, 2): 5.0, D(2025, 1, 23): 6.0, D(2026, 1, 29): 7.0}, (2025,))
    inp = projection_input(weekly, D(2026, 1, 22), target, (("end", D(2026, 2, 26)),), history)
    assert inp.weeks == (D(2026, 1, 1), D(2026, 1, 8), D(2026, 1, 15), D(2026, 1, 22))
    assert inp.values[0] == 100 and math.isnan(inp.values[1]) and inp.values[2] == -20 and inp.values[3] == 0
    assert int(np.isnan(inp.values).sum()) == 1  # the gap only: a week of no sales stays 0
    assert inp.cumulative == 80  # 100 - 20 + 0, the gap adds nothing
    assert list(inp.known) == [100, -20, 0]
    assert inp.history == {D(2025, 1, 2): 5.0, D(2025, 1, 23): 6.0}  # nothing after the as-of week
    assert inp.history_years == (2025,) and inp.start_month == 10  # commodity 901: October
    assert inp.reports_left(D(2026, 2, 26)) == 5  # Jan 29, Feb 5, 12, 19, 26
