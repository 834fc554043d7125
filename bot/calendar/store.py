"""Calendar entries from the programmes' rows: a call slot's calls, a coach meeting, a planned series'
sessions, each with its attendees as issued and its changes. Loaded in bulk (a handful of indexed queries
however many series a person is in), so a feed stays fast."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.assess.store import parse_timing
from bot.calendar.domain import LENGTH, SESSION_OVERHEAD, Entry, Kind, Meeting, Occurrence
from bot.coach.domain.engagement import CallKind, CallStatus
from bot.series.domain import SessionStatus
from storage.calendar import CalendarAttendee, CalendarChange, CalendarMeeting
from storage.coach import CoachCall, CoachEngagement, CoachMember, CoachSlot
from storage.series import AssessSeries, SeriesSession

SLOT, MEETING, SERIES = "coach_slot", "coach_meeting", "series"


def slot_source(slot_id: int) -> str:
    return f"{SLOT}:{slot_id}"


def meeting_source(engagement_id: int, meeting: Meeting) -> str:
    return f"{MEETING}:{engagement_id}:{meeting.value}"


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
    return list(rows)


def entry(s: Session, source: str) -> Entry | None:
    found = entries(s, [source])
    return found[0] if found else None


def entries(s: Session, sources: Sequence[str]) -> list[Entry]:
    """The entries of these sources that still exist, in the given order."""
    if not sources:
        return []
    people: dict[str, list[CalendarAttendee]] = defaultdict(list)
    for a in s.exec(select(CalendarAttendee).where(col(CalendarAttendee.source).in_(sources))).all():
        people[a.source].append(a)
    changes = {
        c.key: c for c in s.exec(select(CalendarChange).where(col(CalendarChange.source).in_(sources))).all()
    }
    by_kind: dict[str, list[int]] = defaultdict(list)
    meetings: list[str] = []
    for source in sources:
        kind, _, rest = source.partition(":")
        if kind == MEETING:
            meetings.append(source)
        else:
            by_kind[kind].append(int(rest))
    built: dict[str, Entry] = {}
    built |= _slots(s, by_kind[SLOT], people, changes)
    built |= _meetings(s, meetings, people, changes)
    built |= _series(s, by_kind[SERIES], people, changes)
    return [built[x] for x in sources if x in built]


def _occurrence(key: str, at: datetime, changes: dict[str, CalendarChange], cancelled: bool) -> Occurrence:
    change = changes.get(key)
    original = change.original_at if change else at
    return Occurrence(key, original, at, cancelled=cancelled, sequence=change.sequence if change else 0)


def _changed(
    source: str,
    people: dict[str, list[CalendarAttendee]],
    changes: Iterable[CalendarChange],
    *extra: datetime,
) -> datetime:
    stamps = [a.added_at for a in people[source]] + [c.updated_at for c in changes] + list(extra)
    return max(stamps)


def _attendees(source: str, people: dict[str, list[CalendarAttendee]]) -> tuple[str, ...]:
    return tuple(sorted(a.user_id for a in people[source]))


def _engagements(s: Session, ids: Iterable[int]) -> dict[int, CoachEngagement]:
    rows = s.exec(
        select(CoachEngagement).where(
            col(CoachEngagement.id).in_(set(ids)), col(CoachEngagement.erased_at).is_(None)
        )
    ).all()
    return {e.id: e for e in rows if e.id is not None}


def _coaches(s: Session, ids: Iterable[int]) -> dict[int, str]:
    rows = s.exec(
        select(CoachMember).where(col(CoachMember.engagement_id).in_(set(ids)), CoachMember.role == "coach")
    ).all()
    return {m.engagement_id: m.user_id for m in rows}


def _slots(
    s: Session, ids: list[int], people: dict[str, list[CalendarAttendee]], changes: dict[str, CalendarChange]
) -> dict[str, Entry]:
    if not ids:
        return {}
    slots = s.exec(select(CoachSlot).where(col(CoachSlot.id).in_(ids))).all()
    engs = _engagements(s, (x.engagement_id for x in slots))
    coaches = _coaches(s, engs)
    calls: dict[int, list[CoachCall]] = defaultdict(list)
    for call in s.exec(select(CoachCall).where(col(CoachCall.engagement_id).in_(engs))).all():
        calls[call.slot_id].append(call)
    out: dict[str, Entry] = {}
    for slot in slots:
        eng = engs.get(slot.engagement_id)
        if eng is None or slot.id is None:
            continue
        source = slot_source(slot.id)
        closed = eng.closed_at
        occs = sorted(
            (
                _occurrence(
                    call_key(c.id or 0),
                    c.starts_at,
                    changes,
                    c.status == CallStatus.SKIPPED or (closed is not None and c.starts_at > closed),
                )
                for c in calls[slot.id]
            ),
            key=lambda o: o.original,
        )
        kind = Kind.THREE_WAY if slot.kind == CallKind.THREE_WAY else Kind.INDIVIDUAL
        mine = [c for k, c in changes.items() if c.source == source]
        out[source] = Entry(
            source=source,
            team_id=eng.team_id,
            kind=kind,
            organizer=coaches.get(slot.engagement_id, eng.creator_id),
            attendees=_attendees(source, people),
            zone=eng.zone,
            length=LENGTH[kind],
            occurrences=tuple(occs),
            changed_at=_changed(source, people, mine, *([closed] if closed else [])),
        )
    return out


def _meetings(
    s: Session,
    sources: list[str],
    people: dict[str, list[CalendarAttendee]],
    changes: dict[str, CalendarChange],
) -> dict[str, Entry]:
    if not sources:
        return {}
    wanted = {(int(x.split(":")[1]), x.split(":")[2]): x for x in sources}
    rows = s.exec(
        select(CalendarMeeting).where(col(CalendarMeeting.engagement_id).in_({k[0] for k in wanted}))
    ).all()
    engs = _engagements(s, (r.engagement_id for r in rows))
    coaches = _coaches(s, engs)
    out: dict[str, Entry] = {}
    for row in rows:
        source = wanted.get((row.engagement_id, row.kind))
        eng = engs.get(row.engagement_id)
        if source is None or eng is None:
            continue
        closed = eng.closed_at
        kind = Kind(row.kind)
        occ = _occurrence(source, row.starts_at, changes, closed is not None and row.starts_at > closed)
        out[source] = Entry(
            source=source,
            team_id=eng.team_id,
            kind=kind,
            organizer=coaches.get(row.engagement_id, eng.creator_id),
            attendees=_attendees(source, people),
            zone=eng.zone,
            length=LENGTH[kind],
            occurrences=(occ,),
            changed_at=_changed(
                source, people, [changes[source]] if source in changes else [], row.updated_at
            ),
        )
    return out


def _series(
    s: Session, ids: list[int], people: dict[str, list[CalendarAttendee]], changes: dict[str, CalendarChange]
) -> dict[str, Entry]:
    if not ids:
        return {}
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
                _occurrence(
                    session_key(x.id or 0), x.scheduled_at, changes, x.status == SessionStatus.CANCELLED
                )
                for x in sittings[series.id]
            ),
            key=lambda o: o.original,
        )
        rounds = sum(parse_timing(series.timing)) * len([u for u in series.leaders.split(",") if u])
        mine = [c for c in changes.values() if c.source == source]
        out[source] = Entry(
            source=source,
            team_id=series.team_id,
            kind=Kind.SESSION,
            organizer=series.facilitator_id,
            attendees=_attendees(source, people),
            zone=series.zone,
            length=timedelta(seconds=rounds) + SESSION_OVERHEAD,
            occurrences=tuple(occs),
            changed_at=_changed(source, people, mine),
        )
    return out
