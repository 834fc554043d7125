"""A planned series' pure rules: its statuses and kinds, the session schedule and the order sessions keep."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

# A StrEnum equals its string, so the table columns stay `str` and need no migration.


class SeriesStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class SessionStatus(StrEnum):
    """One planned session (a sitting) of a series."""

    PLANNED = "planned"
    MOVED = "moved"
    STARTED = "started"
    DONE = "done"
    CANCELLED = "cancelled"


class DueKind(StrEnum):
    DAY_BEFORE = "day_before"
    SOON = "soon"
    PREP_REMINDER = "prep_reminder"


class DueStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    FAILED = "failed"


class Verb(StrEnum):
    """What a series subcommand of `/assess` asks for."""

    PLAN = "plan"
    PLANS = "plans"
    MOVE = "move"
    CANCEL = "cancel"
    FACILITATORS = "facilitators"
    ADD = "add"
    REMOVE = "remove"


class Feedback(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"


OPEN = (SessionStatus.PLANNED, SessionStatus.MOVED)  # sessions still ahead of us
ENDED = (SessionStatus.DONE, SessionStatus.CANCELLED)
DAY_BEFORE = timedelta(days=1)
SOON = timedelta(minutes=15)
REMINDERS = ((DueKind.DAY_BEFORE, DAY_BEFORE), (DueKind.SOON, SOON))


def session_times(first_local: datetime, count: int, gap_weeks: int) -> list[datetime]:
    """Each session at the same wall-clock time in the facilitator's zone, in UTC (DST moves the instant)."""
    zone = first_local.tzinfo
    naive = first_local.replace(tzinfo=None)
    return [
        (naive + timedelta(weeks=gap_weeks * i)).replace(tzinfo=zone).astimezone(UTC) for i in range(count)
    ]


def local_instant(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


@dataclass(frozen=True)
class Sitting:
    """What the order rule needs of a session."""

    number: int
    at: datetime
    status: str


def out_of_order(others: Sequence[Sitting], number: int, new: datetime) -> tuple[str, Sitting] | None:
    """Sessions stay in their numbered order: the round numbers and the sponsors' trend rely on it. The
    first session that moving `number` to `new` would pass, with the side it must stay on, else None."""
    for other in others:
        if other.status == SessionStatus.CANCELLED or other.number == number:
            continue
        if (other.number < number and other.at >= new) or (other.number > number and other.at <= new):
            return ("after" if other.number < number else "before"), other
    return None


def ready_split(leaders: Sequence[str], prepared: set[str]) -> tuple[list[str], list[str]]:
    """(prepared, not yet), in round order."""
    ready = [u for u in leaders if u in prepared]
    return ready, [u for u in leaders if u not in ready]


def may_facilitate(user_id: str, listed: Sequence[str], *, facilitator_id: str | None = None) -> bool:
    """For a planned series: its own facilitator or a listed one. Otherwise the list decides, and an empty
    list lets anyone."""
    if facilitator_id is not None:
        return user_id == facilitator_id or user_id in listed
    return not listed or user_id in listed
