"""Thread replies on round cards: captured once, attributed to the phase they arrived in, kept current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import (
    Connection,
    Insert,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    case,
    cast,
    false,
    func,
    null,
    or_,
)
from sqlalchemy import select as core_select  # any number of columns (sqlmodel's select takes four)
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.assess.domain.statuses import RoundStatus
from bot.assess.store import CARD_KIND
from bot.slack.text import slack_ts_to_datetime
from storage.assess import AssessRound, CapturedReply, PhaseSpan
from storage.db import Database
from storage.inserts import insert_new
from storage.platform import MessageAnchor, SeenEvent
from storage.types import UTCDateTime

LIVE = (RoundStatus.RUNNING, RoundStatus.PAUSED)

# A reply is stored before Slack's event is acknowledged, so this runs inside every reply's ack: one
# statement, which finds the live round under the card, attributes the reply to the phase that ran when it
# was posted, and inserts it unless it is there already. The phase, by Slack's timestamp `at`: the span that
# held it (the latest, should two touch); none when it was posted before the round's first phase began; the
# round's current phase otherwise (clocks differ by a moment, or the round has no spans).
_AT = bindparam("at", type_=UTCDateTime())
_ROUND = col(AssessRound.id)
_SPAN_HOLDING = (
    select(col(PhaseSpan.phase))
    .where(col(PhaseSpan.round_id) == _ROUND)
    .where(col(PhaseSpan.started_at) <= _AT)
    .where(or_(col(PhaseSpan.ended_at).is_(None), col(PhaseSpan.ended_at) > _AT))
    .order_by(col(PhaseSpan.phase).desc())
    .limit(1)
    .scalar_subquery()
)
_FIRST_START = (
    select(col(PhaseSpan.started_at))
    .where(col(PhaseSpan.round_id) == _ROUND)
    .order_by(col(PhaseSpan.phase))
    .limit(1)
    .scalar_subquery()
)
_PHASE = func.coalesce(_SPAN_HOLDING, case((_AT < _FIRST_START, None), else_=col(AssessRound.phase)))
_LIVE_ROUND_UNDER_CARD = (
    select(_ROUND.label("round_id"), _PHASE.label("phase"))
    .select_from(MessageAnchor)
    .join(AssessRound, cast(MessageAnchor.render_ref, Integer) == _ROUND)
    .where(col(MessageAnchor.channel_id) == bindparam("channel_id"))
    .where(col(MessageAnchor.ts) == bindparam("card_ts"))
    .where(col(MessageAnchor.render_kind) == CARD_KIND)
    .where(or_(*(col(AssessRound.status) == status for status in LIVE)))  # IN (...) costs more per call
    .subquery()
)
_REPLY_COLUMNS = (
    "round_id",
    "channel_id",
    "ts",
    "user_id",
    "phase",
    "text",
    "deleted",
    "edited_at",
    "created_at",
)
_REPLY_VALUES = core_select(
    _LIVE_ROUND_UNDER_CARD.c.round_id,
    bindparam("channel_id", type_=String()),
    bindparam("ts", type_=String()),
    bindparam("user_id", type_=String()),
    _LIVE_ROUND_UNDER_CARD.c.phase,
    bindparam("text", type_=Text()),
    false(),
    null(),
    bindparam("now", type_=UTCDateTime()),
).where(_LIVE_ROUND_UNDER_CARD.c.phase.is_not(None))

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
    # One statement, so the round cannot end between finding it and storing the reply.
    with db.engine.begin() as conn:
        statement = _capture_statement(conn.dialect.name)
        values = {
            "channel_id": reply.channel_id,
            "card_ts": reply.thread_ts,
            "ts": reply.ts,
            "user_id": reply.user_id,
            "text": reply.text,
            "at": slack_ts_to_datetime(reply.ts),
            "now": now,
        }
        return conn.execute(statement, values).rowcount == 1


@cache
def _capture_statement(dialect: str) -> Insert:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(_CAPTURED_REPLY)
        .from_select(list(_REPLY_COLUMNS), _REPLY_VALUES)
        .on_conflict_do_nothing()
        .execution_options(preserve_rowcount=True)
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
