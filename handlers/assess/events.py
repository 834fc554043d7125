"""Events API callbacks: replies in round-card threads, their edits and deletions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.assess.service import capture
from bot.runtime import Services

EVENTS = ("message",)

# Subtypes that are still a person writing in the thread.
_PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")


def handle_message(
    event: dict[str, Any], body: dict[str, Any], services: Services, next: Callable[[], None]
) -> None:
    """Listener middleware: Bolt acknowledges the event after it, so the reply is stored before the ack."""
    _keep(event, body, services)
    next()


def _keep(event: dict[str, Any], body: dict[str, Any], services: Services) -> None:
    event_id = str(body.get("event_id", ""))
    subtype = event.get("subtype")
    now = services.clock.now()
    if subtype == "message_changed":
        message = event.get("message") or {}
        if _from_a_person(message):
            capture.edit_reply(
                services.db,
                event_id=event_id,
                channel_id=event["channel"],
                ts=message["ts"],
                text=message.get("text", ""),
                now=now,
            )
        return
    if subtype == "message_deleted":
        capture.delete_reply(
            services.db, event_id=event_id, channel_id=event["channel"], ts=event["deleted_ts"], now=now
        )
        return
    if subtype not in _PERSON_SUBTYPES or not _from_a_person(event):
        return
    thread_ts = event.get("thread_ts")
    if not thread_ts or thread_ts == event["ts"]:
        return  # a top-level message, not a reply under a card
    capture.capture_reply(
        services.db,
        capture.ThreadReply(
            channel_id=event["channel"],
            thread_ts=thread_ts,
            ts=event["ts"],
            user_id=event["user"],
            text=event.get("text", ""),
        ),
        now,
    )


def _from_a_person(message: dict[str, Any]) -> bool:
    return bool(message.get("user")) and not message.get("bot_id") and message.get("subtype") != "bot_message"


def _acknowledged() -> None:
    """Bolt acknowledges an event itself; the work was done by handle_message before that."""


def register(app: App) -> None:
    # Slack delivers an unacknowledged event again, so a reply must be stored before the ack. Bolt acks an
    # event before running its listener unless the whole app processes before responding, which slash
    # commands cannot (their work follows their ack). Listener middleware runs first; if it fails, Bolt
    # answers 500.
    app.event("message", middleware=[handle_message])(_acknowledged)
