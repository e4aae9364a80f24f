"""Where the pace chart puts things (soypace.render.chart): nothing drawn over the data, nothing
clipped, the source on the picture, and the P10-P90 band in the terminal chart."""

import datetime as dt
import html
import math
import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from soypace.render.chart import BAND_MARKER, ChartData, _y_ticks, figure, picture, terminal

D = dt.date
SOURCE = (
    "Source: USDA FAS Export Sales Reporting, shipped snapshot; latest week 2026-10-01; commitments basis"
)
# a truce-like target as of early January: the line runs through Nov-Jan, the deadline period, and
# the last deadline sits on the right edge (where calendar-2026's "year-end" label was clipped)
WEEKS = tuple(D(2025, 10, 30) + dt.timedelta(weeks=k) for k in range(11))
TRUCE = ChartData(
    title="China: 2025 US-China trade truce: 12 MMT of U.S. soybeans (commitments, to the week ending "
    "2026-01-08)",
    start=D(2025, 10, 30),
    target_mt=12_000_000,
    weeks=WEEKS,
    cumulative=(
        240_000,
        480_000,
        370_000,
        2_500_000,
        3_000_000,
        4_000_000,
        5_400_000,
        6_000_000,
        6_420_000,
        6_890_000,
        8_120_000,
    ),  # fmt: skip
    deadlines=(("original", D(2025, 12, 31)), ("january", D(2026, 1, 31)), ("extended", D(2026, 2, 28))),
    ranges=((D(2026, 1, 31), 8_450_000, 11_780_000), (D(2026, 2, 28), 9_400_000, 15_220_000)),
    source=SOURCE + "; hindsight: as of 2026-01-08, the weeks to 2026-01-08 as revised today",
)
# the same target seen in October: three deadlines a month apart on an eleven-month axis
LATE = ChartData(
    title="China: 2025 US-China trade truce (to the week ending 2026-10-01)",
    start=D(2025, 10, 30),
    target_mt=12_000_000,
    weeks=(D(2025, 10, 30), D(2026, 2, 26), D(2026, 10, 1)),
    cumulative=(240_000, 10_800_000, 23_500_000),
    deadlines=TRUCE.deadlines,
    source=SOURCE,
)
YEAR = ChartData(
    title="China: 25 MMT of U.S. soybeans in calendar 2026 (commitments, to the week ending 2026-10-01)",
    start=D(2026, 1, 1),
    target_mt=25_000_000,
    weeks=(D(2026, 1, 1), D(2026, 4, 2), D(2026, 7, 2), D(2026, 10, 1)),
    cumulative=(500_000, 5_000_000, 6_000_000, 17_000_000),
    deadlines=(("year-end", D(2026, 12, 31)),),
    ranges=((D(2026, 12, 31), 22_500_000, 32_700_000),),
    source=SOURCE,
)


def drawn(data):
    """The figure after a real Agg draw, so that every extent is where the PNG puts it."""
    fig = figure(data)
    FigureCanvasAgg(fig).draw()
    return fig


@pytest.mark.parametrize("data", [TRUCE, LATE, YEAR], ids=["truce", "late", "year"])
def test_the_legend_covers_none_of_the_plot_and_none_of_the_line(data):
    fig = drawn(data)
    [ax] = [a for a in fig.axes if a.lines]
    [legend] = fig.legends
    box = legend.get_window_extent()
    assert not box.overlaps(ax.get_window_extent())  # outside the plot: it hides no data at all
    [line] = [ln for ln in ax.lines if ln.get_marker() == "o"]  # the cumulative purchases
    points = ax.transData.transform(line.get_xydata())
    assert len(points) == len(data.weeks) and not any(box.contains(x, y) for x, y in points)


@pytest.mark.parametrize("data", [TRUCE, LATE, YEAR], ids=["truce", "late", "year"])
def test_no_text_is_clipped_by_the_edge_of_the_picture(data):
    fig = drawn(data)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    # what is drawn (ticks outside the view are not), deadline names and source line included
    drawn_box = fig.get_tightbbox(renderer)
    assert drawn_box.x0 >= 0 and drawn_box.y0 >= 0
    assert drawn_box.x1 <= fig.get_figwidth() + 0.01 and drawn_box.y1 <= fig.get_figheight() + 0.01
    last, day = data.deadlines[-1]
    [name] = [
        t
        for t in fig.findobj(lambda o: hasattr(o, "get_text"))
        if t.get_visible() and t.get_text() == f"{last}\n{day:%b} {day.day}"
    ]
    box = name.get_window_extent(renderer)
    assert 0 <= box.x0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height
    clip = name.get_clip_box() if name.get_clip_on() else None  # nor cut off at the plot's edge
    assert clip is None or (
        clip.x0 <= box.x0 and box.x1 <= clip.x1 and clip.y0 <= box.y0 and box.y1 <= clip.y1
    )


@pytest.mark.parametrize("data", [TRUCE, LATE], ids=["january", "october"])
def test_the_deadline_names_do_not_run_into_each_other(data):
    fig = drawn(data)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    names = [
        t
        for t in fig.findobj(lambda o: hasattr(o, "get_text"))
        if t.get_visible() and t.get_text().startswith(("original\n", "january\n", "extended\n"))
    ]
    boxes = sorted((t.get_window_extent(renderer) for t in names), key=lambda b: b.x0)
    assert len(boxes) == 3 and all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:], strict=False))


def test_the_picture_carries_its_source_line_and_repeats_byte_for_byte():
    svg = picture(TRUCE, "svg")
    assert svg == picture(TRUCE, "svg") and b"<dc:date>" not in svg
    # the SVG carries its text as text (svg.fonttype none): the source is there, wrapped, whole
    texts = [html.unescape(x) for x in re.findall(r"<text[^>]*>(.*?)</text>", svg.decode("utf-8"), re.S)]
    assert " ".join(x for x in texts if x.startswith("Source:") or "hindsight" in x).startswith(SOURCE)
    assert "hindsight: as of 2026-01-08" in " ".join(texts)


def test_a_picture_without_a_source_still_draws():
    bare = ChartData(
        "Bare", D(2026, 1, 1), 1_000_000, (D(2026, 1, 1),), (10_000,), (("only", D(2026, 3, 1)),)
    )
    assert picture(bare, "png").startswith(b"\x89PNG")


@pytest.mark.parametrize("width", [80, 100])
def test_the_terminal_chart_fans_the_band_from_the_last_week(width):
    text = terminal(TRUCE, width=width, height=26, colour=False)
    assert BAND_MARKER in text and f"{BAND_MARKER} bootstrap P10-P90" in text
    rows = text.splitlines()
    # the band starts at the last week: no band cell lies left of the line's last point
    first_band = min(r.index(BAND_MARKER) for r in rows if BAND_MARKER in r and "bootstrap" not in r)
    last_line = max(max(r.rfind(c) for c in "▗▖▄▀▝▘▚▞▌▐") for r in rows if "cumulative" not in r)
    assert first_band >= last_line - 1


def test_without_a_range_there_is_no_band():
    closed = ChartData(
        "Closed", D(2026, 1, 1), 1_000_000, (D(2026, 1, 1), D(2026, 1, 8)), (1, 2), (("d", D(2026, 1, 8)),)
    )
    text = terminal(closed, colour=False)
    assert BAND_MARKER not in text and "bootstrap" not in text


@pytest.mark.parametrize("width", [40, 80, 100])
def test_the_terminal_chart_fits_its_width_and_keeps_every_label_whole(width):
    text = terminal(TRUCE, width=width, height=26, colour=False)
    rows = text.splitlines()
    assert len(rows) <= 26 and all(len(r) <= width for r in rows)
    flat = " ".join(" ".join(rows).split())
    assert TRUCE.title in flat  # wrapped when too long, never dropped
    assert "original 2025-12-31" in flat and "january 2026-01-31" in flat and "extended 2026-02-28" in flat
    assert "cumulative purchases" in flat and "straight-line path" in flat and "target 12 MMT" in flat


def test_the_terminal_legend_is_under_the_plot():
    rows = terminal(TRUCE, width=80, height=26, colour=False).splitlines()
    frame_end = max(i for i, r in enumerate(rows) if "└" in r)
    legend = [i for i, r in enumerate(rows) if "cumulative purchases" in r or "deadlines:" in r]
    assert legend and min(legend) > frame_end


def test_the_terminal_chart_does_not_depend_on_the_terminal_it_runs_in(monkeypatch):
    wide = terminal(YEAR, width=100, height=26, colour=False)
    monkeypatch.setenv("COLUMNS", "50")
    monkeypatch.setenv("LINES", "12")
    assert terminal(YEAR, width=100, height=26, colour=False) == wide
    assert max(len(r) for r in wide.splitlines()) > 50


@pytest.mark.parametrize(
    ("bottom", "top"), [(0, 15.2), (0, 32.7), (0, 23.5), (0, 1.0), (-0.3, 12.0), (0, 0.05), (0, 400.0)]
)
def test_the_terminal_y_ticks_are_round_and_cover_the_data(bottom, top):
    ticks = _y_ticks(bottom, top)
    step = ticks[1] - ticks[0]
    assert ticks[0] <= bottom and ticks[-1] >= top and 4 <= len(ticks) - 1 <= 7
    assert all(abs((b - a) - step) < 1e-9 for a, b in zip(ticks, ticks[1:], strict=False))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(abs(mantissa - m) < 1e-9 for m in (1, 2, 2.5, 3, 4, 5))
