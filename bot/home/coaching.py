"""The `/coach` part of a person's Home: their calls ahead, what they owe, and each engagement's state,
each through bot/coach/domain/visibility.py (a leader sees their own calls and the three-way call, a
sponsor counts, the coach everything, nobody anyone's words)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from bot.coach import store
from bot.coach.domain.engagement import CallStatus, DueKind, DueStatus, Stage
from bot.coach.domain.visibility import Access, Role, call_access
from bot.home.view import (
    UPCOMING_READ,
    EngagementState,
    Event,
    HomeView,
    Place,
    Task,
    ToDo,
    Upcoming,
)
from storage.coach import (
    CoachCall,
    CoachCheckIn,
    CoachCommitment,
    CoachDisclosure,
    CoachDue,
    CoachEngagement,
    CoachFeedbackItem,
    CoachIntake,
    CoachSlot,
)
from storage.types import row_id

# The intake is asked for in these stages; later it is the coach's business, not a leader's to-do.
INTAKE_STAGES = (Stage.INTAKE, Stage.FEEDBACK)
# When the intake counts as due: its one reminder goes out this long after the engagement starts.
INTAKE_DUE = timedelta(days=3)


def load(s: Session, *, team_id: str, user_id: str, now: datetime) -> HomeView:
    view = HomeView()
    for eng in store.engagements_for(s, team_id, user_id):
        if eng.stage == Stage.CLOSED:
            continue  # `/coach list` still names it; nothing in it is ahead or owed
        roles = store.roles_of(s, row_id(eng), user_id)
        place = Place(engagement=eng.name)
        mine = [
            (call, slot)
            for call, slot in _calls_ahead(s, row_id(eng), now)
            if call_access(roles, viewer_id=user_id, leader_id=slot.leader_id) is Access.TEXT
        ]
        view.upcoming.extend(_upcoming(call, slot, user_id, place) for call, slot in mine[:UPCOMING_READ])
        view.todo.extend(_owed(s, eng, roles, user_id, place))
        view.engagements.append(_state(s, eng, roles, mine[0][0].starts_at if mine else None, now))
    return view


def _calls_ahead(s: Session, eid: int, now: datetime) -> list[tuple[CoachCall, CoachSlot]]:
    rows = s.exec(
        select(CoachCall, CoachSlot)
        .join(CoachSlot)
        .where(CoachCall.engagement_id == eid, CoachCall.status == CallStatus.SCHEDULED)
        .where(col(CoachCall.starts_at) > now)
        .order_by(col(CoachCall.starts_at))
        .limit(UPCOMING_READ * 3)  # three calls a cycle: enough for any reader's first UPCOMING_READ
    ).all()
    return [(call, slot) for call, slot in rows]


def _upcoming(call: CoachCall, slot: CoachSlot, user_id: str, place: Place) -> Upcoming:
    if slot.leader_id is None:
        return Upcoming(call.starts_at, Event.THREE_WAY, place)
    if slot.leader_id == user_id:
        return Upcoming(call.starts_at, Event.OWN_CALL, place)
    return Upcoming(call.starts_at, Event.LEADER_CALL, place, with_id=slot.leader_id)


def _owed(s: Session, eng: CoachEngagement, roles: frozenset[Role], user_id: str, place: Place) -> list[ToDo]:
    eid, owed = row_id(eng), []
    if (
        roles & {Role.LEADER, Role.COLLEAGUE}
        and eng.stage in INTAKE_STAGES
        and not _answered(s, eid, user_id)
    ):
        owed.append(ToDo(Task.INTAKE, place, eng.created_at + INTAKE_DUE, str(eid)))
    if Role.LEADER not in roles:
        return owed
    for c in s.exec(select(CoachCommitment).where(CoachCommitment.engagement_id == eid)).all():
        if user_id not in c.confirmed_by.split(","):
            owed.append(ToDo(Task.CONFIRM, place, c.created_at, f"{eid}:{c.id}", with_id=c.owner_id))
    owed.extend(_checkins_owed(s, eid, user_id, place))
    told = select(CoachDisclosure).where(
        CoachDisclosure.engagement_id == eid,
        CoachDisclosure.leader_id == user_id,
        col(CoachDisclosure.told_at).is_(None),
    )
    for d in s.exec(told.order_by(col(CoachDisclosure.id))).all():
        owed.append(ToDo(Task.TELL, place, None, f"{eid}:{d.id}", with_id=d.colleague_id))
    return owed


def _answered(s: Session, eid: int, user_id: str) -> bool:
    found = s.exec(
        select(CoachIntake.id).where(CoachIntake.engagement_id == eid, CoachIntake.user_id == user_id)
    ).first()
    return found is not None


def _checkins_owed(s: Session, eid: int, user_id: str, place: Place) -> list[ToDo]:
    """Calls whose check-in prompt reached this leader and that they have not answered."""
    prompted = s.exec(
        select(CoachDue, CoachCall)
        .join(CoachCall, col(CoachCall.id) == col(CoachDue.call_id))
        .where(CoachDue.engagement_id == eid, CoachDue.user_id == user_id)
        .where(CoachDue.kind == DueKind.CHECKIN, CoachDue.status == DueStatus.SENT)
        .where(CoachCall.status == CallStatus.SCHEDULED)
    ).all()
    answered = set(
        s.exec(
            select(CoachCheckIn.call_id).where(
                CoachCheckIn.engagement_id == eid, CoachCheckIn.user_id == user_id
            )
        ).all()
    )
    return [
        ToDo(Task.CHECKIN, place, due.due_at, f"{eid}:{call.id}", at=call.starts_at)
        for due, call in prompted
        if call.id not in answered
    ]


def _count(s: Session, table: type, *where: ColumnElement[bool] | bool) -> int:
    return int(s.exec(select(func.count()).select_from(table).where(*where)).one())


def _state(
    s: Session, eng: CoachEngagement, roles: frozenset[Role], next_call: datetime | None, now: datetime
) -> EngagementState:
    eid, coach, sponsor = row_id(eng), Role.COACH in roles, Role.SPONSOR in roles
    state = EngagementState(
        name=eng.name, stage=eng.stage, roles=tuple(sorted(r.value for r in roles)), next_call=next_call
    )
    if not (coach or sponsor):
        return state
    leaders = store.people(s, eid, Role.LEADER)
    commitments = s.exec(select(CoachCommitment).where(CoachCommitment.engagement_id == eid)).all()
    both = sum(1 for c in commitments if set(leaders) <= set(c.confirmed_by.split(",")))
    held = _count(
        s,
        CoachCall,
        CoachCall.engagement_id == eid,
        CoachCall.status == CallStatus.SCHEDULED,
        col(CoachCall.starts_at) <= now,
    )
    skipped = _count(s, CoachCall, CoachCall.engagement_id == eid, CoachCall.status == CallStatus.SKIPPED)
    state = replace(state, commitments=(both, len(commitments)), calls=(held, skipped))
    if not coach:
        return state
    expected = len(leaders) + len(store.people(s, eid, Role.COLLEAGUE))
    return replace(
        state,
        intakes=(_count(s, CoachIntake, CoachIntake.engagement_id == eid), expected),
        reviews_open=_count(
            s,
            CoachFeedbackItem,
            CoachFeedbackItem.engagement_id == eid,
            col(CoachFeedbackItem.review).is_(None),
        ),
        checkins=_count(s, CoachCheckIn, CoachCheckIn.engagement_id == eid),
    )
