"""Calendar rows go with what they came from: an erased engagement's attendees, changes, meetings and files
still to send, and a departed workspace's everything (feed tokens included)."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlmodel import Session, SQLModel, col, delete, or_, select

from bot.calendar import store
from storage.calendar import (
    CalendarAttendee,
    CalendarChange,
    CalendarFeedToken,
    CalendarInvite,
    CalendarMeeting,
)
from storage.coach import CoachEngagement, CoachSlot


def forget_engagement(s: Session, engagement_id: int) -> int:
    """Before the engagement's slots go: its series are found through them."""
    slots = s.exec(select(CoachSlot.id).where(CoachSlot.engagement_id == engagement_id)).all()
    sources = [store.slot_source(i or 0) for i in slots]
    prefix = f"{store.MEETING}:{engagement_id}:"
    return _delete(
        s,
        [
            (
                CalendarChange,
                or_(col(CalendarChange.source).in_(sources), col(CalendarChange.source).startswith(prefix)),
            ),
            (
                CalendarAttendee,
                or_(
                    col(CalendarAttendee.source).in_(sources), col(CalendarAttendee.source).startswith(prefix)
                ),
            ),
            (CalendarInvite, col(CalendarInvite.key).startswith(f"coach:{engagement_id}:invite:")),
            (CalendarMeeting, col(CalendarMeeting.engagement_id) == engagement_id),
        ],
    )


def forget_team(s: Session, team_id: str) -> int:
    theirs = select(CalendarAttendee.source).where(CalendarAttendee.team_id == team_id)
    return _delete(
        s,
        [
            (CalendarChange, col(CalendarChange.source).in_(theirs)),
            (CalendarAttendee, col(CalendarAttendee.team_id) == team_id),
            (CalendarInvite, col(CalendarInvite.team_id) == team_id),
            (CalendarFeedToken, col(CalendarFeedToken.team_id) == team_id),
        ],
    ) + _meetings_of(s, team_id)


def _meetings_of(s: Session, team_id: str) -> int:
    theirs = select(CoachEngagement.id).where(CoachEngagement.team_id == team_id)
    return _delete(s, [(CalendarMeeting, col(CalendarMeeting.engagement_id).in_(theirs))])


def _delete(s: Session, steps: list[tuple[type[SQLModel], ColumnElement[bool]]]) -> int:
    gone = 0
    for table, where in steps:
        gone += int(s.exec(delete(table).where(where)).rowcount or 0)
    return gone
