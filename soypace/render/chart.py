"""The pace chart: cumulative purchases against the straight-line path and the target, deadlines
marked, the projection range shaded where known. A terminal version (plotext) and a picture
(matplotlib, PNG or SVG); both are built from the same ChartData and are deterministic.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from soypace import UsageError


@dataclass(frozen=True)
class ChartData:
    title: str
    start: dt.date
    target_mt: int
    weeks: tuple[dt.date, ...]
    cumulative: tuple[int, ...]
    deadlines: tuple[tuple[str, dt.date], ...]
    ranges: tuple[tuple[dt.date, int, int], ...] = ()  # (deadline, p10, p90) for open deadlines

    @property
    def path_end(self) -> dt.date:
        """The straight line aims at the last deadline."""
        return max(d for _, d in self.deadlines)


def _millions(value: float) -> float:
    return value / 1e6


def figure(data: ChartData):
    """A matplotlib Figure of the chart (Agg backend: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = (
        "soypace"  # stable element ids, so identical data gives identical SVG
    )
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 4.8), dpi=100)
    ax = fig.add_subplot()
    blue, red = "#1f5fa8", "#b03030"
    weeks: Any = list(data.weeks)  # matplotlib converts dates itself; its stubs only say float
    ax.plot(
        weeks,
        [_millions(c) for c in data.cumulative],
        color=blue,
        linewidth=2.2,
        marker="o",
        markersize=2.5,
        label="cumulative purchases",
    )
    path_x: Any = [data.start, data.path_end]
    ax.plot(
        path_x,
        [0, _millions(data.target_mt)],
        color="#888888",
        linestyle="--",
        linewidth=1.2,
        label="straight-line path",
    )
    ax.axhline(
        _millions(data.target_mt), color=red, linewidth=1, label=f"target {data.target_mt / 1e6:g} MMT"
    )
    for name, day in data.deadlines:
        x: Any = day
        ax.axvline(x, color=red, linestyle=":", linewidth=1)
        ax.annotate(
            name,
            (x, _millions(data.target_mt)),
            textcoords="offset points",
            xytext=(3, 4),
            fontsize=8,
            color=red,
        )
    if data.ranges and data.weeks:
        last_week, last_total = data.weeks[-1], _millions(data.cumulative[-1])
        for day, p10, p90 in data.ranges:
            corners: Any = [last_week, day, day]
            ax.fill(corners, [last_total, _millions(p10), _millions(p90)], color=blue, alpha=0.15)
        ax.plot([], [], color=blue, alpha=0.3, linewidth=6, label="bootstrap P10-P90")
    ax.set_ylabel("million metric tons")
    ax.set_title(data.title, fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def picture(data: ChartData, fmt: str) -> bytes:
    """The chart as PNG or SVG bytes, with no timestamps inside (so the bytes repeat)."""
    if fmt not in ("png", "svg"):
        raise UsageError(f"chart format {fmt!r}: use a .png or .svg file name")
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    figure(data).savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def terminal(data: ChartData, width: int = 100, height: int = 24, colour: bool = True) -> str:
    """The chart drawn with characters (plotext), for a terminal or a plain-text report. The x axis
    counts days from the target's start, labelled with the start and each deadline."""
    import plotext

    fig = plotext.figure
    fig.clear()
    fig.plot_size(width, height)
    fig.theme("default" if colour else "colorless")
    end = (data.path_end - data.start).days
    path = fig.signal([0, end], [0, _millions(data.target_mt)], marker="dot")
    path.lines()
    path.label("straight-line path")
    fig.draw(path)
    if data.weeks:
        x = [(w - data.start).days for w in data.weeks]
        bought = fig.signal(x, [_millions(c) for c in data.cumulative], marker="hd")
        bought.lines()
        bought.label("cumulative purchases")
        fig.draw(bought)
    fig.line(_millions(data.target_mt), orientation="h", label=f"target {data.target_mt / 1e6:g} MMT")
    for name, day in data.deadlines:
        fig.line((day - data.start).days, orientation="v", label=f"{name} {day}")
    ticks = [0] + [(d - data.start).days for _, d in data.deadlines]
    fig.ruler("x").ticks(ticks, [data.start.isoformat()] + [d.isoformat() for _, d in data.deadlines])
    fig.label("MMT", axis="y")
    fig.title(data.title)
    text = fig.build().string(colorless=not colour)
    fig.clear()
    return text.rstrip() + "\n"
