"""Whether someone named is a real, active person: one rule for every programme and surface."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from bot.platform.errors import FieldErrors

SLACKBOT = "USLACKBOT"


class NotAPerson(StrEnum):
    MISSING = "missing"  # Slack knows nobody by that id
    BOT = "bot"
    DEACTIVATED = "deactivated"


def not_a_person(user_id: str, user: dict[str, Any]) -> NotAPerson | None:
    """Why `user` (users.info's `user`, {} when not found) is not an active person; None when they are."""
    if not user:
        return NotAPerson.MISSING
    if user.get("is_bot") or user_id == SLACKBOT:
        return NotAPerson.BOT
    if user.get("deleted"):
        return NotAPerson.DEACTIVATED
    return None


def words_on_a_field(user_id: str, why: NotAPerson) -> str:
    """What a form's field says about someone named in it who is not an active person."""
    if why is NotAPerson.MISSING:
        return f"I could not find <@{user_id}> in this workspace."
    if why is NotAPerson.BOT:
        return f"<@{user_id}> is a bot: choose people."
    return f"<@{user_id}> has been deactivated."


def check_people(
    fields: Iterable[tuple[str, Iterable[str]]], lookup: Callable[[str], dict[str, Any]]
) -> None:
    """Everyone named in each field (block_id, user ids) must be an active person: `lookup` is users.info's
    `user`. Raises FieldErrors naming the first problem on each field."""
    errors: dict[str, str] = {}
    for block, ids in fields:
        for user_id in ids:
            why = not_a_person(user_id, lookup(user_id))
            if why is not None:
                errors.setdefault(str(block), words_on_a_field(user_id, why))
    if errors:
        raise FieldErrors(errors)
