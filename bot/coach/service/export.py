"""The end of an engagement: the coach's export (a JSON file in their DM) and erasing its personal data."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, delete, select

from bot.calendar.service.forget import forget_engagement
from bot.coach import store
from bot.coach.domain.engagement import Stage
from bot.coach.domain.visibility import Role
from bot.platform.errors import Refused
from bot.privacy import audit
from storage.coach import (
    CoachCall,
    CoachCheckIn,
    CoachCommitment,
    CoachDisclosure,
    CoachDue,
    CoachFeedbackItem,
    CoachIntake,
    CoachMember,
    CoachSlot,
)
from storage.db import Database
from storage.platform import DirectChannel, Outbox

# Children first, so foreign keys hold while rows go.
PERSONAL = (
    CoachDisclosure,
    CoachDue,
    CoachCheckIn,
    CoachCall,
    CoachSlot,
    CoachCommitment,
    CoachFeedbackItem,
    CoachIntake,
    CoachMember,
)


def _rows(s: Session, table: type[SQLModel], engagement_id: int) -> list[dict[str, Any]]:
    rows = s.exec(select(table).where(table.engagement_id == engagement_id)).all()  # type: ignore[attr-defined]
    return [json.loads(r.model_dump_json()) for r in rows]


# Said with the file the gateway sends to the coach's DM (bot/slack/uploads.py).
EXPORT_COMMENT = "The record of your coaching engagement. It holds personal data: keep it safe."


def export_document(db: Database, *, engagement_id: int, user_id: str, now: datetime) -> tuple[str, str]:
    """The whole engagement as JSON, disclosures included (only the coach may have it): (file name,
    content). The audit log records who took it."""
    with db.session() as s:
        store.require(s, engagement_id, user_id, {Role.COACH}, "export the engagement")
        eng = store.engagement(s, engagement_id)
        audit.record(
            s,
            team_id=eng.team_id,
            actor_id=user_id,
            action=audit.Action.EXPORT,
            target=f"engagement:{engagement_id}",
            now=now,
        )
        doc: dict[str, Any] = {"engagement": json.loads(eng.model_dump_json())}
        for table in reversed(PERSONAL):
            doc[str(table.__tablename__)] = _rows(s, table, engagement_id)
        return f"coaching-engagement-{engagement_id}.json", json.dumps(doc, indent=2, sort_keys=True)


def erase(db: Database, *, engagement_id: int, user_id: str, now: datetime) -> str:
    """Delete every row of a closed engagement that holds a person or their words, disclosures and the
    members' direct channels included; what stays is an id, a stage and dates."""
    with db.session() as s:
        store.require(s, engagement_id, user_id, {Role.COACH}, "erase the engagement")
        eng = store.engagement(s, engagement_id)
        if eng.stage != Stage.CLOSED:
            raise Refused("Close the engagement first (`/coach next` until it is closed), then erase it.")
        members = set(
            s.exec(select(CoachMember.user_id).where(CoachMember.engagement_id == engagement_id)).all()
        )
        forget_engagement(s, engagement_id)  # its calendar rows, found through its slots: first
        for table in PERSONAL:
            s.exec(delete(table).where(table.engagement_id == engagement_id))  # type: ignore[arg-type]
        # The DM channel ids we cached for its people: a fresh conversations.open finds them again if needed.
        if members:
            s.exec(
                delete(DirectChannel).where(
                    col(DirectChannel.team_id) == eng.team_id, col(DirectChannel.user_id).in_(members)
                )
            )
        # The messages we sent about it carry its words too; Slack keeps what was delivered.
        s.exec(delete(Outbox).where(col(Outbox.dedupe_key).startswith(f"coach:{engagement_id}:")))
        eng.name, eng.creator_id, eng.summary_channel_id, eng.zone = "(erased)", "", None, "UTC"
        eng.erased_at = now
        s.add(eng)
        audit.record(
            s,
            team_id=eng.team_id,
            actor_id=user_id,
            action=audit.Action.ERASE,
            target=f"engagement:{engagement_id}",
            now=now,
        )
        return "The engagement's personal data has been erased."
