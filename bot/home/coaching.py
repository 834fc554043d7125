"""The `/coach` part of a person's Home: their calls ahead, what they owe, and each engagement's state,
each through bot/coach/domain/visibility.py (a leader sees their own calls and the three-way call, a
sponsor counts, the coach everything, nobody anyone's words). Read in a fixed number of queries however
many engagements the person is in: a coach's Home is published after every change in any of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

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
    CoachMember,
    CoachSlot,
)
from storage.types import row_id

# The intake is asked for in these stages; later it is the coach's business, not a leader's to-do.
INTAKE_STAGES = (Stage.INTAKE, Stage.FEEDBACK)
# When the intake counts as due: its one reminder goes out this long after the engagement starts.
INTAKE_DUE = timedelta(days=3)


@dataclass
class _Read:
    """Everything of the person's open engagements, read once."""

    members: dict[int, list[CoachMember]]
    calls: dict[int, list[tuple[CoachCall, CoachSlot]]]  # scheduled and ahead, soonest first
    commitments: dict[int, list[CoachCommitment]]


def load(s: Session, *, team_id: str, user_id: str, now: datetime) -> HomeView:
    engagements = _open_engagements(s, team_id, user_id)
    ids = [row_id(e) for e in engagements]
    read = _Read(_members(s, ids), _calls_ahead(s, ids, now), _commitments(s, ids))
    view = HomeView()
    counted = _counts(s, [i for i in ids if _roles(read, i, user_id) & {Role.COACH, Role.SPONSOR}], now)
    for eng in engagements:
        eid, place = row_id(eng), Place(engagement=eng.name)
        roles = _roles(read, eid, user_id)
        mine = [
            (call, slot)
            for call, slot in read.calls[eid]
            if call_access(roles, viewer_id=user_id, leader_id=slot.leader_id) is Access.TEXT
        ]
        view.upcoming.extend(_upcoming(call, slot, user_id, place) for call, slot in mine[:UPCOMING_READ])
        state = EngagementState(
            name=eng.name,
            stage=eng.stage,
            roles=tuple(sorted(r.value for r in roles)),
            next_call=mine[0][0].starts_at if mine else None,
        )
        view.engagements.append(_state(state, read, eid, roles, counted))
    view.todo.extend(_owed(s, engagements, read, user_id))
    return view


def _open_engagements(s: Session, team_id: str, user_id: str) -> list[CoachEngagement]:
    """Closed ones stay out: `/coach list` still names them; nothing in them is ahead or owed."""
    mine = select(CoachMember.engagement_id).where(CoachMember.user_id == user_id)
    return list(
        s.exec(
            select(CoachEngagement)
            .where(CoachEngagement.team_id == team_id, col(CoachEngagement.id).in_(mine))
            .where(col(CoachEngagement.erased_at).is_(None), CoachEngagement.stage != Stage.CLOSED)
            .order_by(col(CoachEngagement.id).desc())
        ).all()
    )


def _members(s: Session, ids: Sequence[int]) -> dict[int, list[CoachMember]]:
    found: dict[int, list[CoachMember]] = defaultdict(list)
    rows = s.exec(
        select(CoachMember)
        .where(col(CoachMember.engagement_id).in_(ids))
        .order_by(col(CoachMember.position), col(CoachMember.user_id))
    ).all()
    for m in rows:
        found[m.engagement_id].append(m)
    return found


def _roles(read: _Read, eid: int, user_id: str) -> frozenset[Role]:
    return frozenset(Role(m.role) for m in read.members[eid] if m.user_id == user_id)


def _people(read: _Read, eid: int, role: Role) -> list[str]:
    return [m.user_id for m in read.members[eid] if m.role == role.value]


def _calls_ahead(
    s: Session, ids: Sequence[int], now: datetime
) -> dict[int, list[tuple[CoachCall, CoachSlot]]]:
    found: dict[int, list[tuple[CoachCall, CoachSlot]]] = defaultdict(list)
    rows = s.exec(
        select(CoachCall, CoachSlot)
        .join(CoachSlot)
        .where(col(CoachCall.engagement_id).in_(ids), CoachCall.status == CallStatus.SCHEDULED)
        .where(col(CoachCall.starts_at) > now)
        .order_by(col(CoachCall.starts_at))
    ).all()
    for call, slot in rows:
        found[call.engagement_id].append((call, slot))
    return found


def _commitments(s: Session, ids: Sequence[int]) -> dict[int, list[CoachCommitment]]:
    found: dict[int, list[CoachCommitment]] = defaultdict(list)
    for c in s.exec(select(CoachCommitment).where(col(CoachCommitment.engagement_id).in_(ids))).all():
        found[c.engagement_id].append(c)
    return found


def _upcoming(call: CoachCall, slot: CoachSlot, user_id: str, place: Place) -> Upcoming:
    if slot.leader_id is None:
        return Upcoming(call.starts_at, Event.THREE_WAY, place)
    if slot.leader_id == user_id:
        return Upcoming(call.starts_at, Event.OWN_CALL, place)
    return Upcoming(call.starts_at, Event.LEADER_CALL, place, with_id=slot.leader_id)


def _owed(s: Session, engagements: list[CoachEngagement], read: _Read, user_id: str) -> list[ToDo]:
    places = {row_id(e): Place(engagement=e.name) for e in engagements}
    roles = {eid: _roles(read, eid, user_id) for eid in places}
    asked = [
        row_id(e)
        for e in engagements
        if e.stage in INTAKE_STAGES and roles[row_id(e)] & {Role.LEADER, Role.COLLEAGUE}
    ]
    answered = set(
        s.exec(
            select(CoachIntake.engagement_id).where(
                col(CoachIntake.engagement_id).in_(asked), CoachIntake.user_id == user_id
            )
        ).all()
    )
    owed = [
        ToDo(Task.INTAKE, places[row_id(e)], e.created_at + INTAKE_DUE, str(row_id(e)))
        for e in engagements
        if row_id(e) in asked and row_id(e) not in answered
    ]
    leading = [eid for eid, r in roles.items() if Role.LEADER in r]
    for eid in leading:
        owed += [
            ToDo(Task.CONFIRM, places[eid], c.created_at, f"{eid}:{c.id}", with_id=c.owner_id)
            for c in read.commitments[eid]
            if user_id not in c.confirmed_by.split(",")
        ]
    owed += _checkins_owed(s, leading, user_id, places)
    told = select(CoachDisclosure).where(
        col(CoachDisclosure.engagement_id).in_(leading),
        CoachDisclosure.leader_id == user_id,
        col(CoachDisclosure.told_at).is_(None),
    )
    for d in s.exec(told.order_by(col(CoachDisclosure.id))).all():
        owed.append(
            ToDo(
                Task.TELL, places[d.engagement_id], None, f"{d.engagement_id}:{d.id}", with_id=d.colleague_id
            )
        )
    return owed


def _checkins_owed(s: Session, ids: list[int], user_id: str, places: dict[int, Place]) -> list[ToDo]:
    """Calls whose check-in prompt reached this leader and that they have not answered."""
    prompted = s.exec(
        select(CoachDue, CoachCall)
        .join(CoachCall, col(CoachCall.id) == col(CoachDue.call_id))
        .where(col(CoachDue.engagement_id).in_(ids), CoachDue.user_id == user_id)
        .where(CoachDue.kind == DueKind.CHECKIN, CoachDue.status == DueStatus.SENT)
        .where(CoachCall.status == CallStatus.SCHEDULED)
    ).all()
    answered = set(
        s.exec(
            select(CoachCheckIn.call_id).where(
                col(CoachCheckIn.engagement_id).in_(ids), CoachCheckIn.user_id == user_id
            )
        ).all()
    )
    return [
        ToDo(
            Task.CHECKIN,
            places[call.engagement_id],
            due.due_at,
            f"{call.engagement_id}:{call.id}",
            at=call.starts_at,
        )
        for due, call in prompted
        if call.id not in answered
    ]


Counts = dict[str, dict[int, int]]


def _counts(s: Session, ids: list[int], now: datetime) -> Counts:
    """Per engagement, in one grouped query each: what a coach (and, in part, a sponsor) sees counted."""

    def by_engagement(table: type, *where: ColumnElement[bool] | bool) -> dict[int, int]:
        column = table.engagement_id  # type: ignore[attr-defined]
        rows = s.exec(select(column, func.count()).where(column.in_(ids), *where).group_by(column)).all()
        return {int(eid): int(n) for eid, n in rows}

    return {
        "intakes": by_engagement(CoachIntake),
        "reviews_open": by_engagement(CoachFeedbackItem, col(CoachFeedbackItem.review).is_(None)),
        "checkins": by_engagement(CoachCheckIn),
        "held": by_engagement(
            CoachCall, CoachCall.status == CallStatus.SCHEDULED, col(CoachCall.starts_at) <= now
        ),
        "skipped": by_engagement(CoachCall, CoachCall.status == CallStatus.SKIPPED),
    }


def _state(
    state: EngagementState, read: _Read, eid: int, roles: frozenset[Role], counted: Counts
) -> EngagementState:
    if not roles & {Role.COACH, Role.SPONSOR}:
        return state  # leaders and colleagues: the stage alone
    leaders = set(_people(read, eid, Role.LEADER))
    commitments = read.commitments[eid]
    both = sum(1 for c in commitments if leaders <= set(c.confirmed_by.split(",")))
    calls = (counted["held"].get(eid, 0), counted["skipped"].get(eid, 0))
    state = replace(state, commitments=(both, len(commitments)), calls=calls)
    if Role.COACH not in roles:
        return state  # a sponsor: commitment status and call counts
    expected = len(leaders) + len(_people(read, eid, Role.COLLEAGUE))
    return replace(
        state,
        intakes=(counted["intakes"].get(eid, 0), expected),
        reviews_open=counted["reviews_open"].get(eid, 0),
        checkins=counted["checkins"].get(eid, 0),
    )
