"""Events API callbacks: replies in round-card threads, their edits and deletions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.assess.service import capture
from bot.runtime import Services
from handlers.plain import Plain

EVENTS = ("message",)

# Subtypes that are still a person writing in the thread.
_PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")


def handle_message(body: dict[str, Any], context: BoltContext, next: Callable[[], Any]) -> BoltResponse:
    """Listener middleware that stores the reply and then acknowledges the event itself: the ack Bolt would
    send after it is the same empty 200, but Bolt would first hand an empty listener to a thread of its own
    (each reply's ack paid for that thread's start; P1 in bench/). If storing fails, Bolt answers 500 and
    Slack delivers the event again."""
    _keep(body["event"], body, context["services"])
    return BoltResponse(status=200, body="")


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
    """Never runs: handle_message answers every message event before Bolt would call it."""


def register(app: App) -> None:
    # Slack delivers an unacknowledged event again, so a reply must be stored before the ack. Bolt acks an
    # event before running its listener unless the whole app processes before responding, which slash
    # commands cannot (their work follows their ack). Listener middleware runs first and answers the
    # event itself once the reply is stored; if storing fails, Bolt answers 500.
    app.event("message", middleware=[Plain(handle_message)])(_acknowledged)
