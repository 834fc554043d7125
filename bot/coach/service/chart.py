"""The progress chart in sponsor summaries: planned with the summary, uploaded to the sponsors (drawn by
bot/coach/render/chart.py).

Scores are what sponsors may see (counts and scores, never text), so the chart goes through the same
visibility as the summary. The gateway uploads a chart row and marks it sent once Slack has it
(bot/slack/uploads.py): a 429 or a crash mid-upload delays it rather than losing it."""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial

from sqlmodel import Session, col, select

from bot.coach import store
from bot.coach.domain.engagement import DueKind, DueStatus
from bot.coach.domain.visibility import Role
from bot.coach.render.chart import progress_alt_text, progress_png
from bot.slack import uploads
from storage.coach import CoachDue, CoachEngagement
from storage.types import row_id

log = logging.getLogger(__name__)
MIN_POINTS = 3  # fewer scores than this make no trend worth a picture


def plan_chart(s: Session, eng: CoachEngagement, *, key: str, user_id: str | None, now: datetime) -> None:
    """With the summary: a chart for the same reader, once there are enough scores."""
    if len(store.checkin_scores(s, row_id(eng))) < MIN_POINTS:
        return
    if s.exec(select(CoachDue.id).where(CoachDue.key == key)).first() is None:
        s.add(CoachDue(key=key, engagement_id=row_id(eng), kind=DueKind.CHART, user_id=user_id, due_at=now))


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
                draw=partial(progress_png, scores := store.checkin_scores(s, row.engagement_id), labels),
                alt_text=progress_alt_text(scores, labels),
                first_at=row.due_at,
                settle=_settle,
            )
        )
    return due


def _settle(s: Session, key: str, status: uploads.Settled | None, at: datetime | None) -> None:
    uploads.settle_row(s, s.exec(select(CoachDue).where(CoachDue.key == key)).first(), status, at)
