"""The progress chart: check-in scores over time, one line per leader (bot/platform/chart.py)."""

from __future__ import annotations

from datetime import datetime

from bot.platform.chart import Line, Scale, line_chart_png

SCALE = Scale(low=1, high=5, ticks=(1, 2, 3, 4, 5), label="progress (1-5)")


def progress_alt_text(points: list[tuple[datetime, str, int]], labels: dict[str, str]) -> str:
    """The chart's figures in words, for a screen reader: each leader's check-in scores in order, with the
    first and latest dated and the average (a long engagement's list is cut to Slack's limit, its summary kept
    first)."""
    parts = ["Line chart of check-in progress scores over time, on a scale of 1 to 5, one line per leader."]
    for user_id in dict.fromkeys(p[1] for p in points):
        mine = [(at, score) for at, who, score in points if who == user_id]
        (first_at, first), (last_at, last) = mine[0], mine[-1]
        average = sum(score for _, score in mine) / len(mine)
        count = f"{len(mine)} check-in{'s' if len(mine) > 1 else ''}"
        parts.append(
            f"{labels.get(user_id, 'A leader').capitalize()}: {count}, first {first} "
            f"({first_at:%d %b %Y}), latest {last} ({last_at:%d %b %Y}), average {average:.1f}; "
            f"in order: {', '.join(str(score) for _, score in mine)}."
        )
    return " ".join(parts)


def progress_png(points: list[tuple[datetime, str, int]], labels: dict[str, str]) -> bytes:
    lines = []
    for user_id in dict.fromkeys(p[1] for p in points):
        mine = [(at, score) for at, who, score in points if who == user_id]
        lines.append(Line(labels.get(user_id, user_id), [a for a, _ in mine], [sc for _, sc in mine]))
    return line_chart_png(lines, SCALE, dates=True)
