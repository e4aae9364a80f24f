"""The week-by-week bootstrap against the matrix it replaced: the same floats and dates, bit for bit."""

import dataclasses
import datetime as dt
import math
import tracemalloc

import numpy as np
import pytest

from soypace.calendar import market_year_of, market_year_weeks, week_ending_on_or_before
from soypace.data.codes import commodity as commodity_info
from soypace.model import projections as pj
from soypace.model.purchases import COMMITMENTS, weekly_points
from soypace.model.targets import load_targets

D = dt.date
CHINA = 5700


def real_input(dataset, target_name: str, as_of: dt.date, history: bool = True) -> pj.ProjectionInput:
    """China's commitments toward a shipped target as the data stood at ``as_of`` (past years too)."""
    t = load_targets().get(target_name)
    month = commodity_info(t.commodity).market_year_start_month
    points = weekly_points(dataset, t.commodity, CHINA, t.start, as_of)
    years = tuple(y for y in dataset.market_years(t.commodity, CHINA) if y < market_year_of(t.start, month))
    past = {}
    for year in years if history else ():
        first, last = market_year_weeks(year, month)
        for p in weekly_points(dataset, t.commodity, CHINA, first, min(last, as_of)):
            if p.purchases(COMMITMENTS) is not None:
                past[p.week_ending] = float(p.purchases(COMMITMENTS))
    open_deadlines = tuple((d.name, d.date) for d in t.deadlines if week_ending_on_or_before(d.date) > as_of)
    values = np.array([p.purchases(COMMITMENTS) for p in points], dtype=float)  # None: NaN, a gap
    return pj.ProjectionInput(
        tuple(p.week_ending for p in points),
        values,
        as_of,
        t.tonnage_mt,
        t.start,
        open_deadlines,
        past,
        years if history else (),
        month,
    )


def reference(
    inp: pj.ProjectionInput,
    simulations: int = pj.DEFAULT_SIMULATIONS,
    seed: int = pj.DEFAULT_SEED,
    block: int = pj.DEFAULT_BLOCK,
) -> list[tuple]:
    """The bootstrap as first written: every path's every week in one matrix, cumsum, then scans."""
    pool = pj.block_pool(inp.values, block)
    last = max(inp.reports_left(d) for _, d in inp.deadlines)
    horizon = last + pj.ETA_HORIZON_WEEKS
    _, ratios = pj._seasonal_ratios(inp, last)
    width = pool.shape[1]
    seasons = [pj.block_pool(r, width) for r in inp.cumulative * ratios if r.size >= width]
    pool = np.concatenate([pool, *seasons])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, pool.shape[0], size=(simulations, math.ceil(horizon / width)))
    paths = inp.cumulative + np.cumsum(pool[picks].reshape(simulations, -1)[:, :horizon], axis=1)
    crossed = paths >= inp.target_mt
    median = np.sort(np.where(crossed.any(axis=1), crossed.argmax(axis=1), horizon))[(simulations - 1) // 2]
    eta = (
        inp.as_of
        if inp.cumulative >= inp.target_mt
        else None
        if median == horizon
        else inp.as_of + pj.WEEK * (int(median) + 1)
    )
    out = []
    for name, d in inp.deadlines:
        n = inp.reports_left(d)
        totals = paths[:, n - 1] if n else np.full(simulations, inp.cumulative)
        out.append(bits(name, *np.percentile(totals, [10, 50, 90]), (totals >= inp.target_mt).mean(), eta))
    return out


def bits(name: str, p10, p50, p90, reach, eta) -> tuple:
    """One deadline's figures with each float as its exact bits, so -0.0 and rounding both show."""
    return (name, *(float(x).hex() for x in (p10, p50, p90, reach)), eta)


def fast(inp: pj.ProjectionInput, **options) -> list[tuple]:
    """The bootstrap under test, in the reference's terms (its P50 is also its projection)."""
    got = pj.bootstrap(inp, **options)
    assert all(p.projected_mt == p.p50_mt for p in got)
    return [bits(p.deadline_name, p.p10_mt, p.p50_mt, p.p90_mt, p.prob_reach, p.eta_week) for p in got]


@pytest.mark.parametrize(
    "target, as_of, history",
    [
        ("truce-2025", D(2025, 11, 6), True),
        ("truce-2025", D(2025, 12, 4), True),
        ("truce-2025", D(2025, 12, 4), False),
        ("truce-2025", D(2026, 1, 8), True),
        ("calendar-2026", D(2026, 2, 5), True),
        ("calendar-2026", D(2026, 5, 7), False),
        ("calendar-2026", D(2026, 7, 2), True),
    ],
)
@pytest.mark.parametrize("seed, simulations, block", [(1, 2001, 3), (7, 500, 2), (99, 3, 4), (5, 1, 3)])
def test_it_matches_the_matrix_on_real_weeks(snapshot, target, as_of, history, seed, simulations, block):
    inp = real_input(snapshot, target, as_of, history)
    options = {"seed": seed, "simulations": simulations, "block": block}
    assert fast(inp, **options) == reference(inp, **options)


def test_the_default_10000_paths_match_and_span_more_than_one_draw_chunk(snapshot):
    inp = real_input(snapshot, "truce-2025", D(2026, 1, 8))
    assert pj.DEFAULT_SIMULATIONS > pj.DRAW_CHUNK
    assert fast(inp) == reference(inp)


def test_a_median_crossing_before_the_deadline_matches(snapshot):
    inp = real_input(snapshot, "truce-2025", D(2026, 1, 8), history=False)
    *_, got = fast(inp)  # the extended deadline (the January one is open too)
    assert got[-1] < inp.deadlines[-1][1]
    assert fast(inp) == reference(inp)


@pytest.mark.parametrize("target_mt, crosses", [(83_000_000, True), (100_000_000, False)])
def test_a_median_at_the_horizons_edge_or_beyond_it_matches(snapshot, target_mt, crosses):
    # at 83 MMT the median path crosses in the horizon's last weeks; at 100 MMT many paths still
    # cross, but not half of them, so there is no date (83 MMT was 90 MMT before the history gained
    # 2016/17 to 2018/19 and next-MY sales, which changed the past seasons the paths resample)
    inp = dataclasses.replace(real_input(snapshot, "calendar-2026", D(2026, 7, 2)), target_mt=target_mt)
    [got] = fast(inp, simulations=2000, seed=3)
    assert (got[-1] is not None) == crosses
    assert [got] == reference(inp, simulations=2000, seed=3)


def test_a_target_already_reached_is_dated_the_as_of_week(snapshot):
    inp = dataclasses.replace(real_input(snapshot, "truce-2025", D(2026, 1, 8)), target_mt=1_000_000)
    got = fast(inp, simulations=1000)
    assert [g[-1] for g in got] == [inp.as_of] * len(inp.deadlines)
    assert got == reference(inp, simulations=1000)


def test_gaps_negative_weeks_and_a_deadline_at_the_as_of_week_match():
    start = D(2026, 1, 1)
    values = np.array([-0.0, 300.0, np.nan, -120.0, 50.0, np.nan, 410.0, -0.0])
    weeks = tuple(start + pj.WEEK * i for i in range(values.size))
    deadlines = (("now", weeks[-1]), ("soon", weeks[-1] + pj.WEEK * 3), ("later", weeks[-1] + pj.WEEK * 20))
    inp = pj.ProjectionInput(weeks, values, weeks[-1], 2000, start, deadlines)
    for seed in range(5):
        assert fast(inp, simulations=999, seed=seed) == reference(inp, simulations=999, seed=seed)


def test_a_pool_too_big_for_16_bit_picks_matches():
    values = np.random.default_rng(0).normal(1e5, 1e5, 70_000).round()
    start = D(2026, 1, 1)
    inp = pj.ProjectionInput(
        (start,), values, start, int(values.sum()) + 3_000_000, start, (("d", start + pj.WEEK * 10),)
    )
    assert fast(inp, simulations=300, seed=4) == reference(inp, simulations=300, seed=4)


@pytest.mark.parametrize("choices", [1, 2, 55, 65_536, 70_000, 2**32])
def test_drawing_rows_in_chunks_gives_the_same_picks_as_one_draw(choices):
    # what the bootstrap relies on: numpy buffers its 32-bit draws in the bit generator's state
    whole = np.random.default_rng(11).integers(0, choices, size=(1000, 37))
    rng = np.random.default_rng(11)
    chunks = [rng.integers(0, choices, size=(rows, 37)) for rows in (1, 2, 300, 697)]
    assert np.array_equal(np.concatenate(chunks), whole)


def test_memory_grows_with_paths_not_with_paths_times_weeks(snapshot):
    inp = real_input(snapshot, "truce-2025", D(2026, 1, 8))  # a 111-week walk
    tracemalloc.start()
    try:
        pj.bootstrap(inp, simulations=100_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40e6  # the matrix alone was 100,000 x 111 x 8 bytes = 89 MB
