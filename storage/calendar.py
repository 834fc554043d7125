"""Tables of calendar invites and feeds: who is in which event series, how its occurrences changed, the
.ics files due to each person, the coach's meeting dates, and each person's feed token (hashed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from storage.types import instant


class CalendarAttendee(SQLModel, table=True):
    """A person in one event series (one UID): a call slot, a coach meeting or a planned series. Written
    when the series is first issued; the feed reads a person's series from here through one index."""

    __tablename__ = "calendar_attendee"
    __table_args__ = (Index("ix_calendar_attendee_person", "team_id", "user_id"),)
    source: str = Field(primary_key=True)  # coach_slot:<id> | coach_meeting:<eid>:<kind> | series:<id>
    user_id: str = Field(primary_key=True)
    team_id: str
    added_at: datetime = instant()


class CalendarChange(SQLModel, table=True):
    """An occurrence changed after it was issued: where it was first planned (its RECURRENCE-ID) and its
    SEQUENCE, one higher for each move, skip or cancellation."""

    __tablename__ = "calendar_change"
    key: str = Field(primary_key=True)  # coach_call:<id> | series_session:<id> | coach_meeting:<eid>:<kind>
    source: str = Field(index=True)
    original_at: datetime = instant()
    sequence: int = 1
    updated_at: datetime = instant()


class CalendarMeeting(SQLModel, table=True):
    """When the coach set an engagement's feedback session or alignment meeting."""

    __tablename__ = "calendar_meeting"
    engagement_id: int = Field(foreign_key="coach_engagement.id", primary_key=True)
    kind: str = Field(primary_key=True)  # feedback | alignment
    starts_at: datetime = instant()
    set_by: str
    updated_at: datetime = instant()


class CalendarInvite(SQLModel, table=True):
    """One .ics file due to one person's DM, drawn when it is sent: marked sent only once Slack has it."""

    __tablename__ = "calendar_invite"
    __table_args__ = (Index("ix_calendar_invite_pending", "status", "due_at"),)
    key: str = Field(primary_key=True)  # coach:<eid>:invite:… | series:<sid>:invite:… (failures name these)
    team_id: str
    user_id: str
    source: str = Field(index=True)
    change: str  # request | update:<occurrence key> | cancel:<occurrence key> | close
    status: str = "pending"  # pending | sent | failed
    due_at: datetime = instant()
    sent_at: datetime | None = instant(nullable=True)


class CalendarFeedToken(SQLModel, table=True):
    """A person's private feed link. Only the SHA-256 of the token is kept: it is shown once, to its owner."""

    __tablename__ = "calendar_feed_token"
    __table_args__ = (Index("ix_calendar_feed_token_owner", "team_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True)
    team_id: str
    user_id: str
    created_at: datetime = instant()
    revoked_at: datetime | None = instant(nullable=True)
