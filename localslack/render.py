"""Plain-text rendering of mrkdwn and Block Kit, as a given person would see it (names, their time zone)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from localslack.state import WorkspaceState

TOKEN = re.compile(r"<([^<>]+)>")
DATE_TOKEN = re.compile(r"\{(\w+)\}")
BROADCASTS = {"here", "channel", "everyone"}


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _clock(moment: datetime, seconds: bool, h24: bool) -> str:
    if h24:
        return moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    hour = moment.hour % 12 or 12
    middle = f":{moment.second:02d}" if seconds else ""
    return f"{hour}:{moment.minute:02d}{middle} {'AM' if moment.hour < 12 else 'PM'}"


def _ago(moment: datetime, now: datetime) -> str:
    seconds = int((now - moment).total_seconds())
    future, seconds = seconds < 0, abs(seconds)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds >= size or size == 1:
            count = seconds // size
            words = f"{count} {unit}{'' if count == 1 else 's'}"
            return f"in {words}" if future else f"{words} ago"
    return "now"


def format_date(epoch: int, template: str, zone: ZoneInfo, now: datetime, h24: bool = False) -> str:
    """Slack's `<!date^…>` tokens, in the viewer's zone and 12/24-hour preference."""
    moment = datetime.fromtimestamp(epoch, zone)
    today = now.astimezone(zone).date()
    plain = {
        "date_num": moment.strftime("%Y-%m-%d"),
        "date": f"{moment:%B} {_ordinal(moment.day)}, {moment.year}",
        "date_short": f"{moment:%b} {moment.day}, {moment.year}",
        "date_long": f"{moment:%A}, {moment:%B} {_ordinal(moment.day)}, {moment.year}",
        "time": _clock(moment, False, h24),
        "time_secs": _clock(moment, True, h24),
        "ago": _ago(moment, now),
    }
    relative = {today: "today", today - timedelta(days=1): "yesterday", today + timedelta(days=1): "tomorrow"}
    near = relative.get(moment.date())
    for name in ("date", "date_short", "date_long"):
        plain[f"{name}_pretty"] = near or plain[name]
    return DATE_TOKEN.sub(lambda m: plain.get(m.group(1), m.group(0)), template)


def _viewer(ws: WorkspaceState, viewer_id: str | None) -> tuple[ZoneInfo, bool]:
    user = ws.users.get(viewer_id or "")
    return ZoneInfo(user.tz if user else "UTC"), bool(user and user.clock_24h)


def _token(inner: str, ws: WorkspaceState, viewer: tuple[ZoneInfo, bool]) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        user = ws.users.get(target[1:])
        return "@" + (user.name if user else label or target[1:])
    if target.startswith("#"):
        channel = ws.channels.get(target[1:])
        return "#" + (channel.name if channel and not channel.is_im else label or target[1:])
    if target.startswith("!date^"):
        parts = target.split("^")
        try:
            return format_date(int(parts[1]), parts[2], viewer[0], ws.host.now(), viewer[1])
        except (IndexError, ValueError):
            return label
    if target.startswith("!subteam^"):
        return label or "@group"
    if target.startswith("!"):
        name = target[1:]
        return f"@{name}" if name in BROADCASTS else label or f"@{name}"
    return label or target


def render_text(text: str, ws: WorkspaceState, viewer_id: str | None = None) -> str:
    """mrkdwn with mentions, channels, dates and links resolved; *bold* and _italics_ marks are kept."""
    viewer = _viewer(ws, viewer_id)
    with ws.host.lock:
        out = TOKEN.sub(lambda m: _token(m.group(1), ws, viewer), text)
    return out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text(obj: Any, ws: WorkspaceState, viewer: str | None) -> str:
    if not isinstance(obj, dict):
        return ""
    raw = str(obj.get("text", ""))
    return render_text(raw, ws, viewer) if obj.get("type") == "mrkdwn" else raw


def _element(element: Any, ws: WorkspaceState, viewer: str | None) -> str:
    if not isinstance(element, dict):
        return ""
    kind = element.get("type")
    if kind in ("mrkdwn", "plain_text"):
        return _text(element, ws, viewer)
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    label = _text(element.get("text") or element.get("placeholder"), ws, viewer)
    if kind == "button":
        return f"[{label}]"
    return f"[{label or kind} ▾]" if kind and "select" in kind else f"[{label or kind}]"


def _rich(node: Any, ws: WorkspaceState, viewer: str | None) -> str:
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    if kind == "text":
        return str(node.get("text", ""))
    if kind == "link":
        return str(node.get("text") or node.get("url", ""))
    if kind == "user":
        return render_text(f"<@{node.get('user_id')}>", ws, viewer)
    if kind == "channel":
        return render_text(f"<#{node.get('channel_id')}>", ws, viewer)
    if kind == "emoji":
        return f":{node.get('name')}:"
    inner = [_rich(child, ws, viewer) for child in node.get("elements", [])]
    if kind == "rich_text_list":
        return "\n".join(f"• {item}" for item in inner)
    if kind == "rich_text_quote":
        return "\n".join(f"> {line}" for line in "".join(inner).splitlines())
    if kind == "rich_text_preformatted":
        return "```\n" + "".join(inner) + "\n```"
    return "".join(inner) if kind == "rich_text_section" else "\n".join(inner)


def _block(block: Any, ws: WorkspaceState, viewer: str | None) -> list[str]:
    kind = block.get("type") if isinstance(block, dict) else None
    if kind == "header":
        return [_text(block.get("text"), ws, viewer).upper()]
    if kind == "section":
        lines = [_text(block.get("text"), ws, viewer)] if block.get("text") else []
        lines += [f"  {_text(f, ws, viewer)}" for f in block.get("fields", [])]
        if block.get("accessory"):
            lines.append(_element(block["accessory"], ws, viewer))
        return lines
    if kind == "context":
        return ["  ".join(_element(e, ws, viewer) for e in block.get("elements", []))]
    if kind == "actions":
        return [" ".join(_element(e, ws, viewer) for e in block.get("elements", []))]
    if kind == "divider":
        return ["─" * 40]
    if kind == "rich_text":
        return [_rich(block, ws, viewer)]
    if kind == "image":
        return [_element(block, ws, viewer)]
    if kind == "input":
        return [f"{_text(block.get('label'), ws, viewer)}: {_element(block.get('element'), ws, viewer)}"]
    return [f"[{kind}]"]


def render_blocks(blocks: list[Any] | None, ws: WorkspaceState, viewer_id: str | None = None) -> str:
    """What a message's blocks look like to `viewer_id`, as plain lines for a terminal."""
    lines: list[str] = []
    for block in blocks or []:
        lines += _block(block, ws, viewer_id)
    return "\n".join(lines)
