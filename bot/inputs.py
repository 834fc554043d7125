"""What people type, checked before anything else: text lengths as Slack will show them, ASCII whole
numbers, and calendar dates and clock times within reach."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.slack.text import escape

# Far enough for any plan (12 sessions 12 weeks apart end within three years), near enough that every
# date computed from it (reminders, calls, DST conversions) stays inside what `datetime` can hold.
MAX_YEARS_AHEAD = 5
_WHOLE = re.compile(r"[0-9]{1,6}")  # ASCII only: "²".isdigit() is true and int("²") fails
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")
_DECIMAL = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,4})?")


@dataclass(frozen=True)
class TextLimit:
    """How much a field may hold. `chars` is the input's `max_length` (what Slack's counter shows the
    person); `shown` is the room in the message that later shows it, counted after escaping (`&` becomes
    `&amp;`) and, for text shown quoted, with the two characters of `> ` each line gains. A client can send
    more than `max_length`, so the server checks all three."""

    chars: int
    shown: int
    lines: int = 1
    quoted: bool = False

    def problem(self, text: str) -> str | None:
        """Why `text` does not fit, in words for the field's error; None when it does."""
        if len(text) > self.chars:
            return f"At most {self.chars:,} characters, please: this has {len(text):,}."
        count = text.count("\n") + 1
        if count > self.lines:
            return (
                "One line, please."
                if self.lines == 1
                else f"At most {self.lines} lines, please: this has {count}."
            )
        if shown_length(text, quoted=self.quoted) > self.shown:
            return (
                "Too long once Slack spells out each &, < and > (they count as 4 or 5 characters): "
                "shorten it a little."
            )
        return None


def shown_length(text: str, *, quoted: bool = False) -> int:
    """Characters `text` takes in a message: escaped, and with `> ` before each line when quoted."""
    return len(escape(text)) + (2 * (text.count("\n") + 1) if quoted else 0)


# Long answers (intake, check-ins, feedback items, preparation): a section holds 3,000 characters after
# escaping; 2,000 typed leaves a quarter for escapes and the message's own words around the answer.
LONG_ANSWER = TextLimit(chars=2000, shown=2500, lines=60)
# Anonymous feedback is shown quoted, one `> ` line per line, in the thread and again in the digest.
QUOTED_ANSWER = TextLimit(chars=2000, shown=2500, lines=40, quoted=True)
# A commitment is listed with the leader's other open commitments in every nudge before a call.
COMMITMENT = TextLimit(chars=1000, shown=1250, lines=20)
# A name shown in headings, lists and notification text.
NAME = TextLimit(chars=80, shown=120)
# A short field that holds a number or a list of numbers.
SHORT = TextLimit(chars=40, shown=200)


def typed(raw: object) -> str:
    """A field's text as saved: trimmed, and without NUL, which PostgreSQL cannot store in text."""
    return str(raw or "").replace("\x00", "").strip()


def whole_number(raw: str, *, low: int, high: int) -> int | None:
    """`raw` as a whole number from `low` to `high`, written in ASCII digits; None otherwise."""
    if not _WHOLE.fullmatch(raw):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def decimal(raw: str) -> float | None:
    """`raw` as a non-negative decimal written in ASCII digits (`24`, `0.5`); None otherwise."""
    return float(raw) if _DECIMAL.fullmatch(raw) else None


def calendar_day(raw: str) -> date | None:
    """A `YYYY-MM-DD` date that exists (no 30 February, no year 0); None otherwise."""
    match = _DAY.fullmatch(raw)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def clock_time(raw: str) -> time | None:
    """A 24-hour `HH:MM` (or `HH:MM:SS`) time of day; None for 25:00 and anything else."""
    match = _CLOCK.fullmatch(raw)
    if not match:
        return None
    try:
        return time(int(match[1]), int(match[2]), int(match[3] or 0))
    except ValueError:
        return None


def latest_day(now: datetime | date) -> date:
    """The last day a date typed or picked today may name."""
    today = now.date() if isinstance(now, datetime) else now
    return today + timedelta(days=365 * MAX_YEARS_AHEAD)


def too_far(day: date, now: datetime | date) -> str | None:
    """Words for a date past `latest_day`, else None."""
    if day > latest_day(now):
        return f"That is too far ahead: choose a date within the next {MAX_YEARS_AHEAD} years."
    return None
