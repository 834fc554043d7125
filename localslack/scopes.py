"""OAuth scopes: which bot scope each Web API method needs, and the `missing_scope` answer Slack gives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from localslack.model import Json

if TYPE_CHECKING:
    from localslack.state import WorkspaceState as Workspace

# Where the app's manifest lives in a checkout; a workspace is granted its bot scopes unless told otherwise.
MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yml"

# Methods whose scope depends on the conversation they name: one scope per conversation type, as the
# method pages list them ("channels:history, groups:history, im:history, mpim:history").
_HISTORY = {
    "channel": "channels:history",
    "group": "groups:history",
    "im": "im:history",
    "mpim": "mpim:history",
}
_READ = {"channel": "channels:read", "group": "groups:read", "im": "im:read", "mpim": "mpim:read"}
BY_CONVERSATION: dict[str, dict[str, str]] = {
    "conversations.history": _HISTORY,
    "conversations.replies": _HISTORY,
    "conversations.info": _READ,
    "conversations.members": _READ,
}

# Methods that need one scope whatever they name (api.slack.com/methods/<method>, "Required scopes", bot).
FIXED: dict[str, str | None] = {
    "auth.test": None,
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.getPermalink": None,
    "conversations.join": "channels:join",
    "users.info": "users:read",
    "users.list": "users:read",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
    "views.open": None,
    "views.push": None,
    "views.update": None,
    "views.publish": None,
}


def needed(ws: Workspace, method: str, params: Json) -> str | None:
    """The scope this call needs, or None when it needs none (or names nothing the workspace knows: the
    method itself then answers channel_not_found)."""
    if method in BY_CONVERSATION:
        channel = ws.channels.get(str(params.get("channel") or ""))
        return BY_CONVERSATION[method][channel.channel_type] if channel is not None else None
    if method == "conversations.open":
        if params.get("channel"):
            return None
        users = [u for u in str(params.get("users") or "").split(",") if u]
        return "mpim:write" if len(users) > 1 else "im:write"
    return FIXED.get(method)


def missing_scope(ws: Workspace, method: str, params: Json) -> Json | None:
    """Slack's answer when the token lacks the scope the call needs; None when it may go ahead."""
    scope = needed(ws, method, params)
    if scope is None or ws.scopes is None or scope in ws.scopes:
        return None
    return {"ok": False, "error": "missing_scope", "needed": scope, "provided": ",".join(sorted(ws.scopes))}


def manifest_bot_scopes(path: Path = MANIFEST) -> frozenset[str] | None:
    """`oauth_config.scopes.bot` of the manifest, read without a YAML library (localslack ships without
    one); None when there is no manifest beside the package, and then every scope is granted."""
    if not path.is_file():
        return None
    scopes: list[str] = []
    section: list[str] = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        item = re.match(r"^\s*-\s*(\S+)$", line)
        if item and section == ["oauth_config", "scopes", "bot"]:
            scopes.append(item.group(1))
            continue
        key = re.match(r"^\s*([A-Za-z_]+):\s*$", line)
        if key:
            section = [*section[: indent // 2], key.group(1)]
        elif not item:
            section = section[: indent // 2]
    return frozenset(scopes)
