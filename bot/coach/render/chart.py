"""The progress chart's drawing: check-in scores over time as a PNG, one line per leader."""

from __future__ import annotations

import io
from datetime import datetime


def progress_png(points: list[tuple[datetime, str, int]], labels: dict[str, str]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")  # no display: render straight to bytes
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3), dpi=100)
    ax = fig.add_subplot()
    for user_id in dict.fromkeys(p[1] for p in points):
        mine = [(at, score) for at, who, score in points if who == user_id]
        ax.plot([a for a, _ in mine], [sc for _, sc in mine], marker="o", label=labels.get(user_id, user_id))  # type: ignore[arg-type]
    ax.set_ylim(0.5, 5.5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_ylabel("progress (1-5)")
    ax.legend(loc="lower right")
    fig.autofmt_xdate()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
