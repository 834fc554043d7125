"""`/assess export` and `/assess erase`: the facilitator takes or removes what a session kept. Captured
replies, scores, preparation, anonymous items and the bodies of its messages in the outbox."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, delete, select, update

from bot.assess.domain.statuses import SittingStatus, UploadStatus
from bot.platform.errors import Refused
from bot.privacy import audit
from bot.privacy.person import BLANK_PAYLOAD
from bot.slack.effects import WAITING, OutboxStatus
from bot.slack.text import mention
from storage.assess import AssessRound, AssessSession, AssessUpload, CapturedReply
from storage.db import Database
from storage.platform import Outbox
from storage.series import SeriesPrep, SeriesSession
from storage.types import row_id

# Said with the file the gateway sends to the facilitator's DM (bot/slack/uploads.py).
EXPORT_COMMENT = "The record of your /assess session. It holds what people wrote: keep it safe."


def _latest(s: Session, team_id: str, channel_id: str, user_id: str) -> AssessSession:
    """The newest session in this channel; only its facilitator may take or erase its data."""
    found = s.exec(
        select(AssessSession)
        .where(AssessSession.team_id == team_id, AssessSession.channel_id == channel_id)
        .order_by(col(AssessSession.id).desc())
    ).first()
    if found is None:
        raise Refused("No session has run in this channel, so there is nothing to export or erase.")
    if found.facilitator_id != user_id:
        raise Refused(f"Only {mention(found.facilitator_id)}, who ran the last session here, can do that.")
    return found


def _round_ids(s: Session, session_id: int) -> list[int]:
    rows = s.exec(select(AssessRound.id).where(AssessRound.session_id == session_id)).all()
    return [r for r in rows if r is not None]


def _messages(s: Session, session_id: int, rounds: list[int]) -> Any:
    keys = [col(Outbox.dedupe_key).startswith(f"assess:session:{session_id}:")]
    keys += [col(Outbox.dedupe_key).startswith(f"assess:{rid}:") for rid in rounds]
    return or_(*keys)


def _prep(s: Session, session_id: int, leaders: list[str]) -> list[SeriesPrep]:
    """The preparation of this session's leaders, when it was a planned series' session."""
    series = s.exec(
        select(SeriesSession.series_id).where(SeriesSession.assess_session_id == session_id)
    ).first()
    if series is None or not leaders:
        return []
    return list(
        s.exec(
            select(SeriesPrep).where(SeriesPrep.series_id == series, col(SeriesPrep.leader_id).in_(leaders))
        ).all()
    )


def _dump(rows: Any) -> list[dict[str, Any]]:
    return [json.loads(r.model_dump_json()) for r in rows]


def export_session(
    db: Database, *, team_id: str, channel_id: str, user_id: str, now: datetime
) -> tuple[str, str]:
    """(file name, JSON) of the last session here: rounds with scores, replies (anonymous ones without an
    author, as they were kept), preparation, and the messages it sent."""
    with db.session() as s:
        sitting = _latest(s, team_id, channel_id, user_id)
        sid = row_id(sitting)
        rounds = s.exec(select(AssessRound).where(AssessRound.session_id == sid)).all()
        ids = [row_id(r) for r in rounds]
        replies = s.exec(select(CapturedReply).where(col(CapturedReply.round_id).in_(ids))).all()
        messages = s.exec(select(Outbox).where(_messages(s, sid, ids))).all()
        doc: dict[str, Any] = {
            "session": json.loads(sitting.model_dump_json()),
            "rounds": _dump(rounds),
            "replies": _dump(replies),
            "preparation": _dump(_prep(s, sid, [r.leader_id for r in rounds])),
            "messages": _dump(messages),
        }
        audit.record(
            s,
            team_id=team_id,
            actor_id=user_id,
            action=audit.Action.EXPORT,
            target=f"assess_session:{sid}",
            now=now,
        )
        return f"assess-session-{sid}.json", json.dumps(doc, indent=2, sort_keys=True)


def erase_session(db: Database, *, team_id: str, channel_id: str, user_id: str, now: datetime) -> str:
    """After the session has ended: its replies, scores, preparation and message bodies go; the rounds,
    their timing and the counts already sent stay."""
    with db.session() as s:
        sitting = _latest(s, team_id, channel_id, user_id)
        if sitting.status == SittingStatus.LIVE:
            raise Refused("The session is still live: end it with `/assess stop` first, then erase it.")
        sid = row_id(sitting)
        rounds = s.exec(select(AssessRound).where(AssessRound.session_id == sid)).all()
        ids = [row_id(r) for r in rounds]
        s.exec(delete(CapturedReply).where(col(CapturedReply.round_id).in_(ids)))
        for rnd in rounds:
            rnd.self_score = rnd.re_score = None
            s.add(rnd)
        for prep in _prep(s, sid, [r.leader_id for r in rounds]):
            prep.example = prep.statement = ""
            s.add(prep)
        _forget_messages(s, sid, ids)
        audit.record(
            s,
            team_id=team_id,
            actor_id=user_id,
            action=audit.Action.ERASE,
            target=f"assess_session:{sid}",
            now=now,
        )
    return "The last session's replies, scores, preparation and message bodies have been erased."


def _forget_messages(s: Session, sid: int, rounds: list[int]) -> None:
    """Bodies go; keys stay so nothing is sent again, and what had not left yet never will."""
    where = _messages(s, sid, rounds)
    s.exec(
        update(Outbox)
        .where(where, col(Outbox.status).in_(WAITING))
        .values(status=OutboxStatus.FAILED, last_error="erased before it was sent")
    )
    s.exec(update(Outbox).where(where).values(payload=BLANK_PAYLOAD))
    s.exec(update(AssessUpload).where(col(AssessUpload.session_id) == sid).values(status=UploadStatus.SENT))


def is_erased(s: Session, session_id: int) -> bool:
    return audit.was_erased(s, f"assess_session:{session_id}")
