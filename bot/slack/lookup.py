"""Resolving sends whose outcome is unknown: every message we post carries its key in Slack's message
metadata, so after a timeout we look for it instead of posting it a second time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient

EVENT_TYPE = "coachbot_message"
LOOK_BACK = timedelta(minutes=10)


def marker(key: str) -> dict[str, Any]:
    return {"event_type": EVENT_TYPE, "event_payload": {"key": key}}


def find_sent(
    client: WebClient, *, channel: str, key: str, since: datetime, thread_ts: str | None = None
) -> str | None:
    """The ts of our message with this key, if Slack has it; raises if Slack cannot be asked."""
    oldest = f"{(since - LOOK_BACK).timestamp():.6f}"
    if thread_ts:
        response = client.conversations_replies(
            channel=channel, ts=thread_ts, oldest=oldest, include_all_metadata=True, limit=200
        )
    else:
        response = client.conversations_history(
            channel=channel, oldest=oldest, include_all_metadata=True, limit=200
        )
    for message in response.get("messages") or []:
        metadata = message.get("metadata") or {}
        if (
            metadata.get("event_type") == EVENT_TYPE
            and (metadata.get("event_payload") or {}).get("key") == key
        ):
            return str(message["ts"])
    return None
