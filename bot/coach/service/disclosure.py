"""Each leader tells the affected colleagues about their commitment to change; tracked per colleague,
with a weekly reminder while any stays open."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.coach import store
from bot.coach.domain.engagement import DueKind
from bot.coach.domain.visibility import Role
from bot.coach.render import messages as render
from bot.home import refresh as homes
from bot.platform.errors import Refused
from bot.slack.effects import Rendered, enqueue_dm
from bot.slack.text import mention
from storage.coach import CoachDisclosure, CoachDue, CoachEngagement
from storage.db import Database
from storage.types import row_id

REMIND_EVERY = timedelta(days=7)


def open_for(s: Session, eng: CoachEngagement, now: datetime) -> None:
    """At alignment: one row per leader and colleague, the checklist DM'd to each leader."""
    eid = row_id(eng)
    colleagues = store.people(s, eid, Role.COLLEAGUE)
    if not colleagues:
        return
    for leader in store.people(s, eid, Role.LEADER):
        s.add_all(CoachDisclosure(engagement_id=eid, leader_id=leader, colleague_id=c) for c in colleagues)
        s.flush()
        enqueue_dm(
            s,
            dedupe_key=f"coach:{eid}:disclosure:{leader}",
            team_id=eng.team_id,
            user_id=leader,
            message=checklist(s, eid, leader, reminder=False),
            now=now,
        )
        _plan_reminder(s, eid, leader, 1, now + REMIND_EVERY)


def _plan_reminder(s: Session, eid: int, leader: str, n: int, at: datetime) -> None:
    s.add(
        CoachDue(
            key=f"coach:{eid}:disclosure_reminder:{leader}:{n}",
            engagement_id=eid,
            kind=DueKind.DISCLOSURE_REMINDER,
            user_id=leader,
            due_at=at,
        )
    )


def _rows(s: Session, eid: int, leader: str) -> list[CoachDisclosure]:
    return list(
        s.exec(
            select(CoachDisclosure)
            .where(CoachDisclosure.engagement_id == eid, CoachDisclosure.leader_id == leader)
            .order_by(col(CoachDisclosure.id))
        ).all()
    )


def checklist(s: Session, eid: int, leader: str, *, reminder: bool) -> Rendered:
    return render.disclosure_checklist(eid, _rows(s, eid, leader), reminder=reminder)


def reminder(s: Session, due: CoachDue, now: datetime) -> Rendered | None:
    """The next reminder while any colleague is still to be told; the chain ends when all are."""
    eid, leader = due.engagement_id, due.user_id or ""
    if not any(r.told_at is None for r in _rows(s, eid, leader)):
        return None
    n = int(due.key.rsplit(":", 1)[1])
    _plan_reminder(s, eid, leader, n + 1, now + REMIND_EVERY)
    return checklist(s, eid, leader, reminder=True)


def mark_told(db: Database, *, engagement_id: int, disclosure_id: int, user_id: str, now: datetime) -> str:
    with db.session() as s:
        store.require(s, engagement_id, user_id, {Role.LEADER}, "mark a colleague as told")
        eng = store.open_engagement(s, engagement_id)
        row = s.get(CoachDisclosure, disclosure_id)
        if row is None or row.engagement_id != engagement_id or row.leader_id != user_id:
            raise Refused("Only the leader who made this promise can mark it.")
        if row.told_at is None:
            row.told_at = now
            s.add(row)
            homes.people(s, team_id=eng.team_id, user_ids=[user_id], now=now)
            for coach in store.people(s, engagement_id, Role.COACH):
                text = f"{mention(user_id)} has told {mention(row.colleague_id)} about their commitment."
                enqueue_dm(
                    s,
                    dedupe_key=f"coach:{engagement_id}:told:{disclosure_id}:{coach}",
                    team_id=eng.team_id,
                    user_id=coach,
                    message=render.told_note(text),
                    now=now,
                )
        return f"Noted: you have told {mention(row.colleague_id)}."
