"""What people record in an engagement: intake answers, feedback and its review, commitments, check-ins,
moved and skipped calls. Each use case checks the person's role first, every time."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlmodel import Session, col, select

from bot.coach import store
from bot.coach.domain.engagement import Review, intake_questions
from bot.coach.domain.visibility import Role
from bot.coach.forms import CheckInInput, FeedbackInput
from bot.coach.render import messages as render
from bot.coach.render.report import call_title
from bot.home import refresh as homes
from bot.platform.errors import Refused
from bot.slack import fit
from bot.slack.effects import Rendered, enqueue_dm
from bot.slack.text import mention
from storage.coach import (
    CoachCall,
    CoachCheckIn,
    CoachCommitment,
    CoachEngagement,
    CoachFeedbackItem,
    CoachIntake,
    CoachSlot,
)
from storage.db import Database
from storage.types import row_id

NOTE_TEXT = 2800  # the item's text in a note to the coach, after the line that says who did what


def _tell_coaches(s: Session, eng: CoachEngagement, key: str, message: Rendered, now: datetime) -> None:
    for coach in store.people(s, row_id(eng), Role.COACH):
        enqueue_dm(
            s, dedupe_key=f"{key}:{coach}", team_id=eng.team_id, user_id=coach, message=message, now=now
        )


def _a(word: str) -> str:
    """ "an operational", "a process": the note reads as a sentence."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def intake_role(db: Database, *, engagement_id: int, user_id: str) -> bool:
    """Whether the person answers as a leader (else as a colleague); refuses anyone else."""
    with db.session() as s:
        roles = store.require(s, engagement_id, user_id, {Role.LEADER, Role.COLLEAGUE}, "answer the intake")
        store.open_engagement(s, engagement_id)
        return Role.LEADER in roles


def save_intake(
    db: Database, *, engagement_id: int, user_id: str, answers: dict[str, str], shared: bool, now: datetime
) -> None:
    with db.session() as s:
        roles = store.require(s, engagement_id, user_id, {Role.LEADER, Role.COLLEAGUE}, "answer the intake")
        eng = store.open_engagement(s, engagement_id)
        questions = intake_questions(leader=Role.LEADER in roles)
        labelled = {label: answers.get(block.value, "") for block, label in questions}
        row = s.exec(
            select(CoachIntake).where(
                CoachIntake.engagement_id == engagement_id, CoachIntake.user_id == user_id
            )
        ).first()
        row = row or CoachIntake(engagement_id=engagement_id, user_id=user_id, answers="{}", submitted_at=now)
        row.answers, row.shared, row.submitted_at = json.dumps(labelled), shared and Role.LEADER in roles, now
        s.add(row)
        s.flush()
        homes.people(
            s, team_id=eng.team_id, user_ids=[user_id, *store.people(s, engagement_id, Role.COACH)], now=now
        )
        message = render.answers_for_coach("Intake answers", user_id, list(labelled.items()))
        _tell_coaches(s, eng, f"coach:{engagement_id}:intake:{row.id}:{int(now.timestamp())}", message, now)


def leaders_for_picker(db: Database, *, engagement_id: int, user_id: str, what: str) -> list[tuple[str, str]]:
    with db.session() as s:
        store.require(s, engagement_id, user_id, {Role.COACH}, what)
        store.open_engagement(s, engagement_id)
        return [
            (u, f"Leader {i + 1} ({u})") for i, u in enumerate(store.people(s, engagement_id, Role.LEADER))
        ]


def leaders(db: Database, engagement_id: int) -> tuple[str, ...]:
    with db.session() as s:
        return tuple(store.people(s, engagement_id, Role.LEADER))


def record_feedback(
    db: Database, *, engagement_id: int, user_id: str, item: FeedbackInput, now: datetime
) -> None:
    """The coach records an item; only the leader it concerns is sent it, to review."""
    with db.session() as s:
        store.require(s, engagement_id, user_id, {Role.COACH}, "record feedback items")
        eng = store.open_engagement(s, engagement_id)
        row = CoachFeedbackItem(
            engagement_id=engagement_id,
            leader_id=item.leader_id,
            category=item.category,
            text=item.text,
            created_at=now,
        )
        s.add(row)
        s.flush()
        enqueue_dm(
            s,
            dedupe_key=f"coach:{engagement_id}:feedback:{row.id}",
            team_id=eng.team_id,
            user_id=item.leader_id,
            message=render.feedback_for_leader(row_id(row), engagement_id, item.category, item.text),
            now=now,
        )


def review_feedback(
    db: Database, *, engagement_id: int, item_id: int, user_id: str, verdict: Review, now: datetime
) -> str:
    with db.session() as s:
        store.require(s, engagement_id, user_id, {Role.LEADER}, "review feedback items")
        eng = store.open_engagement(s, engagement_id)
        item = s.get(CoachFeedbackItem, item_id)
        if item is None or item.engagement_id != engagement_id or item.leader_id != user_id:
            raise Refused("Only the leader this item is about can review it.")
        item.review = verdict
        s.add(item)
        homes.people(s, team_id=eng.team_id, user_ids=store.people(s, engagement_id, Role.COACH), now=now)
        what = f"{_a(item.category)} item *{verdict}*"
        note = render.plain(f"{mention(user_id)} marked {what}: {fit.typed(item.text, NOTE_TEXT)}")
        _tell_coaches(
            s, eng, f"coach:{engagement_id}:review:{item_id}:{verdict}:{int(now.timestamp())}", note, now
        )
        return f"Marked *{verdict}*. The coach will see it."


def record_commitment(
    db: Database,
    *,
    engagement_id: int,
    user_id: str,
    text: str,
    owner_id: str,
    due: date | None,
    now: datetime,
) -> None:
    """The coach records a commitment; every leader is sent it to confirm."""
    with db.session() as s:
        store.require(s, engagement_id, user_id, {Role.COACH}, "record commitments")
        eng = store.open_engagement(s, engagement_id)
        row = CoachCommitment(
            engagement_id=engagement_id,
            owner_id=owner_id,
            text=text,
            due_date=due.isoformat() if due else None,
            created_at=now,
        )
        s.add(row)
        s.flush()
        homes.engagement(s, eng, now)  # leaders owe a confirmation; sponsors and the coach count it
        message = render.commitment_for_leader(row_id(row), engagement_id, owner_id, text, row.due_date)
        for leader in store.people(s, engagement_id, Role.LEADER):
            enqueue_dm(
                s,
                dedupe_key=f"coach:{engagement_id}:commitment:{row.id}:{leader}",
                team_id=eng.team_id,
                user_id=leader,
                message=message,
                now=now,
            )


def confirm_commitment(
    db: Database, *, engagement_id: int, commitment_id: int, user_id: str, now: datetime
) -> str:
    with db.session() as s:
        store.require(s, engagement_id, user_id, {Role.LEADER}, "confirm commitments")
        eng = store.open_engagement(s, engagement_id)
        row = s.get(CoachCommitment, commitment_id)
        if row is None or row.engagement_id != engagement_id:
            raise Refused("That commitment no longer exists.")
        confirmed = set(filter(None, row.confirmed_by.split(",")))
        if user_id not in confirmed:
            confirmed.add(user_id)
            row.confirmed_by = ",".join(sorted(confirmed))
            s.add(row)
            homes.engagement(s, eng, now)
            note = render.plain(
                f"{mention(user_id)} confirmed the commitment: {fit.typed(row.text, NOTE_TEXT)}"
            )
            _tell_coaches(s, eng, f"coach:{engagement_id}:confirm:{commitment_id}:{user_id}", note, now)
        return "Confirmed. Thank you."


def checkin_call(db: Database, *, engagement_id: int, call_id: int, user_id: str) -> None:
    with db.session() as s:
        _leader_in_call(s, engagement_id, call_id, user_id)


def _leader_in_call(
    s: Session, engagement_id: int, call_id: int, user_id: str
) -> tuple[CoachCall, CoachSlot]:
    store.require(s, engagement_id, user_id, {Role.LEADER}, "check in")
    store.open_engagement(s, engagement_id)
    found = s.exec(select(CoachCall, CoachSlot).join(CoachSlot).where(CoachCall.id == call_id)).first()
    if found is None or found[0].engagement_id != engagement_id:
        raise Refused("That call no longer exists.")
    if found[1].leader_id not in (None, user_id):
        raise Refused("Only the leader in that call can check in for it.")
    return found


def save_checkin(
    db: Database, *, engagement_id: int, call_id: int, user_id: str, answers: CheckInInput, now: datetime
) -> None:
    with db.session() as s:
        _call, slot = _leader_in_call(s, engagement_id, call_id, user_id)
        eng = store.open_engagement(s, engagement_id)
        row = s.exec(
            select(CoachCheckIn).where(CoachCheckIn.call_id == call_id, CoachCheckIn.user_id == user_id)
        ).first() or CoachCheckIn(
            engagement_id=engagement_id,
            call_id=call_id,
            user_id=user_id,
            score=0,
            went_well="",
            got_in_way="",
            issues="",
            submitted_at=now,
        )
        # A second submission for the same call (an old prompt pressed again) replaces the first.
        row.score, row.went_well, row.got_in_way = answers.score, answers.went_well, answers.got_in_way
        row.issues, row.shared, row.submitted_at = answers.issues, answers.shared, now
        s.add(row)
        s.flush()
        homes.people(
            s, team_id=eng.team_id, user_ids=[user_id, *store.people(s, engagement_id, Role.COACH)], now=now
        )
        message = render.answers_for_coach(
            f"Check-in after the {call_title(slot)} ({answers.score}/5)",
            user_id,
            [
                ("What went well", answers.went_well),
                ("What got in the way", answers.got_in_way),
                ("Issues to resolve", answers.issues),
            ],
        )
        _tell_coaches(s, eng, f"coach:{engagement_id}:checkin:{row.id}:{int(now.timestamp())}", message, now)


def open_commitments(s: Session, engagement_id: int, owner_id: str) -> list[str]:
    rows = s.exec(
        select(CoachCommitment)
        .where(
            CoachCommitment.engagement_id == engagement_id,
            CoachCommitment.owner_id == owner_id,
            col(CoachCommitment.done_at).is_(None),
        )
        .order_by(col(CoachCommitment.id))
    ).all()
    return [r.text for r in rows]
