"""The pace chart: cumulative purchases against the straight-line path and the target, deadlines
marked, the projection range shaded where known. A terminal version (plotext) and a picture
(matplotlib, PNG or SVG); both are built from the same ChartData and are deterministic.

Nothing is drawn over the data: the picture keeps its legend, deadline names and source line
outside the plot, and the terminal chart prints its legend under the plot.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from dataclasses import dataclass
from typing import Any

from soypace import UsageError

BLUE, RED, GREY = "#1f5fa8", "#b03030", "#888888"
BAND_MARKER = "░"  # the terminal chart's P10-P90 area
SOURCE_CHARS = 165  # characters a source line holds across the picture, in its small type


@dataclass(frozen=True)
class ChartData:
    title: str
    start: dt.date
    target_mt: int
    weeks: tuple[dt.date, ...]
    cumulative: tuple[int, ...]
    deadlines: tuple[tuple[str, dt.date], ...]
    ranges: tuple[tuple[dt.date, int, int], ...] = ()  # (deadline, p10, p90) for open deadlines
    source: str = ""  # what the numbers stand on, printed under the picture for a forwarded mail
    range_method: str = "bootstrap"  # whose P10-P90 the ranges are, for the legend

    @property
    def path_end(self) -> dt.date:
        """The straight line aims at the last deadline."""
        return max(d for _, d in self.deadlines)

    @property
    def end(self) -> dt.date:
        """The right edge: the last deadline, or the last week when the data runs past it."""
        return max([self.path_end, *self.weeks[-1:]])

    @property
    def top_mt(self) -> int:
        """The highest value drawn: the target, the running total or a P90."""
        return max([self.target_mt, *self.cumulative, *(p90 for _, _, p90 in self.ranges)])

    @property
    def bottom_mt(self) -> int:
        """The lowest value drawn: zero, or a running total below it after cancellations."""
        return min([0, *self.cumulative])

    def band(self) -> list[tuple[dt.date, float, float, float]]:
        """Each range as a fan from the last week: (deadline, last total, P10, P90)."""
        if not self.weeks:
            return []
        return [(day, self.cumulative[-1], p10, p90) for day, p10, p90 in self.ranges]


def _millions(value: float) -> float:
    return value / 1e6


def new_figure(width: float, height: float) -> Any:
    """An empty matplotlib Figure with constrained layout (Agg backend: no display needed), its SVG
    element ids stable so that identical data gives identical bytes."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "soypace"
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def source_strip(fig: Any, source: str, room: float) -> float:
    """Keep a strip under the plots for ``room`` inches of legend and the wrapped source line, and
    write the source line there; returns the strip's height as a share of the figure's."""
    lines = textwrap.wrap(source, SOURCE_CHARS)
    strip = (room + 0.13 * len(lines)) / fig.get_figheight()
    fig.get_layout_engine().set(rect=(0, strip, 1, 1 - strip))
    if lines:
        fig.text(0.01, 0.012, "\n".join(lines), ha="left", va="bottom", fontsize=7, color="#555555")
    return strip


def save(fig: Any, fmt: str) -> bytes:
    """A figure as PNG or SVG bytes, with no timestamps inside (so the bytes repeat)."""
    if fmt not in ("png", "svg"):
        raise UsageError(f"chart format {fmt!r}: use a .png or .svg file name")
    import matplotlib

    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    # SVG text as text, not as glyph outlines: a third of the bytes in a mailed report, and faster
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def figure(data: ChartData) -> Any:
    """A matplotlib Figure of the pace chart."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig = new_figure(9, 5.4)
    ax = fig.add_subplot()
    handles: list[Any] = []
    for day, last, p10, p90 in data.band():
        corners: Any = [date2num(data.weeks[-1]), date2num(day), date2num(day)]
        ax.fill(corners, [_millions(last), _millions(p10), _millions(p90)], color=BLUE, alpha=0.15, lw=0)
    if data.ranges:
        handles.append(Patch(color=BLUE, alpha=0.3, label=f"{data.range_method} P10-P90"))
    path_x: Any = [date2num(data.start), date2num(data.path_end)]
    ax.plot(path_x, [0, _millions(data.target_mt)], color=GREY, linestyle="--", linewidth=1.2)
    handles.insert(0, Line2D([], [], color=GREY, linestyle="--", linewidth=1.2, label="straight-line path"))
    if data.weeks:
        weeks: Any = [date2num(w) for w in data.weeks]
        style: dict[str, Any] = {"color": BLUE, "lw": 2.2, "marker": "o", "ms": 2.5}
        ax.plot(weeks, [_millions(c) for c in data.cumulative], **style)
        handles.insert(0, Line2D([], [], label="cumulative purchases", **style))
    ax.axhline(_millions(data.target_mt), color=RED, linewidth=1)
    handles.append(Line2D([], [], color=RED, linewidth=1, label=f"target {data.target_mt / 1e6:g} MMT"))
    for _, day in data.deadlines:
        ax.axvline(date2num(day), color=RED, linestyle=":", linewidth=1)
    handles.append(Line2D([], [], color=RED, linestyle=":", linewidth=1, label="deadline"))
    # the deadlines' names sit on an axis of their own above the plot, where they hide nothing
    names = ax.secondary_xaxis("top")
    names.set_xticks(
        [date2num(d) for _, d in data.deadlines], labels=[f"{n}\n{d:%b} {d.day}" for n, d in data.deadlines]
    )
    names.tick_params(labelsize=8, labelcolor=RED, color=RED)
    span = max((data.end - data.start).days, 1)
    margin = dt.timedelta(days=max(span // 40, 1))
    ax.set_xlim(date2num(data.start - margin), date2num(data.end + margin))
    ax.set_ylim(_millions(data.bottom_mt) - 0.02 * _millions(data.top_mt))
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_ylabel("million metric tons")
    ax.set_title(data.title, fontsize=10)
    ax.grid(True, alpha=0.3)
    # under the plot, in a strip of its own: the legend, then what the chart stands on
    strip = source_strip(fig, data.source, room=0.32)
    fig.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, strip),
        ncols=len(handles),
        fontsize=8,
        frameon=False,
    )
    return fig


def picture(data: ChartData, fmt: str) -> bytes:
    """The pace chart as PNG or SVG bytes."""
    return save(figure(data), fmt)


# --- the terminal chart -------------------------------------------------------------------------

# (glyph, 16-colour code) of each thing the terminal chart draws; the legend under it repeats them
BOUGHT, PATH, BAND, TARGET, DEADLINE = ("▚", 12), ("•", 8), (BAND_MARKER, 14), ("─", 9), ("│", 1)
KEEP = "\xa0"  # joins a deadline's name to its date, so that the legend never splits them


def _y_ticks(bottom: float, top: float) -> list[float]:
    """Round ticks from the bottom just past the top: four to seven steps of 1, 2, 2.5, 3, 4 or 5
    times a power of ten, the step that wastes the least room."""
    power = 10 ** math.floor(math.log10(max(top - bottom, 1e-6)))
    steps = [m * power * scale for scale in (0.1, 1) for m in (1, 2, 2.5, 3, 4, 5)]

    def span(step: float) -> tuple[int, int]:
        return math.floor(bottom / step), math.ceil(top / step)

    fits = [s for s in steps if 4 <= span(s)[1] - span(s)[0] <= 7] or [power]
    step = min(fits, key=lambda s: (span(s)[1] * s - top) + (bottom - span(s)[0] * s))
    first, last = span(step)
    return [round(k * step, 6) for k in range(first, last + 1)]


def _legend(entries: list[tuple[tuple[str, int], str]], width: int, colour: bool) -> list[str]:
    """The legend as lines under the chart, where it hides nothing; no entry is split."""
    import plotext

    lines: list[str] = []
    used = width  # the room taken on the last line: none left, so that the first entry starts one
    for (glyph, code), label in entries:
        shown = plotext.colorize(glyph, plotext.pixel(foreground=code)).string() if colour else glyph
        wrapped = textwrap.wrap(f"{glyph} {label}", width, subsequent_indent="  ", break_on_hyphens=False)
        if len(wrapped) == 1 and used + 3 + len(wrapped[0]) <= width:
            lines[-1] += "   " + shown + wrapped[0][1:]
            used += 3 + len(wrapped[0])
        else:
            lines += [shown + wrapped[0][1:]] + wrapped[1:]
            used = len(wrapped[-1])
    return [line.replace(KEEP, " ") for line in lines]


def terminal(data: ChartData, width: int = 100, height: int = 24, colour: bool = True) -> str:
    """The chart drawn with characters (plotext), for a terminal or a plain-text report. The x axis
    counts days from the target's start, labelled with the start and each deadline; the P10-P90
    range fans out from the last week to each open deadline; the legend goes under the plot."""
    import plotext

    def marker(kind: tuple[str, int], symbol: str | None = None) -> Any:
        return plotext.marker(symbol or kind[0], pixel=plotext.pixel(foreground=kind[1]))

    entries = [(PATH, "straight-line path")]
    if data.weeks:
        entries.insert(0, (BOUGHT, "cumulative purchases"))
    if data.ranges:
        entries.append((BAND, f"{data.range_method} P10-P90"))
    entries.append((TARGET, f"target {data.target_mt / 1e6:g} MMT"))
    entries.append((DEADLINE, "deadlines: " + ", ".join(f"{n}{KEEP}{d}" for n, d in data.deadlines)))
    title = [line.center(width).rstrip() for line in textwrap.wrap(data.title, width)]
    legend = _legend(entries, width, colour)
    fig = plotext.figure
    fig.clear()
    plotext.terminal.limit(False, False)  # the size asked for, not the terminal's: the same text anywhere
    fig.plot_size(width, max(height - len(title) - len(legend), 10))
    plotext.terminal.limit()
    fig.theme("default" if colour else "colorless")
    end = (data.end - data.start).days
    for day, last, p10, p90 in data.band():  # drawn first, so that the lines go on top of it
        x0, x1 = (data.weeks[-1] - data.start).days, (day - data.start).days
        share = [k / (2 * width) for k in range(2 * width + 1)]
        xs = [x0 + (x1 - x0) * f for f in share]
        high = fig.signal(xs, [_millions(last + (p90 - last) * f) for f in share], marker=marker(BAND))
        low = fig.signal(xs, [_millions(last + (p10 - last) * f) for f in share], marker=marker(BAND))
        fig.draw(high.fill(low))
    path_x, target = (data.path_end - data.start).days, _millions(data.target_mt)
    path = fig.signal([0, path_x], [0, target], marker=marker(PATH, "dot"))
    fig.draw(path.lines())
    if data.weeks:
        x = [(w - data.start).days for w in data.weeks]
        bought = fig.signal(x, [_millions(c) for c in data.cumulative], marker=marker(BOUGHT, "hd"))
        fig.draw(bought.lines())
    fig.line(target, orientation="h", pixel=plotext.pixel(foreground=TARGET[1]))
    for _, day in data.deadlines:
        fig.line((day - data.start).days, orientation="v", pixel=plotext.pixel(foreground=DEADLINE[1]))
    fig.legend(False)
    bottom = _millions(data.bottom_mt)
    fig.ruler("x").lim(0, end)
    y_ticks = _y_ticks(bottom, _millions(data.top_mt))
    fig.ruler("y").lim(y_ticks[0], y_ticks[-1])
    fig.ruler("y").ticks(y_ticks, [f"{t:g}" for t in y_ticks])
    ticks = [0] + [(d - data.start).days for _, d in data.deadlines]
    fig.ruler("x").ticks(ticks, [data.start.isoformat()] + [d.isoformat() for _, d in data.deadlines])
    fig.label("MMT", axis="y")
    text = fig.build().string(colorless=not colour).rstrip()
    fig.clear()
    return "\n".join(title + [text] + legend) + "\n"
