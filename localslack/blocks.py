"""Argument parsing and the Block Kit limits Slack enforces (invalid_blocks and friends)."""

from __future__ import annotations

import json
import re
from typing import Any

from localslack.model import Json, SlackError

MAX_TEXT = 40_000
MAX_MESSAGE_BLOCKS, MAX_VIEW_BLOCKS = 50, 100
KNOWN_BLOCKS = {
    "section",
    "header",
    "context",
    "actions",
    "divider",
    "image",
    "input",
    "rich_text",
    "file",
    "video",
    "markdown",
}
TS_PATTERN = re.compile(r"^\d+\.\d+$")


def text_param(params: Json, name: str = "text") -> str | None:
    value = params.get(name)
    return None if value is None else str(value)


def flag(params: Json, name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def json_param(params: Json, name: str, error: str = "invalid_arguments") -> Any:
    """A structured argument sent either as JSON text (form posts) or as a value (JSON posts)."""
    value = params.get(name)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise SlackError(error, f"[ERROR] {name} is not valid JSON") from exc
    return value


def blocks_param(params: Json, limit: int = MAX_MESSAGE_BLOCKS) -> list[Json] | None:
    blocks = json_param(params, "blocks", "invalid_blocks_format")
    if blocks is None:
        return None
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format", "[ERROR] blocks must be an array")
    check_blocks(blocks, limit)
    return blocks


def check_blocks(blocks: list[Any], limit: int) -> None:
    if len(blocks) > limit:
        raise SlackError(
            "invalid_blocks", f"[ERROR] no more than {limit} items allowed [json-pointer:/blocks]"
        )
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"[json-pointer:/blocks/{index}]"
        if not isinstance(block, dict) or block.get("type") not in KNOWN_BLOCKS:
            raise SlackError("invalid_blocks", f"[ERROR] unsupported type {where}")
        block_id = block.get("block_id")
        if block_id is not None:
            if block_id in seen or len(str(block_id)) > 255:
                raise SlackError("invalid_blocks", f"[ERROR] duplicate or too long block_id {where}")
            seen.add(str(block_id))
        _check_block(block, where)


def _text_of(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def _check_block(block: Json, where: str) -> None:
    kind = block["type"]
    if kind == "section":
        fields = block.get("fields") or []
        if "text" not in block and not fields:
            raise SlackError("invalid_blocks", f"[ERROR] must provide text or fields {where}")
        if len(_text_of(block.get("text"))) > 3000:
            raise SlackError("invalid_blocks", f"[ERROR] must be less than 3001 characters {where}/text")
        if len(fields) > 10 or any(len(_text_of(f)) > 2000 for f in fields):
            raise SlackError("invalid_blocks", f"[ERROR] fields: at most 10 of 2000 characters {where}")
        _check_elements([block["accessory"]] if "accessory" in block else [], where)
    elif kind == "header":
        if len(_text_of(block.get("text"))) > 150 or (block.get("text") or {}).get("type") != "plain_text":
            raise SlackError("invalid_blocks", f"[ERROR] header needs plain_text of at most 150 {where}")
    elif kind == "actions":
        elements = block.get("elements") or []
        if not elements or len(elements) > 25:
            raise SlackError("invalid_blocks", f"[ERROR] actions need 1 to 25 elements {where}")
        _check_elements(elements, where)


def _check_elements(elements: list[Any], where: str) -> None:
    seen: set[str] = set()
    for element in elements:
        if not isinstance(element, dict):
            raise SlackError("invalid_blocks", f"[ERROR] elements must be objects {where}")
        action_id = element.get("action_id")
        if action_id is not None:
            if action_id in seen or len(str(action_id)) > 255:
                raise SlackError("invalid_blocks", f"[ERROR] duplicate or too long action_id {where}")
            seen.add(str(action_id))
        too_long = len(_text_of(element.get("text"))) > 75 or len(str(element.get("value", ""))) > 2000
        if element.get("type") == "button" and too_long:
            raise SlackError("invalid_blocks", f"[ERROR] button text > 75 or value > 2000 {where}")


def message_content(params: Json) -> tuple[str, list[Json] | None]:
    """text and blocks of chat.postMessage / chat.update / chat.postEphemeral, validated like Slack."""
    text = text_param(params)
    blocks = blocks_param(params)
    if not text and not blocks and not params.get("attachments"):
        raise SlackError("no_text")
    if text is not None and len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")
    return text or "", blocks


def thread_ts_param(params: Json) -> str | None:
    value = params.get("thread_ts")
    if value is None:
        return None
    value = str(value)
    if not TS_PATTERN.match(value):
        raise SlackError("invalid_thread_ts", f"[ERROR] {value} is not a valid thread_ts")
    return value
