"""Thread replies on round cards: captured once, attributed to the phase they arrived in, kept current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.assess import store
from bot.slack.text import slack_ts_to_datetime
from storage.db import Database
from storage.models import AssessRound, CapturedReply, SeenEvent

LIVE = ("running", "paused")


@dataclass(frozen=True)
class ThreadReply:
    event_id: str
    channel_id: str
    thread_ts: str
    ts: str
    user_id: str
    text: str


def capture_reply(db: Database, reply: ThreadReply, now: datetime) -> bool:
    """Keep a reply posted under a live round card; True when it was new."""
    try:
        with db.session() as s:
            rnd = store.round_for_card(s, reply.channel_id, reply.thread_ts)
            if rnd is None or rnd.status not in LIVE:
                return False
            phase = _phase_at(s, rnd, slack_ts_to_datetime(reply.ts))
            if phase is None or not _first_delivery(s, reply.event_id, now):
                return False
            if _existing(s, reply.channel_id, reply.ts) is not None:
                return False
            s.add(
                CapturedReply(
                    round_id=rnd.id or 0,
                    channel_id=reply.channel_id,
                    ts=reply.ts,
                    user_id=reply.user_id,
                    phase=phase,
                    text=reply.text,
                    created_at=now,
                )
            )
            s.flush()
    except IntegrityError:
        return False  # a retry of the same delivery raced this one and won
    return True


def edit_reply(db: Database, *, event_id: str, channel_id: str, ts: str, text: str, now: datetime) -> bool:
    """An edit replaces the captured text while the round is live."""
    return _change(db, event_id, channel_id, ts, now, text=text)


def delete_reply(db: Database, *, event_id: str, channel_id: str, ts: str, now: datetime) -> bool:
    """A deleted reply leaves the digest while the round is live."""
    return _change(db, event_id, channel_id, ts, now, text=None)


def _change(
    db: Database, event_id: str, channel_id: str, ts: str, now: datetime, *, text: str | None
) -> bool:
    try:
        with db.session() as s:
            captured = _existing(s, channel_id, ts)
            if captured is None:
                return False
            rnd = s.get(AssessRound, captured.round_id)
            if rnd is None or rnd.status not in LIVE or not _first_delivery(s, event_id, now):
                return False
            if text is None:
                captured.deleted = True
            else:
                captured.text = text
                captured.edited_at = now
            s.add(captured)
            s.flush()
    except IntegrityError:
        return False
    return True


def _first_delivery(s: Session, event_id: str, now: datetime) -> bool:
    if s.get(SeenEvent, event_id) is not None:
        return False
    s.add(SeenEvent(event_id=event_id, seen_at=now))
    s.flush()
    return True


def _existing(s: Session, channel_id: str, ts: str) -> CapturedReply | None:
    return s.exec(
        select(CapturedReply).where(CapturedReply.channel_id == channel_id).where(CapturedReply.ts == ts)
    ).first()


def _phase_at(s: Session, rnd: AssessRound, at: datetime) -> int | None:
    """The phase that was running when the message was posted, by Slack's own timestamp."""
    spans = store.spans_of(s, rnd.id or 0)
    for span in reversed(spans):
        if span.started_at <= at and (span.ended_at is None or at < span.ended_at):
            return span.phase
    if spans and at < spans[0].started_at:
        return None  # written before the round began
    if rnd.status in LIVE:
        return rnd.phase  # clocks differ by a moment: the current phase is the honest answer
    return None
