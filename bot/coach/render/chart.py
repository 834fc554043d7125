"""The progress chart: check-in scores over time, one line per leader (bot/platform/chart.py)."""

from __future__ import annotations

from datetime import datetime

from bot.platform.chart import Line, Scale, line_chart_png

SCALE = Scale(low=1, high=5, ticks=(1, 2, 3, 4, 5), label="progress (1-5)")


def progress_png(points: list[tuple[datetime, str, int]], labels: dict[str, str]) -> bytes:
    lines = []
    for user_id in dict.fromkeys(p[1] for p in points):
        mine = [(at, score) for at, who, score in points if who == user_id]
        lines.append(Line(labels.get(user_id, user_id), [a for a, _ in mine], [sc for _, sc in mine]))
    return line_chart_png(lines, SCALE, dates=True)
