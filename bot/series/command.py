"""Parsing `/assess plan …`, `/assess plans` and `/assess facilitators …`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from bot.assess.command import CommandError

VERBS = ("plan", "plans", "facilitators")
MOVE_USAGE = "`/assess plan move 2 2026-12-21 15:00` (session number, then date and time in your plan's zone)"
_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class SeriesCommand:
    verb: str  # plan | plans | move | cancel | facilitators | add | remove
    number: int = 0
    day: date | None = None
    at: time | None = None
    user_id: str = ""


def is_series(text: str) -> bool:
    words = text.split()
    return bool(words) and words[0].lower() in VERBS


def parse_series(text: str) -> SeriesCommand:
    words = text.split()
    head, rest = words[0].lower(), words[1:]
    if head == "plans" or (head == "plan" and rest[:1] in (["status"], ["list"])):
        return SeriesCommand("plans")
    if head == "plan" and not rest:
        return SeriesCommand("plan")
    if head == "plan" and rest[0].lower() == "move":
        return _move(rest[1:])
    if head == "plan" and rest[0].lower() == "cancel":
        if len(rest) != 2 or not rest[1].isdigit():
            raise CommandError("Name the session to cancel: `/assess plan cancel 2`.")
        return SeriesCommand("cancel", number=int(rest[1]))
    if head == "facilitators" and not rest:
        return SeriesCommand("facilitators")
    if head == "facilitators" and len(rest) == 2 and rest[0].lower() in ("add", "remove"):
        match = _USER.match(rest[1])
        if not match:
            raise CommandError(
                f"`{rest[1]}` is not a person: pick them from Slack's @ menu, like "
                "`/assess facilitators add @fran`."
            )
        return SeriesCommand(rest[0].lower(), user_id=match.group(1))
    raise CommandError(
        "I did not understand that. Try `/assess plan`, `/assess plans`, "
        f"{MOVE_USAGE}, `/assess plan cancel 2` or `/assess facilitators`."
    )


def _move(words: list[str]) -> SeriesCommand:
    if len(words) != 3 or not words[0].isdigit():
        raise CommandError(f"Move a session like this: {MOVE_USAGE}.")
    try:
        moment = datetime.strptime(f"{words[1]} {words[2]}", "%Y-%m-%d %H:%M")  # noqa: DTZ007 (a wall time)
    except ValueError:
        raise CommandError(f"`{words[1]} {words[2]}` is not a date and time: {MOVE_USAGE}.") from None
    return SeriesCommand("move", number=int(words[0]), day=moment.date(), at=moment.time())
