"""Tables of the `/coach` programme: engagements, who plays which role, and everything they record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.types import instant


def _text() -> str:
    return Field(sa_column=Column(Text, nullable=False))  # type: ignore[no-any-return]


class CoachEngagement(SQLModel, table=True):
    """One coaching intervention: two leaders, their coach and sponsor(s), moving through stages."""

    __tablename__ = "coach_engagement"
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True)
    name: str
    stage: str = "intake"  # intake | feedback | alignment | support | closed
    creator_id: str
    zone: str  # the creator's IANA zone: call slots are wall-clock times there
    summary_channel_id: str | None = None  # None: summaries go to each sponsor by DM
    start_date: str  # ISO date
    cadence_days: int = 14
    length_days: int = 91
    nudge_minutes: str = "1440,60"  # how long before each call its nudges go out
    created_at: datetime = instant()
    closed_at: datetime | None = instant(nullable=True)
    erased_at: datetime | None = instant(nullable=True)


class CoachMember(SQLModel, table=True):
    """A person's role in an engagement; one person may hold several (the creator is also the coach)."""

    __tablename__ = "coach_member"
    engagement_id: int = Field(foreign_key="coach_engagement.id", primary_key=True)
    user_id: str = Field(primary_key=True, index=True)
    role: str = Field(primary_key=True)  # leader | colleague | coach | sponsor | creator
    position: int = 0  # the order leaders were named in: slot 1 is the first leader's


class CoachIntake(SQLModel, table=True):
    """One person's intake answers (JSON: question key -> text)."""

    __tablename__ = "coach_intake"
    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="coach_engagement.id", index=True)
    user_id: str
    answers: str = _text()
    shared: bool = False
    submitted_at: datetime = instant()


class CoachFeedbackItem(SQLModel, table=True):
    """Feedback recorded by the coach about one leader, and that leader's review of it."""

    __tablename__ = "coach_feedback_item"
    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="coach_engagement.id", index=True)
    leader_id: str
    category: str  # operational | process | personal
    text: str = _text()
    review: str | None = None  # agree | discuss
    shared: bool = False
    created_at: datetime = instant()


class CoachCommitment(SQLModel, table=True):
    """An expectation or commitment agreed at the alignment meeting, with its owner."""

    __tablename__ = "coach_commitment"
    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="coach_engagement.id", index=True)
    owner_id: str
    text: str = _text()
    due_date: str | None = None  # ISO date
    confirmed_by: str = ""  # comma-separated leader ids
    done_at: datetime | None = instant(nullable=True)
    created_at: datetime = instant()


class CoachSlot(SQLModel, table=True):
    """A recurring call: a weekday and wall-clock time in the engagement's zone."""

    __tablename__ = "coach_slot"
    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="coach_engagement.id", index=True)
    kind: str  # individual | three_way
    leader_id: str | None = None  # whose individual call; None for the three-way call
    weekday: int  # Monday = 0
    local_time: str  # HH:MM


class CoachCall(SQLModel, table=True):
    """One occurrence of a slot, at a UTC instant computed from its local time."""

    __tablename__ = "coach_call"
    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="coach_engagement.id", index=True)
    slot_id: int = Field(foreign_key="coach_slot.id")
    starts_at: datetime = instant()
    status: str = "scheduled"  # scheduled | skipped
    cycle: int = 0


class CoachDue(SQLModel, table=True):
    """Something to send at an instant: a nudge, a check-in prompt, a reminder, a sponsor summary.

    The due-work job claims pending rows and turns each into an outbox row in the same transaction."""

    __tablename__ = "coach_due"
    __table_args__ = (Index("ix_coach_due_pending", "status", "due_at"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    engagement_id: int = Field(foreign_key="coach_engagement.id", index=True)
    kind: str  # nudge | checkin | checkin_reminder | intake_reminder | cycle_summary
    user_id: str | None = None
    call_id: int | None = None
    due_at: datetime = instant()
    # pending | sent | cancelled | skipped (a nudge held past its call's start) | failed (see failed_work)
    status: str = "pending"
    sent_at: datetime | None = instant(nullable=True)


class CoachCheckIn(SQLModel, table=True):
    """A leader's check-in after a call: a 1-5 progress score and three short answers."""

    __tablename__ = "coach_checkin"
    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="coach_engagement.id", index=True)
    call_id: int
    user_id: str
    score: int
    went_well: str = _text()
    got_in_way: str = _text()
    issues: str = _text()
    shared: bool = False
    submitted_at: datetime = instant()


class CoachDisclosure(SQLModel, table=True):
    """A leader's promise to tell one affected colleague about their commitment to change."""

    __tablename__ = "coach_disclosure"
    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="coach_engagement.id", index=True)
    leader_id: str
    colleague_id: str
    told_at: datetime | None = instant(nullable=True)
