"""The pace chart's two drawings (soypace.render.chart), from a hand-made ChartData."""

import datetime as dt

import pytest

from soypace import UsageError
from soypace.render.chart import ChartData, picture, terminal

D = dt.date
DATA = ChartData(
    title="Test chart: 1 MMT by March",
    start=D(2026, 1, 1),
    target_mt=1_000_000,
    weeks=(D(2026, 1, 1), D(2026, 1, 8), D(2026, 1, 15)),
    cumulative=(100_000, 250_000, 300_000),
    deadlines=(("first", D(2026, 2, 1)), ("second", D(2026, 3, 1))),
    ranges=((D(2026, 3, 1), 600_000, 900_000),),
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_path_aims_at_the_last_deadline():
    assert DATA.path_end == D(2026, 3, 1)


def test_the_terminal_chart_has_the_title_the_deadlines_and_the_target():
    text = terminal(DATA, width=100, height=24, colour=False)
    assert "Test chart: 1 MMT by March" in text
    # the x axis is labelled with the start and each deadline; the legend names each deadline
    assert "2026-01-01" in text and "2026-02-01" in text and "2026-03-01" in text
    assert "first 2026-02-01" in text and "second 2026-03-01" in text
    assert "target 1 MMT" in text and "cumulative purchases" in text and "straight-line path" in text
    assert "\x1b[" not in text and text.endswith("\n")


def test_the_terminal_chart_is_the_same_twice_and_coloured_only_when_asked():
    assert terminal(DATA, colour=False) == terminal(DATA, colour=False)
    assert "\x1b[" in terminal(DATA, colour=True)


def test_a_chart_with_no_weeks_yet_still_draws_the_path_and_deadlines():
    empty = ChartData("Nothing yet", D(2026, 1, 1), 1_000_000, (), (), (("only", D(2026, 3, 1)),))
    text = terminal(empty, colour=False)
    assert "Nothing yet" in text and "only 2026-03-01" in text and "cumulative purchases" not in text


def test_png_starts_with_the_png_signature():
    assert picture(DATA, "png").startswith(PNG_SIGNATURE)


def test_svg_is_the_same_bytes_twice():
    first, second = picture(DATA, "svg"), picture(DATA, "svg")
    assert first == second and b"<svg" in first
    assert b">Test chart: 1 MMT by March</text>" in first  # text as text, not glyph outlines
    assert b">first</text>" in first and b">second</text>" in first  # the deadlines' names


@pytest.mark.parametrize("fmt", ["gif", "jpg", "PNG", ""])
def test_an_unknown_format_is_a_usage_error(fmt):
    with pytest.raises(UsageError, match="use a .png or .svg file name"):
        picture(DATA, fmt)
