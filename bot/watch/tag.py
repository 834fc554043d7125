"""The request being handled, as log lines and metrics name it: its workspace and kind, in a context
variable (no Bolt here, so logging can be set up without importing it)."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestTag:
    team: str | None
    kind: str


CURRENT: contextvars.ContextVar[RequestTag | None] = contextvars.ContextVar("coachbot_request", default=None)


def request_kind(body: dict[str, Any]) -> str:
    """One of bot.watch.metrics.KINDS, from the payload's shape."""
    if "command" in body:
        return "command"
    kind = body.get("type")
    if kind in ("block_actions", "interactive_message", "block_suggestion"):
        return "action"
    if kind in ("view_submission", "view_closed"):
        return "view"
    if kind == "event_callback":
        return "event"
    return "other"
