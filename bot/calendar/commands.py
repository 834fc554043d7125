"""`/coach calendar …` and `/assess calendar …` text -> a typed request: the feed link (show, replace,
revoke) or, in `/coach`, the date and time of the feedback session or alignment meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum

from bot.calendar.domain import Meeting
from bot.inputs import MAX_YEARS_AHEAD, calendar_day, clock_time, latest_day
from bot.platform.errors import Refused
from bot.slack.text import escape

WORD = "calendar"
MEETING_USAGE = "`/coach calendar feedback 2026-12-21 09:00` (date and time in the engagement's zone)"
USAGE = (
    "`/{cmd} calendar` shows your private calendar feed, `/{cmd} calendar new` replaces its address, "
    "`/{cmd} calendar revoke` turns it off."
)


class CalendarVerb(StrEnum):
    SHOW = "show"
    NEW = "new"
    REVOKE = "revoke"
    MEETING = "meeting"


class CalendarCommandError(Refused):
    """Typed text that is not a calendar request; the message says what to type instead."""


@dataclass(frozen=True)
class CalendarCommand:
    verb: CalendarVerb
    meeting: Meeting | None = None
    day: date | None = None
    at: time | None = None
    rest: str = ""  # the engagement's name, when the coach is in several


def is_calendar(text: str | None) -> bool:
    words = (text or "").split()
    return bool(words) and words[0].lower() == WORD


def parse(text: str, *, command: str, today: date) -> CalendarCommand:
    """`command` is `coach` or `assess`; only `/coach` dates meetings. `today` (UTC) bounds the date."""
    words = text.split()[1:]
    head = words[0].lower() if words else ""
    if not words:
        return CalendarCommand(CalendarVerb.SHOW)
    if head in ("new", "replace") and len(words) == 1:
        return CalendarCommand(CalendarVerb.NEW)
    if head == "revoke" and len(words) == 1:
        return CalendarCommand(CalendarVerb.REVOKE)
    if command == "coach" and head in (Meeting.FEEDBACK, Meeting.ALIGNMENT):
        return _meeting(Meeting(head), words[1:], today)
    extra = f" As the coach, date a meeting with {MEETING_USAGE}." if command == "coach" else ""
    raise CalendarCommandError(USAGE.format(cmd=command) + extra)


def _meeting(meeting: Meeting, words: list[str], today: date) -> CalendarCommand:
    if not words:  # the small form asks for them, with a date and a time picker
        return CalendarCommand(CalendarVerb.MEETING, meeting=meeting)
    if len(words) < 2:
        raise CalendarCommandError(f"Give the date and time, like this: {MEETING_USAGE}.")
    raw_day, raw_time = words[0], words[1]
    day, at = calendar_day(raw_day), clock_time(raw_time) if raw_time.count(":") == 1 else None
    if day is None:
        raise CalendarCommandError(
            f"`{escape(raw_day[:40])}` is not a day in the calendar: write it as year-month-day, "
            "like `2026-12-21`."
        )
    if at is None:
        raise CalendarCommandError(
            f"`{escape(raw_time[:40])}` is not a time of day: write it on the 24-hour clock, like `09:00`."
        )
    if day < today - timedelta(days=1):  # a day ahead somewhere on Earth is still ahead
        raise CalendarCommandError(f"`{escape(raw_day)}` is in the past: choose a date still ahead.")
    if day > latest_day(today):
        raise CalendarCommandError(
            f"`{escape(raw_day)}` is too far ahead: choose one in the next {MAX_YEARS_AHEAD} years."
        )
    return CalendarCommand(CalendarVerb.MEETING, meeting=meeting, day=day, at=at, rest=" ".join(words[2:]))
