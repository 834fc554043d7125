"""Building an engagement through the services, and reading what each person was sent (the outbox)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from sqlmodel import col, select

from bot.coach import store
from bot.coach.forms import FeedbackInput, NewEngagement, SlotInput
from bot.coach.render.report import overview
from bot.coach.service import coaches, records, setup
from storage.db import Database
from storage.platform import Outbox

TEAM = "T_ACME"
COACH, SPONSOR, ANA, BEN, COL1, COL2 = "U_COACH", "U_SPONSOR", "U_ANA", "U_BEN", "U_COL1", "U_COL2"


def new_form(
    *, start: date = date(2026, 11, 23), slots: tuple[SlotInput, ...] | None = None
) -> NewEngagement:
    chosen = slots or (SlotInput(0, time(9, 0)), SlotInput(1, time(10, 0)), SlotInput(3, time(15, 0)))
    assert len(chosen) == 3
    return NewEngagement(
        name="Ops and Sales",
        leaders=(ANA, BEN),
        sponsors=(SPONSOR,),
        coach=COACH,
        colleagues=(COL1, COL2),
        summary_channel=None,
        start=start,
        cadence_weeks=2,
        length_months=3,
        slots=(chosen[0], chosen[1], chosen[2]),
    )


def enlist(db: Database, user_id: str, now: datetime, *, team_id: str = TEAM) -> None:
    """Put a person on the workspace's list of coaches, as an admin would with `/coach coaches add`."""
    coaches.add(
        db, team_id=team_id, by="U_ADMIN", user_id=user_id, lookup=lambda _who: {"is_admin": True}, now=now
    )


def create(db: Database, now: datetime, *, zone: str = "Europe/Lisbon", **kw: Any) -> int:
    enlist(db, COACH, now)
    return setup.create_engagement(
        db, team_id=TEAM, creator_id=COACH, zone=zone, form=new_form(**kw), now=now
    )


def _text(payload: str) -> str:
    data = json.loads(payload)
    return str(data["text"]) + "\n" + json.dumps(data["blocks"])


def received(db: Database, user_id: str) -> list[str]:
    """Every DM queued for this person, oldest first: text plus the blocks as JSON."""
    with db.session() as s:
        rows = s.exec(
            select(Outbox).where(Outbox.kind == "dm", Outbox.user_id == user_id).order_by(col(Outbox.id))
        ).all()
        return [_text(r.payload) for r in rows]


def everything(db: Database, user_id: str) -> str:
    return "\n".join(received(db, user_id))


def outbox_count(db: Database) -> int:
    with db.session() as s:
        return len(s.exec(select(Outbox.id)).all())


SECRET_ANA = "Ana's private history"
SECRET_COL = "I saw the shouting"


def status_for(db: Database, eid: int, user: str, now: datetime) -> str:
    """What `/coach status` shows `user`."""
    with db.session() as s:
        return overview(s, store.engagement(s, eid), user, store.roles_of(s, eid, user), now)


def give_intake(db: Database, eid: int, now: datetime) -> None:
    """Ana and a colleague answer the intake, privately."""
    records.save_intake(
        db, engagement_id=eid, user_id=ANA, answers={"coach_q1": SECRET_ANA}, shared=False, now=now
    )
    records.save_intake(
        db, engagement_id=eid, user_id=COL1, answers={"coach_q1": SECRET_COL}, shared=False, now=now
    )


def to_feedback(db: Database, now: datetime) -> int:
    """An engagement at the feedback stage, intake given, one feedback item about each leader."""
    eid = create(db, now)
    give_intake(db, eid, now)
    setup.advance(db, engagement_id=eid, user_id=COACH, now=now)
    records.record_feedback(
        db,
        engagement_id=eid,
        user_id=COACH,
        now=now,
        item=FeedbackInput("Interrupts in meetings", ANA, "personal"),
    )
    records.record_feedback(
        db,
        engagement_id=eid,
        user_id=COACH,
        now=now,
        item=FeedbackInput("Reports arrive late", BEN, "operational"),
    )
    return eid


def to_support(db: Database, now: datetime) -> int:
    """An engagement in coaching support: feedback given, one commitment agreed."""
    eid = to_feedback(db, now)
    setup.advance(db, engagement_id=eid, user_id=COACH, now=now)
    records.record_commitment(
        db,
        engagement_id=eid,
        user_id=COACH,
        text="Weekly sync with Ben",
        owner_id=ANA,
        due=date(2026, 12, 20),
        now=now,
    )
    setup.advance(db, engagement_id=eid, user_id=COACH, now=now)
    return eid
