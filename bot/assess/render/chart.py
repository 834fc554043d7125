"""The sponsors' chart drawn: the group's average self-score and re-score per session, as PNG bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass


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
    import matplotlib

    matplotlib.use("Agg")  # no display: render straight to bytes
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3), dpi=100)
    ax = fig.add_subplot()
    labels = [f"Session {p.session_number}" for p in points]
    for name, values in (
        ("average self-score", [p.self_average for p in points]),
        ("average re-score", [p.re_average for p in points]),
    ):
        ax.plot(labels, [float("nan") if v is None else v for v in values], marker="o", label=name)
    ax.set_ylim(0.5, 10.5)
    ax.set_yticks([1, 4, 7, 10])
    ax.set_ylabel("score (1-10)")
    ax.legend(loc="lower right")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
