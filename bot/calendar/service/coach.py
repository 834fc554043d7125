"""`/coach` in calendars: the calls' invites when support begins, an update for a moved call, a cancellation
for a skipped one, what is left cancelled when the engagement closes, and the two meetings the coach dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, select

from bot.calendar import store
from bot.calendar.domain import Meeting, call_people, meeting_people
from bot.calendar.service.issue import attendees, cancelled, change, issue, moved, tell
from bot.coach import store as coach_store
from bot.coach.domain.engagement import CallStatus, Stage
from bot.coach.domain.schedule import to_utc
from bot.coach.domain.visibility import Role
from bot.platform.errors import Refused
from bot.slack.text import local_datetime
from storage.calendar import CalendarMeeting
from storage.coach import CoachCall, CoachEngagement, CoachSlot
from storage.db import Database
from storage.types import row_id


def _prefix(eng: CoachEngagement) -> str:
    return f"coach:{row_id(eng)}"


def support_reached(s: Session, eng: CoachEngagement, now: datetime) -> None:
    """Each call series to the people in it: a leader their own call and the three-way call, the coach all."""
    eid = row_id(eng)
    leaders = coach_store.people(s, eid, Role.LEADER)
    coaches = coach_store.people(s, eid, Role.COACH)
    for slot in s.exec(select(CoachSlot).where(CoachSlot.engagement_id == eid).order_by(col(CoachSlot.id))):
        people = call_people(leader_id=slot.leader_id, leaders=leaders, coaches=coaches)
        source = store.slot_source(row_id(slot))
        issue(s, source=source, team_id=eng.team_id, people=people, prefix=_prefix(eng), now=now)


def call_moved(s: Session, eng: CoachEngagement, call: CoachCall, was: datetime, now: datetime) -> None:
    source, key = store.slot_source(call.slot_id), store.call_key(row_id(call))
    moved(s, source=source, key=key, team_id=eng.team_id, prefix=_prefix(eng), was=was, now=now)


def call_skipped(s: Session, eng: CoachEngagement, call: CoachCall, now: datetime) -> None:
    source, key = store.slot_source(call.slot_id), store.call_key(row_id(call))
    at = call.starts_at
    cancelled(s, source=source, key=key, team_id=eng.team_id, prefix=_prefix(eng), at=at, now=now)


def engagement_closed(s: Session, eng: CoachEngagement, now: datetime) -> None:
    """Every call and meeting still ahead is cancelled, one file per series to each person in it."""
    eid = row_id(eng)
    left: dict[str, list[str]] = {}
    calls = s.exec(
        select(CoachCall).where(
            CoachCall.engagement_id == eid,
            CoachCall.status == CallStatus.SCHEDULED,
            col(CoachCall.starts_at) > now,
        )
    ).all()
    for call in sorted(calls, key=lambda c: c.starts_at):
        source, key = store.slot_source(call.slot_id), store.call_key(row_id(call))
        change(s, source=source, key=key, original=call.starts_at, now=now)
        left.setdefault(source, []).append(key)
    meetings = s.exec(
        select(CalendarMeeting).where(
            CalendarMeeting.engagement_id == eid, col(CalendarMeeting.starts_at) > now
        )
    ).all()
    for meeting in meetings:
        source = store.meeting_source(eid, meeting.kind)
        change(s, source=source, key=source, original=meeting.starts_at, now=now)
        left[source] = [source]
    for source, keys in left.items():
        tell(
            s,
            source=source,
            team_id=eng.team_id,
            prefix=_prefix(eng),
            what="close:" + ",".join(keys),
            tag="close",
            now=now,
        )


def set_meeting(
    db: Database, *, engagement_id: int, user_id: str, meeting: Meeting, day: date, at: time, now: datetime
) -> str:
    """The coach dates the feedback session or the alignment meeting (in the engagement's zone): the people
    in it get an invite, or an update when it had a date already."""
    with db.session() as s:
        coach_store.require(s, engagement_id, user_id, {Role.COACH}, "set the date of a meeting")
        eng = coach_store.open_engagement(s, engagement_id)
        if list(Stage).index(Stage(eng.stage)) > list(Stage).index(Stage(meeting.value)):
            raise Refused(f"The engagement is past its {_NAMES[meeting]}: there is nothing left to date.")
        starts = to_utc(day, at, eng.zone)
        if starts <= now:
            raise Refused(f"That is in the past ({eng.zone} time): choose a later date and time.")
        source = store.meeting_source(engagement_id, meeting.value)
        row = s.get(CalendarMeeting, (engagement_id, meeting.value))
        if row is None:
            s.add(
                CalendarMeeting(
                    engagement_id=engagement_id,
                    kind=meeting.value,
                    starts_at=starts,
                    set_by=user_id,
                    updated_at=now,
                )
            )
            s.flush()
            people = meeting_people(
                meeting,
                leaders=coach_store.people(s, engagement_id, Role.LEADER),
                coaches=coach_store.people(s, engagement_id, Role.COACH),
                sponsors=coach_store.people(s, engagement_id, Role.SPONSOR),
            )
            issue(s, source=source, team_id=eng.team_id, people=people, prefix=_prefix(eng), now=now)
        elif row.starts_at != starts:
            seq = change(s, source=source, key=source, original=row.starts_at, now=now)
            row.starts_at, row.set_by, row.updated_at = starts, user_id, now
            s.add(row)
            tell(
                s,
                source=source,
                team_id=eng.team_id,
                prefix=_prefix(eng),
                what=f"update:{source}",
                tag=f"update:{source}:{seq}",
                now=now,
            )
        who = len(attendees(s, source))
        return (
            f"The {_NAMES[meeting]} is set for {local_datetime(starts.astimezone(UTC))}; "
            f"{who} people get a calendar invite in a direct message."
        )


_NAMES = {Meeting.FEEDBACK: "feedback session", Meeting.ALIGNMENT: "alignment meeting"}
