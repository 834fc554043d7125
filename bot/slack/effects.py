"""Effects written in the same transaction as the change they report: outbox rows and live-card refreshes."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any

from slack_sdk.models.blocks import Block
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from storage.inserts import insert_new
from storage.platform import MessageAnchor, Outbox

log = logging.getLogger(__name__)


class OutboxKind(StrEnum):
    POST = "post"  # in a channel, or in a thread under a live card
    DM = "dm"
    EPHEMERAL = "ephemeral"  # seen by one person in a channel; cannot be looked up once sent


class OutboxStatus(StrEnum):
    """An outbox row's state. A StrEnum equals its string: the column stays `str`, stored rows read back."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # see failed_work
    UNCERTAIN = "uncertain"  # the send timed out after it left: looked up before it is sent again


# Rows still to be sent (or looked up).
WAITING = (OutboxStatus.PENDING, OutboxStatus.UNCERTAIN)

# Lower numbers leave first when several lanes compete for the same budget.
PRIORITY_LIVE = 0  # phase announcements: the room is waiting for them
PRIORITY_NORMAL = 1
PRIORITY_BULK = 2


@dataclass(frozen=True)
class Rendered:
    """A message's text (the notification fallback) and its Block Kit blocks, as `slack_sdk.models`
    objects until the gateway serializes them (`wire`)."""

    text: str
    blocks: Sequence[Block] = field(default_factory=list)

    @cached_property
    def wire(self) -> list[dict[str, Any]]:
        """The blocks as the Web API takes them. Serializing checks Slack's limits: it raises
        SlackObjectFormationError for a block over them. Kept, so a message checked is serialized once."""
        return [block.to_dict() for block in self.blocks]


@dataclass(frozen=True)
class Payload:
    """A message as the Web API takes it: what the outbox stores and the gateway sends."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


def built_or_plain(build: Callable[[], Rendered], plain: str, *, what: str) -> Rendered:
    """The message `build` makes, or `plain` when it cannot be built (typed text beyond what Slack takes,
    a bug): what the message reports, a phase change or a round's end, still happens and is still said."""
    try:
        message = build()
        message.wire  # noqa: B018 -- serializing is what finds a block over Slack's limits
        return message
    except SQLAlchemyError:
        raise  # the database's trouble, not the message's: the whole unit of work is retried
    except Exception as exc:
        log.warning("%s could not be built (%s): sending it as plain text", what, type(exc).__name__)
        return Rendered(text=plain)


def enqueue_post(
    session: Session,
    *,
    dedupe_key: str,
    team_id: str,
    channel_id: str,
    message: Rendered,
    now: datetime,
    thread_anchor: str | None = None,
    priority: int = PRIORITY_NORMAL,
    reports: datetime | None = None,
) -> None:
    """A message in a channel, or in the thread under a live card when `thread_anchor` names one.
    `reports`: the instant it reports, when earlier than `now` (a phase's deadline, passed by the time the
    tick saw it): its created_at, so the outbox's age and the message's lateness count from it."""
    _enqueue(
        session,
        dedupe_key=dedupe_key,
        team_id=team_id,
        kind=OutboxKind.POST,
        lane=f"channel:{channel_id}",
        channel_id=channel_id,
        thread_anchor=thread_anchor,
        payload=_payload(message),
        priority=priority,
        not_before=now,
        created_at=min(reports, now) if reports is not None else now,
    )


def enqueue_dm(
    session: Session,
    *,
    dedupe_key: str,
    team_id: str,
    user_id: str,
    message: Rendered,
    now: datetime,
    priority: int = PRIORITY_NORMAL,
) -> None:
    """A direct message to one person: only they can read it."""
    _enqueue(
        session,
        dedupe_key=dedupe_key,
        team_id=team_id,
        kind=OutboxKind.DM,
        lane=f"dm:{user_id}",
        user_id=user_id,
        payload=_payload(message),
        priority=priority,
        not_before=now,
        created_at=now,
    )


def _enqueue(session: Session, **values: Any) -> None:
    """Jobs may run twice at the same `now`: the dedupe key makes the second write a no-op. Written at once
    on the session's connection, not added to the session: a look-up, then an ORM insert at the next flush,
    made advancing 1,000 rounds take seconds (P2 in bench/)."""
    insert_new(session.connection(), Outbox.__table__, **values)  # type: ignore[attr-defined]


def _payload(message: Rendered) -> str:
    return json.dumps({"text": message.text, "blocks": message.wire})


def load_payload(row: Outbox) -> Payload:
    data = json.loads(row.payload)
    return Payload(text=data["text"], blocks=data.get("blocks") or [])


def create_anchor(
    session: Session,
    *,
    key: str,
    team_id: str,
    channel_id: str,
    render_kind: str,
    render_ref: str,
    now: datetime,
    ts: str | None = None,
) -> MessageAnchor:
    """A live message; without `ts` the gateway posts it, with `ts` it is already in the channel."""
    anchor = MessageAnchor(
        key=key,
        team_id=team_id,
        channel_id=channel_id,
        ts=ts,
        render_kind=render_kind,
        render_ref=render_ref,
        wanted_seq=1,
        rendered_seq=1 if ts else 0,
        urgent=True,
        updated_at=now,
    )
    session.add(anchor)
    return anchor


# A card its listener posts at once (the first card of `/assess`) is left alone by the gateway's flush this
# long: were both to post it, a definite "no" from Slack would be recorded instead of undoing the start.
# The listener ends the hold as soon as it knows; were it to die first, the flush posts the card after it.
LISTENER_HOLD = timedelta(seconds=10)


def hold_for_listener(anchor: MessageAnchor, *, now: datetime) -> None:
    anchor.not_before = now + LISTENER_HOLD


def refresh_anchor(session: Session, key: str, *, now: datetime, urgent: bool, pressed: bool = False) -> None:
    """Ask for the live message to be re-rendered; several asks before a send merge into one edit. `urgent`:
    the change matters now (a phase change); `pressed`: a person pressed a control on it and watches."""
    anchor = session.get(MessageAnchor, key)
    if anchor is None:
        return
    anchor.wanted_seq += 1
    anchor.urgent = anchor.urgent or urgent or pressed
    anchor.pressed = anchor.pressed or pressed
    anchor.updated_at = now
    session.add(anchor)
