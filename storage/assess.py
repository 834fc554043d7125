"""Tables of `/assess`: sessions, rounds, the phases they ran, captured replies, chart uploads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import instant


class AssessSession(SQLModel, table=True):
    """One `/assess` sitting in a channel: a facilitator walking a group of leaders through rounds."""

    __tablename__ = "assess_session"
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True)
    channel_id: str
    facilitator_id: str
    timing: str  # phase lengths in seconds, comma separated
    status: str = "live"  # live | ended | stopped
    # Set to "team:channel" while live, NULL afterwards: the unique index allows one live session per channel.
    live_key: str | None = Field(default=None, unique=True)
    created_at: datetime = instant()
    ended_at: datetime | None = instant(nullable=True)
    # Feedback through the modal is posted without a name and stored without its author.
    anonymous: bool = False
    sponsor_ids: str = ""  # comma separated; sponsors see summaries, never captured text
    sponsor_channel: str | None = None  # one post there instead of a DM to each sponsor
    series_key: str | None = Field(default=None, index=True)  # the sessions of one series share it
    series_number: int | None = None
    min_group: int = 3  # figures about people only for at least this many leaders


class AssessRound(SQLModel, table=True):
    """One leader's turn in focus, with the deadline of its current phase."""

    __tablename__ = "assess_round"
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="assess_session.id", index=True)
    position: int
    leader_id: str
    status: str = "waiting"  # waiting | running | paused | done | stopped (ended early by the facilitator)
    phase: int = 0
    phase_ends_at: datetime | None = instant(nullable=True)
    paused_remaining_ms: int | None = None
    next_tick_at: datetime | None = instant(nullable=True, index=True)
    started_at: datetime | None = instant(nullable=True)
    ended_at: datetime | None = instant(nullable=True)
    overrun_ms: int = 0  # once ended: how long it ran beyond its planned length, negative when ahead
    version: int = 0
    self_score: int | None = None  # 1-10, the leader's own; never shown to peers
    re_score: int | None = None
    digest_shared_at: datetime | None = instant(nullable=True)


class AssessUpload(SQLModel, table=True):
    """A chart due to be uploaded for a sponsor summary: marked sent once Slack has it."""

    __tablename__ = "assess_upload"
    key: str = Field(primary_key=True)
    session_id: int = Field(foreign_key="assess_session.id", index=True)
    team_id: str
    channel_id: str | None = None
    user_id: str | None = None
    status: str = "pending"  # pending | sent | failed (see failed_work)
    due_at: datetime = instant()
    sent_at: datetime | None = instant(nullable=True)


class PhaseSpan(SQLModel, table=True):
    """When each phase of a round really ran: replies are attributed by their Slack timestamp."""

    __tablename__ = "phase_span"
    round_id: int = Field(foreign_key="assess_round.id", primary_key=True)
    phase: int = Field(primary_key=True)
    started_at: datetime = instant()
    ended_at: datetime | None = instant(nullable=True)


class CapturedReply(SQLModel, table=True):
    """A thread reply on a round card: a question, feedback, or the focus leader's own note."""

    __tablename__ = "captured_reply"
    __table_args__ = (UniqueConstraint("channel_id", "ts", name="uq_captured_reply_message"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assess_round.id", index=True)
    channel_id: str
    ts: str
    user_id: str
    phase: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    deleted: bool = False
    edited_at: datetime | None = instant(nullable=True)
    created_at: datetime = instant()
