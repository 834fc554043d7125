"""The series' due work: channel reminders before each session and one preparation reminder per leader.

Each due row becomes an outbox row in the same transaction that marks it sent, so running this twice at
the same `now`, or after a restart, sends nothing twice and loses nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from sqlmodel import Session, col, select

from bot.assess.domain.statuses import SittingStatus
from bot.failures import Kind, Loaded, due_row_failed, each_apart
from bot.home import refresh as homes
from bot.platform import due as registry
from bot.series import store
from bot.series.domain import ENDED, OPEN, SOON, DueKind, DueStatus, SeriesStatus, SessionStatus
from bot.series.render import messages
from bot.slack.effects import enqueue_dm, enqueue_post
from storage.assess import AssessSession
from storage.db import Database
from storage.series import AssessSeries, SeriesDue, SeriesPrep, SeriesSession
from storage.types import row_id

BATCH = 200
# A "starts in 15 minutes" held back by downtime still carries the Start button; an hour late it is noise.
STALE_AFTER = timedelta(hours=1)


def send_due_series(db: Database, now: datetime) -> int:
    """Reminders whose time has come, then the bookkeeping of sessions that have ended."""
    with db.session() as s:
        _close_finished(s, now)
    return each_apart(
        db,
        kind=Kind.SERIES_DUE,
        key=lambda due: due.key,
        load=partial(_load_due, now=now),
        handle=partial(_send, now=now),
        fail=partial(_due_failed, now=now),
    )


def _load_due(s: Session, *, now: datetime) -> Loaded[SeriesDue]:
    rows = s.exec(
        select(SeriesDue)
        .where(SeriesDue.status == DueStatus.PENDING, col(SeriesDue.due_at) <= now)
        .order_by(col(SeriesDue.due_at), col(SeriesDue.id))
        .limit(BATCH)
    ).all()
    return rows, None


def _send(s: Session, due: SeriesDue, *, now: datetime) -> None:
    due.status = _handle(s, due, now)
    due.sent_at = now
    s.add(due)


def _due_failed(s: Session, due: SeriesDue, exc: Exception, *, now: datetime) -> None:
    """Retried, then failed; the series' facilitator is told (bot/failures.py)."""
    series = s.get(AssessSeries, due.series_id)
    due_row_failed(s, due, exc, kind=Kind.SERIES_DUE, team_id=series.team_id if series else "", now=now)


def _handle(s: Session, due: SeriesDue, now: datetime) -> DueStatus:
    series = s.get(AssessSeries, due.series_id)
    if series is None or series.status != SeriesStatus.PLANNED:
        return DueStatus.CANCELLED
    if due.kind == DueKind.PREP_REMINDER:
        return _prep_reminder(s, series, due, now)
    sitting = s.get(SeriesSession, due.session_id) if due.session_id is not None else None
    if sitting is None or sitting.status not in OPEN:
        return DueStatus.CANCELLED
    if due.kind == DueKind.DAY_BEFORE and now >= sitting.scheduled_at - SOON:
        return DueStatus.SKIPPED  # held back past the 15-minute reminder, which says it better
    if now > sitting.scheduled_at + STALE_AFTER:
        return DueStatus.SKIPPED
    total = len(store.sessions_of(s, row_id(series)))
    message = messages.session_reminder(
        session_id=row_id(sitting),
        number=sitting.number,
        total=total,
        at=sitting.scheduled_at,
        leaders=store.leaders_of(series),
        facilitator=series.facilitator_id,
        soon=due.kind == DueKind.SOON,
    )
    enqueue_post(
        s, dedupe_key=due.key, team_id=series.team_id, channel_id=series.channel_id, message=message, now=now
    )
    return DueStatus.SENT


def _prep_reminder(s: Session, series: AssessSeries, due: SeriesDue, now: datetime) -> DueStatus:
    prep = s.get(SeriesPrep, (series.id, due.user_id or ""))
    if prep is None or prep.submitted_at is not None or prep.reminded_at is not None:
        return DueStatus.CANCELLED
    first = store.sessions_of(s, row_id(series))[0]
    message = messages.prep_reminder(series_id=row_id(series), first_at=first.scheduled_at)
    enqueue_dm(
        s, dedupe_key=due.key, team_id=series.team_id, user_id=prep.leader_id, message=message, now=now
    )
    prep.reminded_at = now
    s.add(prep)
    return DueStatus.SENT


def _close_finished(s: Session, now: datetime) -> None:
    """A started session is done once its live session has ended; a series once none is left ahead."""
    started = s.exec(select(SeriesSession).where(SeriesSession.status == SessionStatus.STARTED)).all()
    for sitting in started:
        live = s.get(AssessSession, sitting.assess_session_id) if sitting.assess_session_id else None
        if live is not None and live.status == SittingStatus.LIVE:
            continue
        sitting.status = SessionStatus.DONE
        s.add(sitting)
        s.flush()
        series = s.get(AssessSeries, sitting.series_id)
        if series is not None:  # its leaders may prepare again; the next session is ahead
            homes.series(s, series, now)
        rest = store.sessions_of(s, sitting.series_id)
        if series is not None and all(x.status in ENDED for x in rest):
            series.status = SeriesStatus.DONE
            s.add(series)


registry.due_work(send_due_series)
