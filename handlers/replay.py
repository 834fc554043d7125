"""One effect per interaction: a slash command, button press or modal submission delivered again (a replay of
a signed request within Slack's 5 minutes, or a Socket Mode envelope sent twice) is acknowledged and ignored.

Keys live in the `seen_event` table beside Events API ids, so a replay that lands on another replica is
caught too; housekeeping forgets them after 48 hours, long after a signature could still be replayed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from sqlalchemy import Table

from bot.runtime import Services
from handlers.plain import Plain
from storage.inserts import insert_new
from storage.platform import SeenEvent

log = logging.getLogger(__name__)
_SEEN: Table = SeenEvent.__table__  # type: ignore[attr-defined]


def interaction_key(body: dict[str, Any]) -> str | None:
    """What makes this request one person's one act, or None for requests deduplicated elsewhere (Events
    API callbacks, by event_id) or that change nothing (a modal closed, options requested).

    Slack issues a trigger_id once for each command, press and submission, and a replay carries the same
    one, so it is the key. Who pressed is deliberately not part of any key: the table would then say who
    opened an anonymous feedback form, and when."""
    kind = body.get("type")
    if kind == "event_callback":
        return None
    trigger_id = body.get("trigger_id")
    if trigger_id:
        return f"interaction:{trigger_id}"
    if kind == "block_actions":  # Slack sends a trigger_id with every press; this is a fallback
        team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id", "")
        action = (body.get("actions") or [{}])[0]
        return f"action:{team}:{action.get('action_ts', '')}:{action.get('action_id', '')}"
    return None


def describe(body: dict[str, Any]) -> str:
    """What a request is, for a DEBUG line: its kind and the app's own ids, never who sent it or what it
    says (no user, text, values or response_url)."""
    kind = body.get("type")
    if body.get("command"):
        return f"slash command {body['command']}"
    if kind == "block_actions":
        return "block_actions " + ",".join(str(a.get("action_id")) for a in body.get("actions") or [])
    if kind in ("view_submission", "view_closed"):
        return f"{kind} {(body.get('view') or {}).get('callback_id')}"
    if kind == "event_callback":
        event = body.get("event") or {}
        subtype = f"/{event['subtype']}" if event.get("subtype") else ""
        return f"event {event.get('type')}{subtype} {body.get('event_id', '')}".rstrip()
    return str(kind or "unknown")


def drop_replays(body: dict[str, Any], context: Any, next: Callable[[], Any]) -> Any:
    """Global middleware: remember the request's key before any listener runs; a key already remembered
    means the request was handled once, so it is acknowledged with an empty 200 and nothing else."""
    if log.isEnabledFor(logging.DEBUG):  # thread replies pass here by the thousand: describe only if kept
        log.debug("request: %s", describe(body))
    key = interaction_key(body)
    if key is None:
        return next()
    services: Services = context["services"]
    with services.db.engine.begin() as conn:
        first = insert_new(conn, _SEEN, event_id=key, seen_at=services.clock.now())
    if first:
        return next()
    log.info("ignored a repeated %s request (already handled)", body.get("type") or "slash command")
    return BoltResponse(status=200, body="")


def register(app: App) -> None:
    app.middleware(Plain(drop_replays))
