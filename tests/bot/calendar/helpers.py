"""An engagement in coaching support across a DST change, and the files and calls each person has."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from bot.calendar import ics, store
from bot.calendar.domain import visible_to
from bot.calendar.service.uploads import due_invites
from bot.coach.domain.engagement import CallStatus
from bot.coach.service import setup
from storage.coach import CoachCall, CoachSlot
from storage.db import Database
from tests.bot.coach.helpers import COACH, TEAM, create

ZONE = "America/New_York"  # clocks go forward on 14 March 2027
START = date(2027, 3, 1)
NOW = datetime(2027, 2, 26, 12, tzinfo=UTC)


def to_support(db: Database, now: datetime = NOW, *, zone: str = ZONE) -> int:
    eid = create(db, now, zone=zone, start=START)
    for _ in range(3):  # intake, feedback, alignment, support
        setup.advance(db, engagement_id=eid, user_id=COACH, now=now)
    return eid


def files(db: Database, user: str, now: datetime) -> list[tuple[str, bytes]]:
    """(filename, bytes) of every file due to `user` at `now`, drawn as the gateway would."""
    with db.read() as s:
        return [(u.filename, u.draw()) for u in due_invites(s, now) if u.user_id == user]


def feed(db: Database, user: str) -> bytes:
    with db.read() as s:
        return ics.feed(visible_to(store.entries(s, store.sources_of(s, TEAM, user)), user))


def calls_of(db: Database, eid: int, user: str, *, everyone: bool = False) -> list[datetime]:
    """The scheduled calls `user` is in, straight from the /coach tables (the coach: all of them)."""
    with db.read() as s:
        rows = s.exec(
            select(CoachCall, CoachSlot).join(CoachSlot).where(CoachCall.engagement_id == eid)
        ).all()
        return sorted(
            c.starts_at
            for c, slot in rows
            if c.status == CallStatus.SCHEDULED and (everyone or slot.leader_id in (None, user))
        )
