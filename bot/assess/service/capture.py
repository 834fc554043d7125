"""Thread replies on round cards: captured once, attributed to the phase they arrived in, kept current."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Integer, Table, bindparam, cast, or_
from sqlmodel import Session, col, select

from bot.assess.domain.statuses import RoundStatus
from bot.assess.store import CARD_KIND
from bot.slack.text import slack_ts_to_datetime
from storage.assess import AssessRound, CapturedReply, PhaseSpan
from storage.db import Database
from storage.inserts import insert_new
from storage.platform import MessageAnchor, SeenEvent

LIVE = (RoundStatus.RUNNING, RoundStatus.PAUSED)

# A reply is stored before Slack's event is acknowledged, so this runs inside every reply's ack: a few plain
# statements on one connection, not ORM objects. The live round under a card with when each phase ran, in one:
_LIVE_ROUND_UNDER_CARD = (
    select(col(AssessRound.id), col(AssessRound.phase), col(PhaseSpan.phase), col(PhaseSpan.started_at))
    .add_columns(col(PhaseSpan.ended_at))
    .select_from(MessageAnchor)
    .join(AssessRound, col(AssessRound.id) == cast(MessageAnchor.render_ref, Integer))
    .outerjoin(PhaseSpan, col(PhaseSpan.round_id) == col(AssessRound.id))
    .where(col(MessageAnchor.channel_id) == bindparam("channel_id"))
    .where(col(MessageAnchor.ts) == bindparam("card_ts"))
    .where(col(MessageAnchor.render_kind) == CARD_KIND)
    .where(or_(*(col(AssessRound.status) == status for status in LIVE)))  # IN (...) costs more per call
    .order_by(col(PhaseSpan.phase))
)

_SEEN_EVENT: Table = SeenEvent.__table__  # type: ignore[attr-defined]
_CAPTURED_REPLY: Table = CapturedReply.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ThreadReply:
    channel_id: str
    thread_ts: str
    ts: str
    user_id: str
    text: str


def capture_reply(db: Database, reply: ThreadReply, now: datetime) -> bool:
    """Keep a reply posted under a live round card; True when it was new. A message is captured once however
    often Slack delivers it: its (channel, ts) is unique, for good, so it needs no SeenEvent row."""
    # One write transaction (BEGIN IMMEDIATE on SQLite): the round cannot end between check and insert.
    with db.engine.begin() as conn:
        card = {"channel_id": reply.channel_id, "card_ts": reply.thread_ts}
        rows = conn.execute(_LIVE_ROUND_UNDER_CARD, card).all()
        if not rows:
            return False
        round_id, current = rows[0][0], rows[0][1]
        spans = [
            (phase, started, ended)
            for rid, _, phase, started, ended in rows
            if rid == round_id and phase is not None
        ]
        phase = _phase_at(spans, current, slack_ts_to_datetime(reply.ts))
        if phase is None:
            return False
        return insert_new(
            conn,
            _CAPTURED_REPLY,
            round_id=round_id,
            channel_id=reply.channel_id,
            ts=reply.ts,
            user_id=reply.user_id,
            phase=phase,
            text=reply.text,
            deleted=False,
            edited_at=None,
            created_at=now,
        )


def edit_reply(db: Database, *, event_id: str, channel_id: str, ts: str, text: str, now: datetime) -> bool:
    """An edit replaces the captured text while the round is live."""
    return _change(db, event_id, channel_id, ts, now, text=text)


def delete_reply(db: Database, *, event_id: str, channel_id: str, ts: str, now: datetime) -> bool:
    """A deleted reply leaves the digest, and its text is removed at once (even after its round)."""
    return _change(db, event_id, channel_id, ts, now, text=None)


def _change(
    db: Database, event_id: str, channel_id: str, ts: str, now: datetime, *, text: str | None
) -> bool:
    with db.session() as s:
        captured = _existing(s, channel_id, ts)
        if captured is None:
            return False
        rnd = s.get(AssessRound, captured.round_id)
        # A deletion removes the words at once, live round or not; an edit counts only while it is live.
        live = rnd is not None and rnd.status in LIVE
        if (text is not None and not live) or not _first_delivery(s.connection(), event_id, now):
            return False
        if text is None:
            captured.deleted, captured.text = True, ""
        else:
            captured.text = text
            captured.edited_at = now
        s.add(captured)
    return True


def _first_delivery(conn: Connection, event_id: str, now: datetime) -> bool:
    return insert_new(conn, _SEEN_EVENT, event_id=event_id, seen_at=now)


def _existing(s: Session, channel_id: str, ts: str) -> CapturedReply | None:
    return s.exec(
        select(CapturedReply)
        .where(col(CapturedReply.channel_id) == channel_id)
        .where(col(CapturedReply.ts) == ts)
    ).first()


def _phase_at(
    spans: Sequence[tuple[int, datetime, datetime | None]], current: int, at: datetime
) -> int | None:
    """The phase that was running when the message was posted, by Slack's own timestamp."""
    for phase, started_at, ended_at in reversed(spans):
        if started_at <= at and (ended_at is None or at < ended_at):
            return phase
    if spans and at < spans[0][1]:
        return None  # written before the round began
    return current  # clocks differ by a moment: the current phase is the honest answer
