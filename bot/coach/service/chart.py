"""The progress chart in sponsor summaries: check-in scores over time as a PNG, uploaded to the sponsors.

Scores are what sponsors may see (counts and scores, never text), so the chart goes through the same
visibility as the summary. The gateway uploads a chart row and marks it sent once Slack has it
(bot/slack/uploads.py): a 429 or a crash mid-upload delays it rather than losing it."""

from __future__ import annotations

import io
import logging
from datetime import datetime
from functools import partial

from sqlmodel import Session, col, select

from bot.coach import store
from bot.coach.domain.engagement import DueKind, DueStatus
from bot.coach.domain.visibility import Role
from bot.slack import uploads
from storage.coach_models import CoachCheckIn, CoachDue, CoachEngagement

log = logging.getLogger(__name__)
MIN_POINTS = 3  # fewer scores than this make no trend worth a picture


def scores(s: Session, engagement_id: int) -> list[tuple[datetime, str, int]]:
    rows = s.exec(
        select(CoachCheckIn)
        .where(CoachCheckIn.engagement_id == engagement_id)
        .order_by(col(CoachCheckIn.submitted_at))
    ).all()
    return [(r.submitted_at, r.user_id, r.score) for r in rows]


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


def plan_chart(s: Session, eng: CoachEngagement, *, key: str, user_id: str | None, now: datetime) -> None:
    """With the summary: a chart for the same reader, once there are enough scores."""
    if len(scores(s, eng.id or 0)) < MIN_POINTS:
        return
    if s.exec(select(CoachDue.id).where(CoachDue.key == key)).first() is None:
        s.add(CoachDue(key=key, engagement_id=eng.id or 0, kind=DueKind.CHART, user_id=user_id, due_at=now))


@uploads.register
def due_charts(s: Session, now: datetime) -> list[uploads.Upload]:
    """The charts due at `now`, each drawn when the gateway sends it (bot/slack/uploads.py)."""
    rows = s.exec(
        select(CoachDue).where(
            CoachDue.kind == DueKind.CHART, CoachDue.status == DueStatus.PENDING, col(CoachDue.due_at) <= now
        )
    ).all()
    due = []
    for row in rows:
        eng = s.get(CoachEngagement, row.engagement_id)
        if eng is None:
            continue
        leaders = store.people(s, row.engagement_id, Role.LEADER)
        labels = {u: f"leader {i + 1}" for i, u in enumerate(leaders)}
        due.append(
            uploads.Upload(
                key=row.key,
                team_id=eng.team_id,
                channel_id=eng.summary_channel_id,
                user_id=row.user_id,
                filename="progress.png",
                title=f"{eng.name}: progress scores",
                draw=partial(progress_png, scores(s, row.engagement_id), labels),
                first_at=row.due_at,
                settle=_settle,
            )
        )
    return due


def _settle(s: Session, key: str, status: str | None, at: datetime | None) -> None:
    row = s.exec(select(CoachDue).where(CoachDue.key == key)).first()
    if row is None:
        return
    if status is None and at is not None:
        row.due_at = at  # the next try
    elif status is not None:
        row.status, row.sent_at = status, at
    s.add(row)
