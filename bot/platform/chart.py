"""Sponsors' charts drawn one way for every programme: lines of scores over sessions or dates, as PNG bytes
(matplotlib without a display). Each programme says what its lines are (its render/chart.py); the gateway
uploads the bytes (bot/slack/uploads.py)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Line:
    label: str
    xs: Sequence[Any]  # session labels, or datetimes
    ys: Sequence[float]  # NaN where there is nothing to draw


@dataclass(frozen=True)
class Scale:
    """The score axis: whole scores from `low` to `high`, with a margin of half a point either side."""

    low: int
    high: int
    ticks: Sequence[int]
    label: str


def line_chart_png(lines: Sequence[Line], scale: Scale, *, dates: bool = False) -> bytes:
    import matplotlib

    matplotlib.use("Agg")  # no display: render straight to bytes
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3), dpi=100)
    ax = fig.add_subplot()
    for line in lines:
        ax.plot(list(line.xs), list(line.ys), marker="o", label=line.label)
    ax.set_ylim(scale.low - 0.5, scale.high + 0.5)
    ax.set_yticks(list(scale.ticks))
    ax.set_ylabel(scale.label)
    ax.legend(loc="lower right")
    if dates:
        fig.autofmt_xdate()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
