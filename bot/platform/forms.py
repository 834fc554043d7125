"""Reading a modal's `view.state.values`: one accessor per input kind, for every programme's forms."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from bot.ids import VALUE
from bot.inputs import calendar_day, clock_time, typed

# view.state.values: block_id -> action_id -> the input's state.
Values = dict[str, dict[str, dict[str, Any]]]


def field(values: Values, block: str) -> dict[str, Any]:
    """The state of the input in `block` (every input's action_id is VALUE); {} when it was not sent."""
    return values.get(str(block), {}).get(VALUE, {})


def text(values: Values, block: str) -> str:
    return typed(field(values, block).get("value"))


def users(values: Values, block: str) -> tuple[str, ...]:
    return tuple(field(values, block).get("selected_users") or ())


def user(values: Values, block: str) -> str:
    return str(field(values, block).get("selected_user") or "")


def option(values: Values, block: str) -> str | None:
    chosen = field(values, block).get("selected_option")
    return str(chosen["value"]) if chosen else None


def checked(values: Values, block: str) -> bool:
    """True when any checkbox in `block` is ticked."""
    return bool(field(values, block).get("selected_options"))


def conversation(values: Values, block: str) -> str | None:
    return field(values, block).get("selected_conversation") or None


def picked_date(values: Values, block: str) -> date | None:
    """The picked day; None when none was picked or the client sent something that is not a day."""
    return calendar_day(str(field(values, block).get("selected_date") or ""))


def picked_time(values: Values, block: str) -> time | None:
    return clock_time(str(field(values, block).get("selected_time") or ""))
