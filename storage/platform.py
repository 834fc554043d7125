"""The tables every programme shares: outbox, live messages, seen events, the lease, failed work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.types import instant


class SeenEvent(SQLModel, table=True):
    """Events API deliveries already handled, so a retry with the same event_id changes nothing."""

    __tablename__ = "seen_event"
    event_id: str = Field(primary_key=True)
    seen_at: datetime = instant(index=True)


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
    not_before: datetime | None = instant(nullable=True)
    # Set when the card could not be posted or edited even in its plain form: it is left alone since.
    failed_at: datetime | None = instant(nullable=True)
    claimed_until: datetime | None = instant(nullable=True)
    updated_at: datetime = instant()


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
    not_before: datetime = instant()
    attempts: int = 0
    last_error: str | None = None
    claimed_until: datetime | None = instant(nullable=True)
    created_at: datetime = instant()
    sent_at: datetime | None = instant(nullable=True)
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
    expires_at: datetime = instant()


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
    first_attempt_at: datetime = instant()
    last_attempt_at: datetime = instant()
    owner_id: str | None = None  # who was told, when someone could be
    notified_at: datetime | None = instant(nullable=True)


class HomeTab(SQLModel, table=True):
    """A person's App Home tab, wanted afresh (`wanted_seq` grows with every change it shows) and published
    by the gateway, rendered as it is at send time: several changes before a publish merge into one."""

    __tablename__ = "home_tab"
    __table_args__ = (Index("ix_home_tab_due", "due_at"),)
    team_id: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    wanted_seq: int = 1
    published_seq: int = 0
    due_at: datetime = instant()  # not before: a short settle after the first change, or a retry's backoff
    attempts: int = 0
    claimed_until: datetime | None = instant(nullable=True)
