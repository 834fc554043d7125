"""Looking up a person or channel named in a form while answering the person who sent it."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

# Said on a modal's field when our users.info budget is spent (bot/slack/handler_calls.py): a submission
# has no conversation to answer in, an HTTP 500 shows only "trouble connecting", and the modal stays open.
BUSY_FORM = "Slack is limiting how fast I may look people up right now: press the button again in a moment."


def person(client: WebClient, user_id: str) -> dict[str, Any]:
    """users.info's `user`, or {} when Slack knows nobody by that id (a form can carry any id)."""
    try:
        return dict(client.users_info(user=user_id)["user"])
    except SlackApiError as exc:
        if exc.response.get("error") == "user_not_found":
            return {}
        raise


def time_zone(client: WebClient, user_id: str) -> str:
    """The person's time zone from their Slack profile (what they typed times in), UTC without one."""
    return str(person(client, user_id).get("tz") or "UTC")


def channel(client: WebClient, channel_id: str) -> dict[str, Any]:
    """conversations.info's `channel`, or {} when the bot cannot see it (a private channel it is not in)."""
    try:
        return dict(client.conversations_info(channel=channel_id)["channel"])
    except SlackApiError as exc:
        if exc.response.get("error") == "channel_not_found":
            return {}
        raise
