"""Parsing `/assess plan …`, `/assess plans` and `/assess facilitators …`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.assess.commands import CommandError
from bot.inputs import MAX_YEARS_AHEAD, calendar_day, clock_time, latest_day, whole_number
from bot.series.domain import Verb

VERBS = (Verb.PLAN, Verb.PLANS, Verb.FACILITATORS)  # the words that start a series subcommand
MOVE_USAGE = "`/assess plan move 2 2026-12-21 15:00` (session number, then date and time in your plan's zone)"
MAX_NUMBER = 99  # more than any plan holds (12 sessions); a bound keeps int() away from 5,000-digit text
_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class SeriesCommand:
    verb: Verb
    number: int = 0
    day: date | None = None
    at: time | None = None
    user_id: str = ""


def is_series(text: str) -> bool:
    words = text.split()
    return bool(words) and words[0].lower() in VERBS


def parse_series(text: str, *, today: date) -> SeriesCommand:
    """`today` (in UTC) bounds how far ahead a session may move."""
    words = text.split()
    head, rest = words[0].lower(), words[1:]
    if head == Verb.PLANS or (head == Verb.PLAN and rest[:1] in (["status"], ["list"])):
        return SeriesCommand(Verb.PLANS)
    if head == Verb.PLAN and not rest:
        return SeriesCommand(Verb.PLAN)
    if head == Verb.PLAN and rest[0].lower() == Verb.MOVE:
        return _move(rest[1:], today)
    if head == Verb.PLAN and rest[0].lower() == Verb.CANCEL:
        number = whole_number(rest[1], low=1, high=MAX_NUMBER) if len(rest) == 2 else None
        if number is None:
            raise CommandError("Name the session to cancel by its number: `/assess plan cancel 2`.")
        return SeriesCommand(Verb.CANCEL, number=number)
    if head == Verb.FACILITATORS and not rest:
        return SeriesCommand(Verb.FACILITATORS)
    if head == Verb.FACILITATORS and len(rest) == 2 and rest[0].lower() in (Verb.ADD, Verb.REMOVE):
        match = _USER.match(rest[1])
        if not match:
            raise CommandError(
                f"`{rest[1]}` is not a person: pick them from Slack's @ menu, like "
                "`/assess facilitators add @fran`."
            )
        return SeriesCommand(Verb(rest[0].lower()), user_id=match.group(1))
    raise CommandError(
        "I did not understand that. Try `/assess plan`, `/assess plans`, "
        f"{MOVE_USAGE}, `/assess plan cancel 2` or `/assess facilitators`."
    )


def _move(words: list[str], today: date) -> SeriesCommand:
    number = whole_number(words[0], low=1, high=MAX_NUMBER) if len(words) == 3 else None
    if number is None:
        raise CommandError(f"Move a session like this: {MOVE_USAGE}.")
    raw_day, raw_time = words[1], words[2]
    day = calendar_day(raw_day)
    at = clock_time(raw_time) if raw_time.count(":") == 1 else None
    if day is None and at is None:
        raise CommandError(f"`{raw_day} {raw_time}` is not a date and time: {MOVE_USAGE}.")
    if day is None:
        raise CommandError(
            f"`{raw_day}` is not a day in the calendar: write it as year-month-day, like `2026-12-21`."
        )
    if at is None:
        raise CommandError(f"`{raw_time}` is not a time of day: write it on the 24-hour clock, like `15:00`.")
    if day < today - timedelta(days=1):  # a day ahead somewhere on Earth is still ahead
        raise CommandError(f"`{raw_day}` is in the past: choose a date still ahead.")
    if day > latest_day(today):
        raise CommandError(
            f"`{raw_day}` is too far ahead: a session moves to a date in the next {MAX_YEARS_AHEAD} years."
        )
    return SeriesCommand(Verb.MOVE, number=number, day=day, at=at)
