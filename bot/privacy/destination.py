"""Where sponsor summaries go, named in every confirmation, and the check that their channel is private."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.slack.text import mention

# conversations.info's `channel`, empty when the bot cannot see the channel.
ChannelInfo = Callable[[str], dict[str, Any]]


def summary_destination(sponsor_ids: Sequence[str], sponsor_channel: str | None) -> str:
    if sponsor_channel:
        return f"Sponsor summaries will be posted in <#{sponsor_channel}>, a private channel."
    if sponsor_ids:
        return f"Sponsor summaries will go by direct message to {', '.join(mention(u) for u in sponsor_ids)}."
    return "There are no sponsors, so no summary leaves this channel."


def private_channel_problem(channel_id: str, info: ChannelInfo) -> str | None:
    """Why summaries may not go to this channel, or None: only private channels the bot is in, because a
    public channel's readers never agreed to see figures about these leaders."""
    found = info(channel_id)
    if not found.get("is_member"):
        return (
            f"I am not in <#{channel_id}>: invite me there with `/invite @coachbot`, "
            "or name sponsors with `sponsor=@name`."
        )
    if not found.get("is_private"):
        return (
            f"<#{channel_id}> is public: sponsor summaries go only to a private channel "
            "(or to sponsors by DM)."
        )
    return None
