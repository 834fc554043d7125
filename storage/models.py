"""Every table coachbot keeps. Import this module before creating or migrating the schema."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def _instant(*, nullable: bool = False, index: bool = False) -> datetime:
    return Field(sa_column=Column(UTCDateTime(), nullable=nullable, index=index))  # type: ignore[no-any-return]


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
    created_at: datetime = _instant()
    ended_at: datetime | None = _instant(nullable=True)
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
    phase_ends_at: datetime | None = _instant(nullable=True)
    paused_remaining_ms: int | None = None
    next_tick_at: datetime | None = _instant(nullable=True, index=True)
    started_at: datetime | None = _instant(nullable=True)
    ended_at: datetime | None = _instant(nullable=True)
    overrun_ms: int = 0  # once ended: how long it ran beyond its planned length, negative when ahead
    version: int = 0
    self_score: int | None = None  # 1-10, the leader's own; never shown to peers
    re_score: int | None = None
    digest_shared_at: datetime | None = _instant(nullable=True)


class AssessUpload(SQLModel, table=True):
    """A chart due to be uploaded for a sponsor summary: marked sent once Slack has it."""

    __tablename__ = "assess_upload"
    key: str = Field(primary_key=True)
    session_id: int = Field(foreign_key="assess_session.id", index=True)
    team_id: str
    channel_id: str | None = None
    user_id: str | None = None
    status: str = "pending"  # pending | sent | failed (see failed_work)
    due_at: datetime = _instant()
    sent_at: datetime | None = _instant(nullable=True)


class PhaseSpan(SQLModel, table=True):
    """When each phase of a round really ran: replies are attributed by their Slack timestamp."""

    __tablename__ = "phase_span"
    round_id: int = Field(foreign_key="assess_round.id", primary_key=True)
    phase: int = Field(primary_key=True)
    started_at: datetime = _instant()
    ended_at: datetime | None = _instant(nullable=True)


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
    edited_at: datetime | None = _instant(nullable=True)
    created_at: datetime = _instant()


class SeenEvent(SQLModel, table=True):
    """Events API deliveries already handled, so a retry with the same event_id changes nothing."""

    __tablename__ = "seen_event"
    event_id: str = Field(primary_key=True)
    seen_at: datetime = _instant(index=True)


class MessageAnchor(SQLModel, table=True):
    """A live message the bot keeps current (a round card): rendered fresh from the database on send."""

    __tablename__ = "message_anchor"
    __table_args__ = (Index("ix_message_anchor_message", "channel_id", "ts"),)
    key: str = Field(primary_key=True)
    team_id: str
    channel_id: str
    ts: str | None = None
    render_kind: str
    render_ref: str
    wanted_seq: int = 1
    rendered_seq: int = 0
    urgent: bool = True
    # The first post timed out after it left: look for it before posting again.
    post_uncertain: bool = False
    not_before: datetime | None = _instant(nullable=True)
    # Set when the card could not be posted or edited even in its plain form: it is left alone since.
    failed_at: datetime | None = _instant(nullable=True)
    claimed_until: datetime | None = _instant(nullable=True)
    updated_at: datetime = _instant()


class Outbox(SQLModel, table=True):
    """A message to send exactly once: thread posts, DMs, ephemerals. Written with the change it reports."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "status", "not_before"),)
    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(unique=True)
    team_id: str
    kind: str  # post | dm | ephemeral
    # Messages in one lane (a channel, or a person's DM) go out strictly in order.
    lane: str = Field(index=True)
    channel_id: str | None = None
    user_id: str | None = None
    thread_anchor: str | None = None
    payload: str = Field(sa_column=Column(Text, nullable=False))
    priority: int = 1
    status: str = "pending"  # pending | sent | failed | uncertain
    not_before: datetime = _instant()
    attempts: int = 0
    last_error: str | None = None
    claimed_until: datetime | None = _instant(nullable=True)
    created_at: datetime = _instant()
    sent_at: datetime | None = _instant(nullable=True)
    result_ts: str | None = None


class DirectChannel(SQLModel, table=True):
    """The DM channel id Slack gave us for a person, so conversations.open is called once."""

    __tablename__ = "direct_channel"
    team_id: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    channel_id: str


class Lease(SQLModel, table=True):
    """Who runs scheduled work: one holder at a time across replicas, taken over when it stops renewing."""

    __tablename__ = "lease"
    name: str = Field(primary_key=True)
    holder: str
    expires_at: datetime = _instant()


class FailedWork(SQLModel, table=True):
    """Scheduled work that failed: retried with backoff while `retrying`, then `failed` for good and the
    person it concerns told once. Holds ids and error kinds only, never anyone's words."""

    __tablename__ = "failed_work"
    key: str = Field(primary_key=True)  # "<kind>:<item>"
    kind: str  # message | card | round | coach_due | series_due | upload
    item: str  # the item's own key: an outbox dedupe key, a card key, a due key, a round id
    team_id: str = Field(index=True)
    status: str = "retrying"  # retrying | failed | retried (an operator sent it again)
    error: str  # the error kind, e.g. invalid_blocks or ValueError
    attempts: int = 0
    first_attempt_at: datetime = _instant()
    last_attempt_at: datetime = _instant()
    owner_id: str | None = None  # who was told, when someone could be
    notified_at: datetime | None = _instant(nullable=True)
