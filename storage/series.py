"""Tables of planned `/assess` series: the plan, its sessions, each leader's preparation, due reminders,
and the workspace's list of facilitators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.types import instant


def _text() -> str:
    return Field(default="", sa_column=Column(Text, nullable=False))  # type: ignore[no-any-return]


class AssessSeries(SQLModel, table=True):
    """A planned series of `/assess` sessions for one group of leaders, a few weeks apart."""

    __tablename__ = "assess_series"
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True)
    channel_id: str
    facilitator_id: str
    zone: str  # the facilitator's IANA zone: session times are wall-clock times there
    leaders: str  # user ids, comma separated, in round order
    timing: str  # phase lengths in seconds, comma separated (as AssessSession.timing)
    sponsors: str = ""  # user ids, comma separated
    sponsor_channel_id: str | None = None  # None: sponsor summaries go by DM
    anonymous: bool = False
    min_group: int = 3  # the smallest group any figure about people is shown for
    prep_lead_hours: int = 48  # preparation is due this long before the first session
    status: str = "planned"  # planned | done | cancelled
    created_at: datetime = instant()


class SeriesSession(SQLModel, table=True):
    """One session of a series: when it is planned, and the live session once the facilitator starts it."""

    __tablename__ = "assess_series_session"
    id: int | None = Field(default=None, primary_key=True)
    series_id: int = Field(foreign_key="assess_series.id", index=True)
    number: int  # 1-based
    scheduled_at: datetime = instant()
    status: str = "planned"  # planned | moved | cancelled | started | done
    assess_session_id: int | None = Field(default=None, index=True)


class SeriesPrep(SQLModel, table=True):
    """A leader's preparation for a series: a coaching example and the statement peers see on the card."""

    __tablename__ = "assess_series_prep"
    series_id: int = Field(foreign_key="assess_series.id", primary_key=True)
    leader_id: str = Field(primary_key=True)
    example: str = _text()
    statement: str = _text()
    submitted_at: datetime | None = instant(nullable=True)
    reminded_at: datetime | None = instant(nullable=True)


class SeriesDue(SQLModel, table=True):
    """A reminder to send at an instant; its unique key makes each one leave once, across restarts."""

    __tablename__ = "assess_series_due"
    __table_args__ = (Index("ix_assess_series_due_pending", "status", "due_at"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    series_id: int = Field(foreign_key="assess_series.id", index=True)
    kind: str  # day_before | soon | prep_reminder
    session_id: int | None = None
    user_id: str | None = None
    due_at: datetime = instant()
    status: str = "pending"  # pending | sent | cancelled | skipped | failed (see failed_work)
    sent_at: datetime | None = instant(nullable=True)


class Facilitator(SQLModel, table=True):
    """Someone the workspace lets plan and start sessions; with nobody listed, anyone may."""

    __tablename__ = "assess_facilitator"
    team_id: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    added_by: str
    added_at: datetime = instant()
