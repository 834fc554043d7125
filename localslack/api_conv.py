"""auth.test, conversations.* and users.* methods."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from localslack.model import Channel, Json, Message, SlackError, User

if TYPE_CHECKING:
    from localslack.state import WorkspaceState as Workspace


def paginate(items: list[Any], p: Json, default: int = 100) -> tuple[list[Any], Json]:
    """Cursor pagination as Slack does it: an opaque cursor, and next_cursor "" on the last page."""
    limit = int(p.get("limit") or default)
    if limit <= 0:
        limit = default
    cursor = str(p.get("cursor") or "")
    try:
        start = int(base64.b64decode(cursor).decode().removeprefix("offset:")) if cursor else 0
    except ValueError as exc:
        raise SlackError("invalid_cursor") from exc
    page = items[start : start + limit]
    more = start + limit < len(items)
    after = base64.b64encode(f"offset:{start + limit}".encode()).decode() if more else ""
    return page, {"response_metadata": {"next_cursor": after}, "has_more": more}


def auth_test(ws: Workspace, p: Json) -> Json:
    bot = ws.users[ws.bot_user_id]
    return {
        "url": f"https://{ws.domain}.slack.com/",
        "team": ws.name,
        "user": bot.name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": ws.org_wide,
        **({"enterprise_id": ws.enterprise_id} if ws.enterprise_id else {}),
    }


def channel_json(ws: Workspace, channel: Channel) -> Json:
    if channel.is_im:
        return {
            "id": channel.id,
            "created": channel.created,
            "is_im": True,
            "user": channel.im_user,
            "is_open": True,
        }
    return {
        "id": channel.id,
        "name": channel.name,
        "is_channel": not channel.is_private,
        "is_group": channel.is_private,
        "is_im": False,
        "is_mpim": False,
        "is_private": channel.is_private,
        "is_archived": False,
        "is_general": False,
        "created": channel.created,
        "is_member": ws.bot_user_id in channel.members,
        "context_team_id": ws.team_id,
        "num_members": len(channel.members),
    }


def visible_channel(ws: Workspace, p: Json, must_be_member: bool = False) -> Channel:
    channel = ws.channel(p.get("channel"))
    member = ws.bot_user_id in channel.members
    if channel.is_private and not member:
        raise SlackError("channel_not_found")
    if must_be_member and not member:
        raise SlackError("not_in_channel")
    return channel


def conversations_open(ws: Workspace, p: Json) -> Json:
    if p.get("channel"):
        channel = visible_channel(ws, p)
        return {"channel": {"id": channel.id}, "no_op": True, "already_open": True}
    users = [u for u in str(p.get("users") or "").split(",") if u]
    if not users:
        raise SlackError("users_list_not_supplied")
    if len(users) > 1:
        raise SlackError("not_supported", "[ERROR] group DMs are not emulated")
    user = ws.user(users[0])
    if user.deleted:
        raise SlackError("user_disabled")
    if user.is_bot:
        raise SlackError("cannot_dm_bot")
    existed = user.id in {c.im_user for c in ws.channels.values() if c.is_im}
    channel = ws.channel(ws.dm_channel_id(user.id))
    body: Json = {"channel": channel_json(ws, channel) if _flag(p, "return_im") else {"id": channel.id}}
    if existed:
        body.update(no_op=True, already_open=True)
    return body


def _flag(p: Json, name: str) -> bool:
    return str(p.get(name, "")).lower() in ("1", "true")


def conversations_info(ws: Workspace, p: Json) -> Json:
    return {"channel": channel_json(ws, visible_channel(ws, p))}


def conversations_members(ws: Workspace, p: Json) -> Json:
    channel = visible_channel(ws, p)
    page, meta = paginate(channel.members, p)
    return {"members": page, "response_metadata": meta["response_metadata"]}


def conversations_join(ws: Workspace, p: Json) -> Json:
    channel = ws.channel(p.get("channel"))
    if channel.is_private or channel.is_im:
        raise SlackError("method_not_supported_for_channel_type")
    body: Json = {}
    if ws.bot_user_id in channel.members:
        body["warning"] = "already_in_channel"
    else:
        channel.members.append(ws.bot_user_id)
    body["channel"] = channel_json(ws, channel)
    return body


def message_json(ws: Workspace, message: Message, with_metadata: bool = False) -> Json:
    """A stored message as history/replies show it: parents carry their thread summary."""
    out = message.to_json(with_metadata)
    replies = [] if message.is_reply else ws.replies_of(message.channel, message.ts)
    if replies:
        out.update(
            thread_ts=message.ts,
            reply_count=len(replies),
            reply_users=sorted({r.user for r in replies if r.user}),
            reply_users_count=len({r.user for r in replies if r.user}),
            latest_reply=replies[-1].ts,
        )
    return out


def _window(messages: list[Message], p: Json) -> list[Message]:
    oldest, latest = float(p.get("oldest") or 0), float(p.get("latest") or "inf")
    inclusive = _flag(p, "inclusive")

    def inside(ts: float) -> bool:
        return oldest <= ts <= latest if inclusive else oldest < ts < latest

    return [m for m in messages if inside(float(m.ts))]


def conversations_history(ws: Workspace, p: Json) -> Json:
    channel = visible_channel(ws, p, must_be_member=True)
    newest_first = list(reversed(_window(ws.top_level(channel.id), p)))
    page, meta = paginate(newest_first, p)
    shown = [message_json(ws, m, _flag(p, "include_all_metadata")) for m in page]
    return {"messages": shown, "pin_count": 0, **meta}


def conversations_replies(ws: Workspace, p: Json) -> Json:
    channel = visible_channel(ws, p, must_be_member=True)
    root = ws.find(channel.id, str(p.get("ts", "")))
    if root is None:
        raise SlackError("thread_not_found")
    # The parent always comes first, whatever oldest/latest say; only the replies are filtered.
    thread = [root] if root.is_reply else [root, *_window(ws.replies_of(channel.id, root.ts), p)]
    page, meta = paginate(thread, p, default=1000)
    return {"messages": [message_json(ws, m, _flag(p, "include_all_metadata")) for m in page], **meta}


def user_json(ws: Workspace, user: User) -> Json:
    zone = ZoneInfo(user.tz)
    now = ws.host.now().astimezone(zone)
    offset = now.utcoffset()
    return {
        "id": user.id,
        "team_id": ws.team_id,
        "name": user.name,
        "real_name": user.real_name,
        "deleted": user.deleted,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "is_admin": user.is_admin,
        "is_owner": False,
        "is_primary_owner": False,
        "tz": user.tz,
        # Slack shows a long zone name ("Pacific Standard Time"); zoneinfo only knows the abbreviation.
        "tz_label": now.tzname() or user.tz,
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
        "profile": {
            "real_name": user.real_name,
            "display_name": user.name,
            "real_name_normalized": user.real_name,
            "display_name_normalized": user.name,
            "team": ws.team_id,
            **({"bot_id": user.bot_id} if user.bot_id else {}),
        },
        "updated": 0,
    }


def users_info(ws: Workspace, p: Json) -> Json:
    return {"user": user_json(ws, ws.user(str(p.get("user", ""))))}


def users_list(ws: Workspace, p: Json) -> Json:
    page, meta = paginate(list(ws.users.values()), p, default=200)
    members = [user_json(ws, u) for u in page]
    return {"members": members, "cache_ts": int(ws.epoch()), "response_metadata": meta["response_metadata"]}


METHODS = {
    "auth.test": auth_test,
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.join": conversations_join,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "users.info": users_info,
    "users.list": users_list,
}
