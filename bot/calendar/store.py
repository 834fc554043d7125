"""Calendar entries from the programmes' rows: a call slot's calls, a coach meeting, a planned series'
sessions, each with its attendees as issued and its changes. Loaded in bulk, as plain columns through
indexed queries (a handful however many series a person is in), so a feed stays fast."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy.sql.expression import Executable
from sqlmodel import Session, col, select

from bot.assess.store import parse_timing
from bot.calendar.domain import LENGTH, SESSION_OVERHEAD, Entry, Kind, Occurrence
from bot.coach.domain.engagement import CallKind, CallStatus
from bot.coach.domain.visibility import Role
from bot.series.domain import SessionStatus
from storage.calendar import CalendarAttendee, CalendarChange, CalendarMeeting
from storage.coach import CoachCall, CoachEngagement, CoachMember, CoachSlot
from storage.series import AssessSeries, SeriesSession

SLOT, MEETING, SERIES = "coach_slot", "coach_meeting", "series"


def slot_source(slot_id: int) -> str:
    return f"{SLOT}:{slot_id}"


def meeting_source(engagement_id: int, meeting: str) -> str:
    return f"{MEETING}:{engagement_id}:{meeting}"


def series_source(series_id: int) -> str:
    return f"{SERIES}:{series_id}"


def call_key(call_id: int) -> str:
    return f"coach_call:{call_id}"


def session_key(session_id: int) -> str:
    return f"series_session:{session_id}"


def sources_of(s: Session, team_id: str, user_id: str) -> list[str]:
    """Every series this person is in (the attendee index)."""
    rows = s.exec(
        select(CalendarAttendee.source).where(
            CalendarAttendee.team_id == team_id, CalendarAttendee.user_id == user_id
        )
    ).all()
    return sorted(rows)


def entry(s: Session, source: str) -> Entry | None:
    found = entries(s, [source])
    return found[0] if found else None


@dataclass(frozen=True)
class _Change:
    original_at: datetime
    sequence: int
    updated_at: datetime


@dataclass
class _Known:
    """What every kind of entry needs: attendees and changes, by source."""

    people: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    stamps: dict[str, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    changes: dict[str, _Change] = field(default_factory=dict)

    def occurrence(self, key: str, at: datetime, cancelled: bool) -> Occurrence:
        change = self.changes.get(key)
        original = change.original_at if change else at
        return Occurrence(key, original, at, cancelled=cancelled, sequence=change.sequence if change else 0)

    def attendees(self, source: str) -> tuple[str, ...]:
        return tuple(sorted(self.people[source]))

    def changed(self, source: str, *extra: datetime) -> datetime:
        return max([*self.stamps[source], *extra])


def person_entries(s: Session, team_id: str, user_id: str) -> list[Entry]:
    """Every series this person is in, with everyone in each: one query through the attendee index."""
    mine = select(CalendarAttendee.source).where(
        CalendarAttendee.team_id == team_id, CalendarAttendee.user_id == user_id
    )
    rows = _rows(
        s,
        sa_select(
            col(CalendarAttendee.source), col(CalendarAttendee.user_id), col(CalendarAttendee.added_at)
        ).where(col(CalendarAttendee.source).in_(mine)),
    )
    return _entries(s, sorted({source for source, user, _ in rows if user == user_id}), rows)


def entries(s: Session, sources: Sequence[str]) -> list[Entry]:
    """The entries of these sources that still exist, in the given order."""
    if not sources:
        return []
    rows = _rows(
        s,
        sa_select(
            col(CalendarAttendee.source), col(CalendarAttendee.user_id), col(CalendarAttendee.added_at)
        ).where(col(CalendarAttendee.source).in_(sources)),
    )
    return _entries(s, sources, rows)


def _rows(s: Session, statement: Executable) -> list[Any]:
    """Plain rows through the session's connection: the feed's hot queries skip the ORM's object layer."""
    return list(s.connection().execute(statement).all())


def _entries(s: Session, sources: Sequence[str], attendees: list[Any]) -> list[Entry]:
    if not sources:
        return []
    known = _Known()
    for source, user, added in attendees:
        known.people[source].append(user)
        known.stamps[source].append(added)
    for c in s.exec(select(CalendarChange).where(col(CalendarChange.source).in_(sources))).all():
        known.changes[c.key] = _Change(c.original_at, c.sequence, c.updated_at)  # few: moved or skipped
        known.stamps[c.source].append(c.updated_at)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for source in sources:
        by_kind[source.partition(":")[0]].append(source)
    built = _slots(s, by_kind[SLOT], known) | _meetings(s, by_kind[MEETING], known)
    built |= _series(s, by_kind[SERIES], known)
    return [built[x] for x in sources if x in built]


@dataclass(frozen=True)
class _Engagement:
    team_id: str
    zone: str
    organizer: str
    closed_at: datetime | None


def _engagements(s: Session, ids: set[int]) -> dict[int, _Engagement]:
    if not ids:
        return {}
    coach = (col(CoachMember.engagement_id) == col(CoachEngagement.id)) & (
        CoachMember.role == Role.COACH.value
    )
    rows = _rows(
        s,
        sa_select(
            col(CoachEngagement.id),
            col(CoachEngagement.team_id),
            col(CoachEngagement.zone),
            col(CoachEngagement.closed_at),
            col(CoachMember.user_id),
        )
        .select_from(CoachEngagement)
        .outerjoin(CoachMember, coach)
        .where(col(CoachEngagement.id).in_(ids), col(CoachEngagement.erased_at).is_(None)),
    )
    # Every engagement names its coach, the organiser of its calls and meetings.
    return {i: _Engagement(team, zone, organizer or "", closed) for i, team, zone, closed, organizer in rows}


def _slots(s: Session, sources: list[str], known: _Known) -> dict[str, Entry]:
    if not sources:
        return {}
    ids = [int(x.partition(":")[2]) for x in sources]
    # The calls come through the engagement's index (coach_call has none on slot_id).
    same = (col(CoachCall.engagement_id) == col(CoachSlot.engagement_id)) & (
        col(CoachCall.slot_id) == col(CoachSlot.id)
    )
    rows = _rows(
        s,
        sa_select(
            col(CoachSlot.id),
            col(CoachSlot.engagement_id),
            col(CoachSlot.kind),
            col(CoachCall.id),
            col(CoachCall.starts_at),
            col(CoachCall.status),
        )
        .select_from(CoachSlot)
        .join(CoachCall, same)
        .where(col(CoachSlot.id).in_(ids)),
    )
    slots: dict[int, tuple[int, str]] = {}
    calls: dict[int, list[tuple[int, datetime, str]]] = defaultdict(list)
    for slot_id, eid, slot_kind, call_id, starts_at, status in rows:
        slots[slot_id] = (eid, slot_kind)
        calls[slot_id].append((call_id, starts_at, status))
    engs = _engagements(s, {eid for eid, _ in slots.values()})
    out: dict[str, Entry] = {}
    for slot_id, (eid, slot_kind) in slots.items():
        eng = engs.get(eid)
        if eng is None:
            continue
        source, closed = slot_source(slot_id), eng.closed_at
        occs = sorted(
            (
                known.occurrence(
                    call_key(call_id),
                    at,
                    status == CallStatus.SKIPPED or (closed is not None and at > closed),
                )
                for call_id, at, status in calls[slot_id]
            ),
            key=lambda o: o.original,
        )
        kind = Kind.THREE_WAY if slot_kind == CallKind.THREE_WAY else Kind.INDIVIDUAL
        out[source] = Entry(
            source=source,
            team_id=eng.team_id,
            kind=kind,
            organizer=eng.organizer,
            attendees=known.attendees(source),
            zone=eng.zone,
            length=LENGTH[kind],
            occurrences=tuple(occs),
            changed_at=known.changed(source, *([closed] if closed else [])),
        )
    return out


def _meetings(s: Session, sources: list[str], known: _Known) -> dict[str, Entry]:
    if not sources:
        return {}
    wanted = {(int(x.split(":")[1]), x.split(":")[2]): x for x in sources}
    rows = s.exec(
        select(CalendarMeeting).where(col(CalendarMeeting.engagement_id).in_({k[0] for k in wanted}))
    ).all()
    engs = _engagements(s, {r.engagement_id for r in rows})
    out: dict[str, Entry] = {}
    for row in rows:
        source = wanted.get((row.engagement_id, row.kind))
        eng = engs.get(row.engagement_id)
        if source is None or eng is None:
            continue
        closed, kind = eng.closed_at, Kind(row.kind)
        occ = known.occurrence(source, row.starts_at, closed is not None and row.starts_at > closed)
        out[source] = Entry(
            source=source,
            team_id=eng.team_id,
            kind=kind,
            organizer=eng.organizer,
            attendees=known.attendees(source),
            zone=eng.zone,
            length=LENGTH[kind],
            occurrences=(occ,),
            changed_at=known.changed(source, row.updated_at),
        )
    return out


def _series(s: Session, sources: list[str], known: _Known) -> dict[str, Entry]:
    if not sources:
        return {}
    ids = [int(x.partition(":")[2]) for x in sources]
    found = s.exec(select(AssessSeries).where(col(AssessSeries.id).in_(ids))).all()
    sittings: dict[int, list[SeriesSession]] = defaultdict(list)
    for x in s.exec(select(SeriesSession).where(col(SeriesSession.series_id).in_(ids))).all():
        sittings[x.series_id].append(x)
    out: dict[str, Entry] = {}
    for series in found:
        if series.id is None:
            continue
        source = series_source(series.id)
        occs = sorted(
            (
                known.occurrence(session_key(x.id or 0), x.scheduled_at, x.status == SessionStatus.CANCELLED)
                for x in sittings[series.id]
            ),
            key=lambda o: o.original,
        )
        rounds = sum(parse_timing(series.timing)) * len([u for u in series.leaders.split(",") if u])
        out[source] = Entry(
            source=source,
            team_id=series.team_id,
            kind=Kind.SESSION,
            organizer=series.facilitator_id,
            attendees=known.attendees(source),
            zone=series.zone,
            length=timedelta(seconds=rounds) + SESSION_OVERHEAD,
            occurrences=tuple(occs),
            changed_at=known.changed(source),
        )
    return out
