"""The progress chart in sponsor summaries: check-in scores over time as a PNG, uploaded to the sponsors.

Scores are what sponsors may see (counts and scores, never text), so the chart goes through the same
visibility as the summary. Uploads happen at most once: a chart row is marked sent before the upload, so a
crash mid-upload loses that one chart rather than posting it twice."""

from __future__ import annotations

import io
import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session, col, select

from bot.coach import store
from bot.coach.visibility import Role
from storage.coach_models import CoachCheckIn, CoachDue, CoachEngagement
from storage.db import Database

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
        s.add(CoachDue(key=key, engagement_id=eng.id or 0, kind="chart", user_id=user_id, due_at=now))


def upload_due_charts(db: Database, client: WebClient, now: datetime) -> int:
    with db.session() as s:
        rows = s.exec(
            select(CoachDue).where(
                CoachDue.kind == "chart", CoachDue.status == "pending", col(CoachDue.due_at) <= now
            )
        ).all()
        jobs = []
        for due in rows:
            due.status, due.sent_at = "sent", now
            s.add(due)
            eng = s.get(CoachEngagement, due.engagement_id)
            if eng is None:
                continue
            leaders = store.people(s, due.engagement_id, Role.LEADER)
            labels = {u: f"leader {i + 1}" for i, u in enumerate(leaders)}
            jobs.append((due.user_id, eng.summary_channel_id, eng.name, scores(s, due.engagement_id), labels))
    for user_id, channel_id, name, points, labels in jobs:
        try:
            target = channel_id or client.conversations_open(users=user_id)["channel"]["id"]
            client.files_upload_v2(
                channel=target,
                filename="progress.png",
                content=progress_png(points, labels),
                title=f"{name}: progress scores",
            )
        except SlackApiError as exc:
            log.warning("a progress chart for %s was not uploaded: %s", name, exc.response.get("error"))
    return len(jobs)
