"""views.* methods: modal stacks opened by single-use trigger ids, and App Home tabs."""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING

from localslack.blocks import MAX_VIEW_BLOCKS, check_blocks, json_param
from localslack.model import Json, SlackError

if TYPE_CHECKING:
    from localslack.state import WorkspaceState as Workspace

TRIGGER_SECONDS = 3.0
# views.* refuse a view whose JSON is over 250 kB with `view_too_large` (views.update's error list), counted
# as slack_sdk sends it (`json.dumps`, non-ASCII escaped): Slack does not say how it counts, this is the most.
MAX_VIEW_BYTES = 250_000
MAX_STACK = 3
BUTTONS = ("title", "submit", "close")


def _text_len(view: Json, key: str) -> int:
    value = view.get(key)
    return len(str(value.get("text", ""))) if isinstance(value, dict) else 0


def _spec(p: Json, kinds: tuple[str, ...] = ("modal",)) -> Json:
    view = json_param(p, "view")
    if not isinstance(view, dict) or view.get("type") not in kinds:
        raise SlackError("invalid_arguments", f"[ERROR] view.type must be one of {kinds}")
    if view["type"] == "modal":
        if not _text_len(view, "title"):
            raise SlackError("invalid_arguments", "[ERROR] missing required field: title")
        if max(_text_len(view, k) for k in ("title", "submit", "close")) > 24:
            raise SlackError("invalid_arguments", "[ERROR] title, submit and close: at most 24 characters")
        if any(isinstance(view.get(k), dict) and view[k].get("type") != "plain_text" for k in BUTTONS):
            raise SlackError("invalid_arguments", "[ERROR] title, submit and close must be plain_text")
    if len(str(view.get("callback_id", ""))) > 255:
        raise SlackError("invalid_arguments", "[ERROR] callback_id: at most 255 characters")
    if len(str(view.get("external_id", ""))) > 255:
        raise SlackError("invalid_arguments", "[ERROR] external_id: at most 255 characters")
    if len(str(view.get("private_metadata", ""))) > 3000:
        raise SlackError("invalid_arguments", "[ERROR] private_metadata: at most 3000 characters")
    if len(json.dumps(view)) > MAX_VIEW_BYTES:  # as slack_sdk sends it: non-ASCII escaped
        raise SlackError("view_too_large")
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        raise SlackError("invalid_arguments", "[ERROR] missing required field: blocks")
    try:
        check_blocks(blocks, MAX_VIEW_BLOCKS)
    except SlackError as exc:
        raise SlackError("invalid_arguments", *exc.messages) from exc
    return view


def build_view(ws: Workspace, spec: Json, view_id: str, previous: Json | None = None) -> Json:
    """The view object Slack returns: the app's spec plus ids, state and a fresh hash."""
    kept_state = previous["state"] if previous else {"values": {}}
    view: Json = {
        "id": view_id,
        "team_id": ws.team_id,
        "type": spec["type"],
        "blocks": copy.deepcopy(spec.get("blocks", [])),
        "private_metadata": str(spec.get("private_metadata", "")),
        "callback_id": str(spec.get("callback_id", "")),
        "state": copy.deepcopy(kept_state),
        "hash": f"{int(ws.epoch())}.{ws.new_id('H')}",
        "title": copy.deepcopy(spec.get("title")),
        "clear_on_close": bool(spec.get("clear_on_close", False)),
        "notify_on_close": bool(spec.get("notify_on_close", False)),
        "close": copy.deepcopy(spec.get("close")),
        "submit": copy.deepcopy(spec.get("submit")),
        "previous_view_id": previous.get("previous_view_id") if previous else None,
        "root_view_id": previous.get("root_view_id") if previous else view_id,
        "app_id": ws.app_id,
        "external_id": str(spec.get("external_id", "")),
        "app_installed_team_id": ws.team_id,
        "bot_id": ws.bot_id,
    }
    return view


def _check_external_id(ws: Workspace, spec: Json) -> None:
    external = spec.get("external_id")
    if external and any(v.get("external_id") == external for v in ws.view_store.values()):
        raise SlackError("duplicate_external_id")


def consume_trigger(ws: Workspace, p: Json) -> str:
    """The user a trigger was issued for; a trigger works once and only for 3 s."""
    trigger = ws.triggers.get(str(p.get("trigger_id") or ""))
    if trigger is None:
        raise SlackError("invalid_trigger_id")
    if trigger.used:
        raise SlackError("exchanged_trigger_id")
    if ws.epoch() - trigger.issued > TRIGGER_SECONDS:
        raise SlackError("expired_trigger_id")
    trigger.used = True
    return trigger.user_id


def open_modal(ws: Workspace, user_id: str, spec: Json, below: str | None) -> Json:
    view = build_view(ws, spec, ws.new_id("V"))
    if below is not None:
        view["previous_view_id"] = below
        view["root_view_id"] = ws.modal_stacks[user_id][0]
    ws.view_store[view["id"]] = view
    ws.modal_stacks.setdefault(user_id, []).append(view["id"])
    ws.view_history.setdefault(user_id, []).append(view["id"])
    return view


def views_open(ws: Workspace, p: Json) -> Json:
    spec = _spec(p)
    _check_external_id(ws, spec)
    user_id = consume_trigger(ws, p)
    ws.modal_stacks[user_id] = []  # a new root modal replaces whatever the person had open
    return {"view": copy.deepcopy(open_modal(ws, user_id, spec, None))}


def views_push(ws: Workspace, p: Json) -> Json:
    spec = _spec(p)
    _check_external_id(ws, spec)
    trigger = ws.triggers.get(str(p.get("trigger_id") or ""))
    stack = ws.modal_stacks.get(trigger.user_id, []) if trigger else []
    if len(stack) >= MAX_STACK:
        raise SlackError("push_limit_reached")
    user_id = consume_trigger(ws, p)
    if not stack:
        return {"view": copy.deepcopy(open_modal(ws, user_id, spec, None))}
    return {"view": copy.deepcopy(open_modal(ws, user_id, spec, stack[-1]))}


def _find(ws: Workspace, p: Json) -> Json:
    view_id, external = p.get("view_id"), p.get("external_id")
    if view_id and view_id in ws.view_store:
        return ws.view_store[str(view_id)]
    for view in ws.view_store.values():
        if external and view.get("external_id") == external:
            return view
    raise SlackError("not_found")


def views_update(ws: Workspace, p: Json) -> Json:
    current = _find(ws, p)
    spec = _spec(p, ("modal", "home"))
    if p.get("hash") and p["hash"] != current["hash"]:
        raise SlackError("hash_conflict")
    view = build_view(ws, spec, current["id"], current)
    view["external_id"] = view["external_id"] or current["external_id"]
    ws.view_store[view["id"]] = view
    return {"view": copy.deepcopy(view)}


def views_publish(ws: Workspace, p: Json) -> Json:
    user = ws.user(str(p.get("user_id", "")))
    spec = _spec(p, ("home",))
    current_id = ws.homes.get(user.id)
    current = ws.view_store.get(current_id) if current_id else None
    if current is not None and p.get("hash") and p["hash"] != current["hash"]:
        raise SlackError("hash_conflict")
    view = build_view(ws, spec, current_id or ws.new_id("V"), current)
    ws.view_store[view["id"]] = view
    ws.homes[user.id] = view["id"]
    return {"view": copy.deepcopy(view)}


METHODS = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
