"""The calibration chart of the history backtest: a reliability diagram (each method's PIT histogram:
where outcomes fell among its deciles, a tenth in each bar if it is calibrated) and how often its
P10-P90 and P25-P75 held the outcome by weeks ahead (80% and 50% if calibrated). Matplotlib, PNG
or SVG, deterministic like the pace chart.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from soypace.render.chart import GREY, RED, new_figure, save, source_strip

COLOURS = ("#1f5fa8", "#d9822b", "#3a9a4a", "#8e44ad", "#b03030", "#17a2b8", "#7f7f7f")


@dataclass(frozen=True)
class MethodCalibration:
    """One method's evidence: its PIT shares (10, summing to 1) and coverage by weeks ahead."""

    method: str
    cases: int
    pit: tuple[float, ...]
    outer: tuple[tuple[int, float], ...]  # (weeks ahead, P10-P90 coverage)
    inner: tuple[tuple[int, float], ...]  # (weeks ahead, P25-P75 coverage)


@dataclass(frozen=True)
class CalibrationChart:
    title: str
    methods: tuple[MethodCalibration, ...]
    chosen: str  # the method status uses, drawn bold
    source: str = ""


def figure(data: CalibrationChart) -> Any:
    """A matplotlib Figure: the PIT histograms in a row, then the two coverage panels."""
    n = max(len(data.methods), 1)
    fig = new_figure(max(2.4 * n, 10), 7.6)
    grid = fig.add_gridspec(2, 2 * n, height_ratios=(1, 1.25))
    edges = [i / 10 for i in range(10)]
    for i, m in enumerate(data.methods):
        ax = fig.add_subplot(grid[0, 2 * i : 2 * i + 2])
        colour = COLOURS[i % len(COLOURS)]
        ax.bar(
            edges,
            [100 * p for p in m.pit],
            width=0.1,
            align="edge",
            color=colour,
            alpha=0.8,
            edgecolor="white",
        )
        ax.axhline(10, color=RED, linestyle="--", linewidth=1)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, max(40, 5 + 100 * max(m.pit, default=0)))
        weight = "bold" if m.method == data.chosen else "normal"
        ax.set_title(f"{m.method} ({m.cases} cases)", fontsize=9, fontweight=weight)
        ax.set_xticks([0, 0.5, 1], labels=["0", "P50", "1"], fontsize=7)
        ax.tick_params(axis="y", labelsize=7)
        if i == 0:
            ax.set_ylabel("% of outcomes per decile", fontsize=8)
    panels: list[tuple[str, float, str]] = [
        ("outer", 80, "P10-P90 held the outcome (% of cases)"),
        ("inner", 50, "P25-P75 held the outcome (% of cases)"),
    ]
    for j, (field, nominal, label) in enumerate(panels):
        ax = fig.add_subplot(grid[1, j * n : (j + 1) * n])
        if field == "outer":
            ax.axhspan(70, 90, color=GREY, alpha=0.15, lw=0)
        ax.axhline(nominal, color=RED, linestyle="--", linewidth=1)
        for i, m in enumerate(data.methods):
            points: Any = getattr(m, field)
            if not points:
                continue
            style: dict[str, Any] = {
                "lw": 2.6 if m.method == data.chosen else 1.3,
                "color": COLOURS[i % len(COLOURS)],
            }
            ax.plot(
                [w for w, _ in points],
                [100 * c for _, c in points],
                marker="o",
                ms=2.5,
                label=m.method,
                **style,
            )
        ax.set_ylim(0, 100)
        ax.set_xlabel("weeks ahead of the horizon", fontsize=8)
        ax.set_title(label, fontsize=9)
        ax.grid(True, alpha=0.3)
        ax.tick_params(labelsize=7)
        if j == 0:
            ax.legend(fontsize=7, loc="lower left", ncols=2, frameon=False)
    fig.suptitle("\n".join(textwrap.wrap(data.title, 140)), fontsize=10)
    if data.source:
        source_strip(fig, data.source, room=0.1)
    return fig


def calibration_picture(data: CalibrationChart, fmt: str) -> bytes:
    """The calibration chart as PNG or SVG bytes."""
    return save(figure(data), fmt)
