"""What a use case may ask of Slack while it runs, answered by the gateway (bot/slack/gateway.py): look-ups,
and the first card of a session posted at once. Use cases hold this, never a Web API client."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from bot.slack.live_cards import CardPost

__all__ = ["CardPost", "Slack"]


class Slack(Protocol):
    def person(self, user_id: str) -> dict[str, Any]:
        """users.info's `user`, or {} when Slack knows nobody by that id."""
        ...

    def channel(self, channel_id: str) -> dict[str, Any]:
        """conversations.info's `channel`, or {} when the bot cannot see it."""
        ...

    def post_card_now(self, key: str, now: datetime) -> CardPost:
        """Post a queued live card from this thread, within the post budget."""
        ...
