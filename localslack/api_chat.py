"""chat.* methods: post, update, delete and ephemeral messages."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from localslack.blocks import flag, json_param, message_content, thread_ts_param
from localslack.model import Channel, Ephemeral, Json, Message, SlackError

if TYPE_CHECKING:
    from localslack.state import WorkspaceState as Workspace


def postable_channel(ws: Workspace, target: object) -> Channel:
    """The conversation a bot may write to: a user id means the DM with that person."""
    key = str(target or "")
    if not key:
        raise SlackError("channel_not_found")
    if key.startswith(("U", "W")) and key in ws.users:
        return ws.channel(ws.dm_channel_id(key))
    channel = ws.channel(key)
    if ws.bot_user_id not in channel.members:
        # Private conversations the bot is not in are invisible to it, as in Slack.
        raise SlackError("channel_not_found" if channel.is_private else "not_in_channel")
    return channel


def post_message(ws: Workspace, p: Json) -> Json:
    channel = postable_channel(ws, p.get("channel"))
    text, blocks = message_content(p)
    thread_ts = ws.thread_root(channel.id, thread_ts_param(p))
    broadcast = thread_ts is not None and flag(p, "reply_broadcast")
    message = Message(
        channel=channel.id,
        ts=ws.next_ts(),
        text=text,
        user=ws.bot_user_id,
        bot_id=ws.bot_id,
        blocks=blocks,
        thread_ts=thread_ts,
        subtype="thread_broadcast" if broadcast else None,
        team=ws.team_id,
        reply_broadcast=broadcast,
        metadata=_metadata(p),
    )
    ws.store(message)
    return {"channel": channel.id, "ts": message.ts, "message": message.to_json(with_metadata=True)}


def _metadata(p: Json) -> Json | None:
    """Message metadata (event_type + event_payload), returned by history only with include_all_metadata."""
    metadata = json_param(p, "metadata", "invalid_metadata_format")
    if metadata is None:
        return None
    if not isinstance(metadata, dict) or not isinstance(metadata.get("event_type"), str):
        raise SlackError("invalid_metadata_format")
    if not isinstance(metadata.get("event_payload", {}), dict):
        raise SlackError("invalid_metadata_format")
    return metadata


def _own_message(ws: Workspace, p: Json, refused: str) -> tuple[Channel, Message]:
    channel = postable_channel(ws, p.get("channel"))
    message = ws.find(channel.id, str(p.get("ts", "")))
    if message is None:
        raise SlackError("message_not_found")
    if message.bot_id != ws.bot_id:
        raise SlackError(refused)
    return channel, message


def update(ws: Workspace, p: Json) -> Json:
    channel, message = _own_message(ws, p, "cant_update_message")
    if p.get("text") is None and p.get("blocks") is None:
        raise SlackError("no_text")
    text, blocks = message_content({**p, "text": p.get("text", message.text)})
    message.edits.append(message.to_json())
    message.text = text
    if p.get("blocks") is not None:
        # An empty array removes the blocks; leaving the argument out keeps them (chat.update doc).
        message.blocks = blocks or None
    message.edited = {"user": ws.bot_user_id, "ts": ws.next_ts()}
    return {"channel": channel.id, "ts": message.ts, "text": message.text, "message": message.to_json()}


def delete(ws: Workspace, p: Json) -> Json:
    channel, message = _own_message(ws, p, "cant_delete_message")
    message.deleted = True
    return {"channel": channel.id, "ts": message.ts}


def post_ephemeral(ws: Workspace, p: Json) -> Json:
    channel = postable_channel(ws, p.get("channel"))
    user = ws.user(str(p.get("user", "")))
    if user.id not in channel.members:
        raise SlackError("user_not_in_channel")
    text, blocks = message_content(p)
    ephemeral = Ephemeral(
        user_id=user.id,
        channel_id=channel.id,
        text=text,
        blocks=copy.deepcopy(blocks),
        ts=ws.next_ts(),
        source="chat.postEphemeral",
        thread_ts=thread_ts_param(p),
    )
    ws.record_ephemeral(ephemeral)
    return {"message_ts": ephemeral.ts}


METHODS = {
    "chat.postMessage": post_message,
    "chat.update": update,
    "chat.delete": delete,
    "chat.postEphemeral": post_ephemeral,
}
