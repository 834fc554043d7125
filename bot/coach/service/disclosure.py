"""Each leader tells the affected colleagues about their commitment to change; tracked per colleague,
with a weekly reminder while any stays open."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_sdk.models.blocks import Block, ButtonElement, SectionBlock
from sqlmodel import Session, col, select

from bot.coach import store
from bot.coach.domain.engagement import DueKind
from bot.coach.domain.visibility import Role
from bot.ids import CoachAction
from bot.platform.errors import Refused
from bot.slack import fit
from bot.slack.effects import Rendered, enqueue_dm
from bot.slack.text import mention
from storage.coach_models import CoachDisclosure, CoachDue, CoachEngagement
from storage.db import Database

REMIND_EVERY = timedelta(days=7)


def open_for(s: Session, eng: CoachEngagement, now: datetime) -> None:
    """At alignment: one row per leader and colleague, the checklist DM'd to each leader."""
    eid = eng.id or 0
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
    lead = "A reminder: please" if reminder else "As agreed, please"
    blocks: list[Block] = [
        SectionBlock(
            text=f"{lead} tell each affected colleague about your commitment to change, "
            "then mark it here. Only you and the coach see this list."
        )
    ]
    rows = _rows(s, eid, leader)
    told = [mention(r.colleague_id) for r in rows if r.told_at is not None]
    waiting = [r for r in rows if r.told_at is None]
    # One block per colleague still to tell (each has its button), the told ones on one line, and
    # Slack's 50 blocks a message: the rest come in the next reminder, once these are marked.
    room = fit.MESSAGE_BLOCKS - len(blocks) - (1 if told else 0) - 1
    for row in waiting[:room]:
        button = ButtonElement(
            action_id=CoachAction.TOLD_COLLEAGUE.value, text="I have told them", value=f"{eid}:{row.id}"
        )
        blocks.append(SectionBlock(text=mention(row.colleague_id), accessory=button))
    if len(waiting) > room:
        left = len(waiting) - room
        blocks.append(fit.context(f"and {left} more to tell: they follow in the weekly reminder."))
    if told:
        blocks.append(SectionBlock(text=fit.lines(told, head="Told:", sep=" ")))
    return Rendered(
        text="Tell the affected colleagues about your commitment", blocks=[b.to_dict() for b in blocks]
    )


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
            for coach in store.people(s, engagement_id, Role.COACH):
                text = f"{mention(user_id)} has told {mention(row.colleague_id)} about their commitment."
                enqueue_dm(
                    s,
                    dedupe_key=f"coach:{engagement_id}:told:{disclosure_id}:{coach}",
                    team_id=eng.team_id,
                    user_id=coach,
                    message=Rendered(text=text, blocks=[SectionBlock(text=text).to_dict()]),
                    now=now,
                )
        return f"Noted: you have told {mention(row.colleague_id)}."
