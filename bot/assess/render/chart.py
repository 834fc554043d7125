"""The sponsors' chart: the group's average self-score and re-score per session (bot/platform/chart.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.platform.chart import Line, Scale, line_chart_png

SCALE = Scale(low=1, high=10, ticks=(1, 4, 7, 10), label="score (1-10)")


@dataclass(frozen=True)
class Point:
    session_number: int
    self_average: float | None
    re_average: float | None


def scores_alt_text(points: list[Point]) -> str:
    """The chart's figures in words, for a screen reader: each session's two averages, or why one is not."""
    sessions = [
        f"Session {p.session_number}: self-score {_shown(p.self_average)}, re-score {_shown(p.re_average)}."
        for p in points
    ]
    return " ".join(
        ["Line chart of the group's average scores per session, on a scale of 1 to 10.", *sessions]
    )


def _shown(value: float | None) -> str:
    return "not shown (too few leaders scored)" if value is None else f"{value:.1f}"


def scores_png(points: list[Point]) -> bytes:
    labels = [f"Session {p.session_number}" for p in points]
    lines = [
        Line(name, labels, [float("nan") if v is None else v for v in values])
        for name, values in (
            ("average self-score", [p.self_average for p in points]),
            ("average re-score", [p.re_average for p in points]),
        )
    ]
    return line_chart_png(lines, SCALE)
