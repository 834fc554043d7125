"""Building an engagement through the services, and reading what each person was sent (the outbox)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from sqlmodel import col, select

from bot.coach import setup
from bot.coach.forms import NewEngagement, SlotInput
from storage.db import Database
from storage.models import Outbox

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


def create(db: Database, now: datetime, *, zone: str = "Europe/Lisbon", **kw: Any) -> int:
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
