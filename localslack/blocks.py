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


def _bad(where: str, what: str) -> SlackError:
    return SlackError("invalid_blocks", f"[ERROR] {what} {where}")


def _check_block(block: Json, where: str) -> None:
    kind = block["type"]
    if kind == "section":
        fields = block.get("fields") or []
        if "text" not in block and not fields:
            raise _bad(where, "must provide text or fields")
        if len(_text_of(block.get("text"))) > 3000:
            raise _bad(f"{where}/text", "must be less than 3001 characters")
        if len(fields) > 10 or any(len(_text_of(f)) > 2000 for f in fields):
            raise _bad(f"{where}/fields", "at most 10 fields of at most 2000 characters")
        _check_elements([block["accessory"]] if "accessory" in block else [], where)
    elif kind == "header":
        if len(_text_of(block.get("text"))) > 150 or (block.get("text") or {}).get("type") != "plain_text":
            raise _bad(f"{where}/text", "header needs plain_text of at most 150 characters")
    elif kind == "context":
        elements = block.get("elements") or []
        if not elements or len(elements) > 10:
            raise _bad(f"{where}/elements", "context needs 1 to 10 elements")
        if any(len(_text_of(e)) > 3000 for e in elements):
            raise _bad(f"{where}/elements", "must be less than 3001 characters")
    elif kind == "actions":
        elements = block.get("elements") or []
        if not elements or len(elements) > 25:
            raise _bad(where, "actions need 1 to 25 elements")
        _check_elements(elements, where)
    elif kind == "input":
        if len(_text_of(block.get("label"))) > 2000 or len(_text_of(block.get("hint"))) > 2000:
            raise _bad(where, "label and hint: at most 2000 characters")
        _check_elements([block["element"]] if isinstance(block.get("element"), dict) else [], where)


def _check_elements(elements: list[Any], where: str) -> None:
    seen: set[str] = set()
    for element in elements:
        if not isinstance(element, dict):
            raise _bad(where, "elements must be objects")
        action_id = element.get("action_id")
        if action_id is not None:
            if action_id in seen or len(str(action_id)) > 255:
                raise _bad(where, "duplicate or too long action_id")
            seen.add(str(action_id))
        too_long = len(_text_of(element.get("text"))) > 75 or len(str(element.get("value", ""))) > 2000
        if element.get("type") == "button" and too_long:
            raise _bad(where, "button text > 75 or value > 2000")
        label = element.get("accessibility_label")
        if label is not None and (not isinstance(label, str) or not 1 <= len(label) <= 75):
            raise _bad(where, "accessibility_label: 1 to 75 characters")
        if len(_text_of(element.get("placeholder"))) > 150:
            raise _bad(where, "placeholder: at most 150 characters")
        _check_options(element, where)
        if element.get("type") == "plain_text_input":
            _check_input_lengths(element, where)


def _check_options(element: Json, where: str) -> None:
    """Options of selects, overflows, checkboxes and radio buttons: text at most 75, value at most 150."""
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or [] if isinstance(group, dict) else []
    for option in options:
        if not isinstance(option, dict) or len(_text_of(option.get("text"))) > 75:
            raise _bad(where, "option text: at most 75 characters")
        if len(str(option.get("value", ""))) > 150:
            raise _bad(where, "option value: at most 150 characters")


def _check_input_lengths(element: Json, where: str) -> None:
    """plain_text_input: max_length 1..3000, min_length 0..3000 and not above max_length."""
    longest, shortest = element.get("max_length"), element.get("min_length")
    if longest is not None and not (isinstance(longest, int) and 1 <= longest <= 3000):
        raise _bad(where, "max_length must be between 1 and 3000")
    if shortest is not None and not (isinstance(shortest, int) and 0 <= shortest <= 3000):
        raise _bad(where, "min_length must be between 0 and 3000")
    if isinstance(longest, int) and isinstance(shortest, int) and shortest > longest:
        raise _bad(where, "min_length must not exceed max_length")


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
