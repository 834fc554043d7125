"""The `/coach` due work: nudges, check-in prompts, reminders and cycle summaries whose time has come.

Each due row becomes an outbox row in the same transaction that marks it sent, so running this twice at
the same `now`, or after a restart, sends nothing twice and loses nothing."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import datetime
from functools import partial

from sqlmodel import Session, col, select

import bot.coach.service.chart  # noqa: F401  (its chart uploads register with the gateway: bot/slack/uploads.py)
from bot.coach import store
from bot.coach.domain.engagement import CallStatus, DueKind, DueStatus, Stage
from bot.coach.domain.visibility import Role
from bot.coach.render import messages as render
from bot.coach.render.report import call_title
from bot.coach.service import disclosure, setup
from bot.coach.service.records import open_commitments
from bot.failures import Kind, Loaded, due_row_failed, each_apart
from bot.home import refresh as homes
from bot.platform import due as registry
from bot.slack.effects import Rendered, enqueue_dm
from storage.coach import (
    CoachCall,
    CoachCheckIn,
    CoachDue,
    CoachEngagement,
    CoachIntake,
    CoachMember,
    CoachSlot,
)
from storage.db import Database
from storage.types import row_id

log = logging.getLogger(__name__)

BATCH = 200


def send_due_coaching(db: Database, now: datetime, *, max_seconds: float = 2.0) -> int:
    """Turn pending due rows up to `now` into their messages, batch by batch, for at most `max_seconds`
    (the rest waits for the next tick); returns how many were handled."""
    handled, until = 0, time.monotonic() + max_seconds
    while time.monotonic() < until:
        done = _send_batch(db, now)
        handled += done
        if done < BATCH:
            break
    return handled


def _send_batch(db: Database, now: datetime) -> int:
    return each_apart(
        db,
        kind=Kind.COACH_DUE,
        key=lambda due: due.key,
        load=partial(_load_due, now=now),
        handle=partial(_handle, now=now),
        fail=partial(_due_failed, now=now),
    )


def _load_due(s: Session, *, now: datetime) -> Loaded[CoachDue]:
    rows = s.exec(
        select(CoachDue)
        .where(
            CoachDue.status == DueStatus.PENDING, CoachDue.kind != DueKind.CHART, col(CoachDue.due_at) <= now
        )
        .order_by(col(CoachDue.due_at), col(CoachDue.id))
        .limit(BATCH)
    ).all()
    # Held while the batch is handled, so they stay in the session's (weak) identity map: each s.get
    # for the same engagement, call or slot is then answered without a query.
    return rows, _load_batch(s, rows)


def _due_failed(s: Session, due: CoachDue, exc: Exception, *, now: datetime) -> None:
    """Retried, then failed; its coach is told (bot/failures.py)."""
    eng = s.get(CoachEngagement, due.engagement_id)
    due_row_failed(s, due, exc, kind=Kind.COACH_DUE, team_id=eng.team_id if eng else "", now=now)


def _load_batch(s: Session, rows: Sequence[CoachDue]) -> list[object]:
    engagement_ids = {r.engagement_id for r in rows}
    call_ids = {r.call_id for r in rows if r.call_id is not None}
    user_ids = {r.user_id for r in rows if r.user_id}
    engagements = s.exec(select(CoachEngagement).where(col(CoachEngagement.id).in_(engagement_ids))).all()
    members = s.exec(
        select(CoachMember).where(
            col(CoachMember.engagement_id).in_(engagement_ids), col(CoachMember.user_id).in_(user_ids)
        )
    ).all()
    calls = s.exec(select(CoachCall).where(col(CoachCall.id).in_(call_ids))).all() if call_ids else []
    slot_ids = {c.slot_id for c in calls}
    slots = s.exec(select(CoachSlot).where(col(CoachSlot.id).in_(slot_ids))).all() if slot_ids else []
    return [*engagements, *members, *calls, *slots]


def _handle(s: Session, due: CoachDue, *, now: datetime) -> None:
    eng = s.get(CoachEngagement, due.engagement_id)
    live = eng is not None and eng.stage != Stage.CLOSED
    message = _message(s, eng, due, now) if eng is not None and live else None
    summary = live and due.kind == DueKind.CYCLE_SUMMARY  # posted by _message itself
    due.status = DueStatus.SENT if message is not None or summary else _not_sent(s, due, now)
    due.sent_at = now
    s.add(due)
    if message is not None and eng is not None and due.user_id:
        enqueue_dm(s, dedupe_key=due.key, team_id=eng.team_id, user_id=due.user_id, message=message, now=now)
        if due.kind == DueKind.CHECKIN:  # the call is held: a check-in is owed, the coach's counts move
            coaches = store.people(s, row_id(eng), Role.COACH)
            homes.people(s, team_id=eng.team_id, user_ids=[due.user_id, *coaches], now=now)


def _not_sent(s: Session, due: CoachDue, now: datetime) -> DueStatus:
    """Skipped for a nudge whose call had already started; cancelled when nothing was due any more."""
    if due.kind == DueKind.NUDGE and due.call_id is not None:
        call = s.get(CoachCall, due.call_id)
        if call is not None and call.status == CallStatus.SCHEDULED and call.starts_at <= now:
            return DueStatus.SKIPPED
    return DueStatus.CANCELLED


def _message(s: Session, eng: CoachEngagement, due: CoachDue, now: datetime) -> Rendered | None:
    eid = row_id(eng)
    if due.kind == DueKind.CYCLE_SUMMARY:
        setup.send_summary(s, eng, key=due.key, now=now)
        return None
    if due.kind == DueKind.DISCLOSURE_REMINDER:
        return disclosure.reminder(s, due, now)
    if due.kind == DueKind.INTAKE_REMINDER:
        answered = s.exec(
            select(CoachIntake.id).where(CoachIntake.engagement_id == eid, CoachIntake.user_id == due.user_id)
        ).first()
        return (
            None
            if answered is not None or eng.stage != Stage.INTAKE
            else render.intake_reminder(eng.name, eid)
        )
    # s.get answers from the session's identity map after the first time: a batch of nudges about the
    # same calls reads each call and slot once.
    call = s.get(CoachCall, due.call_id) if due.call_id is not None else None
    slot = s.get(CoachSlot, call.slot_id) if call is not None else None
    if call is None or slot is None or call.status != CallStatus.SCHEDULED:
        return None
    if due.kind == DueKind.NUDGE and call.starts_at <= now:
        # Downtime held this nudge past the call's start: "your call is coming up" would be wrong now.
        log.warning(
            "nudge %s skipped: its call started at %s, before it could be sent", due.key, call.starts_at
        )
        return None
    if due.kind == DueKind.NUDGE:
        leader = s.get(CoachMember, (eid, due.user_id or "", Role.LEADER.value)) is not None
        return render.nudge(
            engagement_id=eid,
            call_id=row_id(call),
            title=_upper_first(call_title(slot)),
            starts_at=call.starts_at,
            commitments=open_commitments(s, eid, due.user_id or "") if leader else None,
            last_checkin=_last_checkin(s, eid, due.user_id or "") if leader else None,
        )
    if due.kind == DueKind.CHECKIN:
        return render.checkin_prompt(eid, row_id(call), call_title(slot), reminder=False)
    answered = s.exec(
        select(CoachCheckIn.id).where(CoachCheckIn.call_id == call.id, CoachCheckIn.user_id == due.user_id)
    ).first()
    return (
        None
        if answered is not None
        else render.checkin_prompt(eid, row_id(call), call_title(slot), reminder=True)
    )


def _last_checkin(s: Session, engagement_id: int, user_id: str) -> str | None:
    row = s.exec(
        select(CoachCheckIn)
        .where(CoachCheckIn.engagement_id == engagement_id, CoachCheckIn.user_id == user_id)
        .order_by(col(CoachCheckIn.submitted_at).desc())
    ).first()
    return f"progress {row.score}/5; went well: {row.went_well}" if row else None


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize would lowercase the mention's user id


registry.due_work(send_due_coaching)
