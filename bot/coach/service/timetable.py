"""The support period's timetable as rows: every call, its nudges and check-in prompts, and cycle summaries;
a moved, skipped or closed call cancels what it no longer needs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.coach import store
from bot.coach.domain.engagement import DueKind, DueStatus
from bot.coach.domain.schedule import CALL_LENGTH, Slot, cycle_ends, nudge_times, occurrences, parse_minutes
from bot.coach.domain.visibility import Role
from storage.coach import CoachCall, CoachDue, CoachEngagement, CoachSlot
from storage.types import row_id

CHECKIN_REMINDER_AFTER = timedelta(days=1)


def build_schedule(s: Session, eng: CoachEngagement, now: datetime) -> None:
    """Every call of the support period, with its nudges and check-in prompts, as rows."""
    eid = row_id(eng)
    start = max(date.fromisoformat(eng.start_date), now.astimezone(ZoneInfo(eng.zone)).date())
    for slot in s.exec(select(CoachSlot).where(CoachSlot.engagement_id == eid)).all():
        rule = Slot(slot.weekday, time.fromisoformat(slot.local_time), eng.zone)
        for i, at in enumerate(
            occurrences(rule, start=start, cadence_days=eng.cadence_days, length_days=eng.length_days)
        ):
            if at <= now:
                continue
            call = CoachCall(engagement_id=eid, slot_id=row_id(slot), starts_at=at, cycle=i)
            s.add(call)
            s.flush()
            plan_call(s, eng, call, slot, now)
    for k, at in enumerate(
        cycle_ends(start=start, cadence_days=eng.cadence_days, length_days=eng.length_days, zone=eng.zone)
    ):
        s.add(
            CoachDue(key=f"coach:{eid}:cycle:{k}", engagement_id=eid, kind=DueKind.CYCLE_SUMMARY, due_at=at)
        )


def plan_call(s: Session, eng: CoachEngagement, call: CoachCall, slot: CoachSlot, now: datetime) -> None:
    """Nudges before the call (those still ahead) and check-in prompts after it, for each leader in it. The
    keys carry the call's start so that a moved call gets fresh rows while the old ones stay cancelled."""
    eid, cid = row_id(eng), row_id(call)
    stamp = int(call.starts_at.timestamp())
    leaders = [slot.leader_id] if slot.leader_id else store.people(s, eid, Role.LEADER)
    for leader in leaders:
        for at in nudge_times(call.starts_at, parse_minutes(eng.nudge_minutes)):
            if at <= now:
                continue  # a "24 hours before" nudge an hour before the call would mislead
            _plan_due(
                s,
                CoachDue(
                    key=f"coach:{eid}:call:{cid}:{stamp}:nudge:{int(at.timestamp())}:{leader}",
                    engagement_id=eid,
                    kind=DueKind.NUDGE,
                    user_id=leader,
                    call_id=cid,
                    due_at=at,
                ),
            )
        after = call.starts_at + CALL_LENGTH
        _plan_due(
            s,
            CoachDue(
                key=f"coach:{eid}:call:{cid}:{stamp}:checkin:{leader}",
                engagement_id=eid,
                kind=DueKind.CHECKIN,
                user_id=leader,
                call_id=cid,
                due_at=after,
            ),
        )
        _plan_due(
            s,
            CoachDue(
                key=f"coach:{eid}:call:{cid}:{stamp}:checkin_reminder:{leader}",
                engagement_id=eid,
                kind=DueKind.CHECKIN_REMINDER,
                user_id=leader,
                call_id=cid,
                due_at=after + CHECKIN_REMINDER_AFTER,
            ),
        )

    first = max(parse_minutes(eng.nudge_minutes), default=0)
    at = call.starts_at - timedelta(minutes=first)
    for coach in store.people(s, eid, Role.COACH):
        if first and at > now and coach not in leaders:  # the coach's one nudge: to move or skip the call
            _plan_due(
                s,
                CoachDue(
                    key=f"coach:{eid}:call:{cid}:{stamp}:coach_nudge:{coach}",
                    engagement_id=eid,
                    kind=DueKind.NUDGE,
                    user_id=coach,
                    call_id=cid,
                    due_at=at,
                ),
            )


def _plan_due(s: Session, due: CoachDue) -> None:
    """Add the row; a call moved back to a time it had before finds its cancelled rows under the same keys
    (they carry the call's start) and makes them due again. One already sent stays sent: that nudge or
    prompt, for that very time, has reached its reader."""
    old = s.exec(select(CoachDue).where(CoachDue.key == due.key)).first()
    if old is None:
        s.add(due)
    elif old.status == DueStatus.CANCELLED:
        old.status, old.due_at, old.sent_at = DueStatus.PENDING, due.due_at, None
        s.add(old)


def cancel_call_rows(s: Session, call_id: int) -> None:
    for due in s.exec(
        select(CoachDue).where(CoachDue.call_id == call_id, CoachDue.status == DueStatus.PENDING)
    ).all():
        due.status = DueStatus.CANCELLED
        s.add(due)


def cancel_pending(s: Session, engagement_id: int) -> None:
    rows = s.exec(
        select(CoachDue).where(CoachDue.engagement_id == engagement_id, CoachDue.status == DueStatus.PENDING)
    )
    for due in rows.all():
        due.status = DueStatus.CANCELLED
        s.add(due)
