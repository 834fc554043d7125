"""The sponsors' chart from the second session of a series on: the group's average self-score and re-score
per session, as a PNG uploaded with the files upload flow. A session's averages are drawn only when at least
`min_group` leaders gave that score. The gateway uploads it and marks it sent once Slack has it
(bot/slack/uploads.py)."""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial

from sqlmodel import Session, col, select

from bot.assess import store
from bot.assess.domain.statuses import UploadStatus
from bot.assess.render.chart import Point, scores_alt_text, scores_png
from bot.slack import uploads
from storage.assess import AssessSession, AssessUpload
from storage.types import row_id

log = logging.getLogger(__name__)


def series_points(s: Session, sitting: AssessSession) -> list[Point]:
    points = []
    for number, session in enumerate(store.series_sessions(s, sitting), start=1):
        rounds = store.rounds_of(s, row_id(session))
        selfs = [r.self_score for r in rounds if r.self_score is not None]
        res = [r.re_score for r in rounds if r.re_score is not None]
        points.append(
            Point(
                session.series_number or number,
                _average(selfs, sitting.min_group),
                _average(res, sitting.min_group),
            )
        )
    return points


def _average(scores: list[int], min_group: int) -> float | None:
    return sum(scores) / len(scores) if len(scores) >= min_group else None


def plan_chart(
    s: Session, sitting: AssessSession, *, user_id: str | None, channel_id: str | None, now: datetime
) -> None:
    """With the summary, from the second session of a series on, when there is something to draw."""
    points = series_points(s, sitting)
    if len(points) < 2 or all(p.self_average is None and p.re_average is None for p in points):
        return
    key = f"assess:session:{sitting.id}:chart:{channel_id or user_id}"
    if s.get(AssessUpload, key) is None:
        s.add(
            AssessUpload(
                key=key,
                session_id=row_id(sitting),
                team_id=sitting.team_id,
                channel_id=channel_id,
                user_id=user_id,
                due_at=now,
            )
        )


@uploads.register
def due_charts(s: Session, now: datetime) -> list[uploads.Upload]:
    """The charts due at `now`, each drawn when the gateway sends it (bot/slack/uploads.py)."""
    rows = s.exec(
        select(AssessUpload).where(
            AssessUpload.status == UploadStatus.PENDING, col(AssessUpload.due_at) <= now
        )
    ).all()
    due = []
    for row in rows:
        sitting = s.get(AssessSession, row.session_id)
        if sitting is None:
            continue
        due.append(
            uploads.Upload(
                key=row.key,
                team_id=row.team_id,
                channel_id=row.channel_id,
                user_id=row.user_id,
                filename="assess-scores.png",
                title="Group average self-score and re-score per session",
                draw=partial(scores_png, points := series_points(s, sitting)),
                alt_text=scores_alt_text(points),
                first_at=row.due_at,
                settle=_settle,
            )
        )
    return due


def _settle(s: Session, key: str, status: uploads.Settled | None, at: datetime | None) -> None:
    uploads.settle_row(s, s.get(AssessUpload, key), status, at)
