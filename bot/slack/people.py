"""Looking up a person named in a form while answering the person who sent it."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def person(client: WebClient, user_id: str) -> dict[str, Any]:
    """users.info's `user`, or {} when Slack knows nobody by that id (a form can carry any id)."""
    try:
        return dict(client.users_info(user=user_id)["user"])
    except SlackApiError as exc:
        if exc.response.get("error") == "user_not_found":
            return {}
        raise
