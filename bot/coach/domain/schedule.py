"""The call schedule: recurring wall-clock slots turned into UTC instants, safe across DST changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CALL_LENGTH = timedelta(hours=1)  # check-in prompts go out when a call should be over


@dataclass(frozen=True)
class Slot:
    weekday: int  # Monday = 0
    at: time
    zone: str


def to_utc(day: date, at: time, zone: str) -> datetime:
    """The instant a wall-clock time happens in `zone`. A time that does not exist (the hour skipped in
    spring) moves forward by the gap, and a time that happens twice (autumn) is its first occurrence."""
    # fold=0 (PEP 495) gives exactly that: in a gap it applies the offset from before the change.
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def occurrences(slot: Slot, *, start: date, cadence_days: int, length_days: int) -> list[datetime]:
    """Each call of the slot from the first matching weekday on or after `start`, every `cadence_days`."""
    first = start + timedelta(days=(slot.weekday - start.weekday()) % 7)
    end = start + timedelta(days=length_days)
    out: list[datetime] = []
    day = first
    while day < end:
        out.append(to_utc(day, slot.at, slot.zone))
        day += timedelta(days=cadence_days)
    return out


def moved(instant: datetime, *, new_day: date, new_time: time, zone: str) -> datetime:
    """A call moved to another local day and time in the engagement's zone."""
    del instant
    return to_utc(new_day, new_time, zone)


def nudge_times(starts_at: datetime, minutes_before: tuple[int, ...]) -> list[datetime]:
    return [starts_at - timedelta(minutes=m) for m in minutes_before]


def parse_minutes(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(",") if p.strip())


def cycle_ends(*, start: date, cadence_days: int, length_days: int, zone: str) -> list[datetime]:
    """When each cycle's sponsor summary goes out: 17:00 in the engagement's zone on its last day."""
    out: list[datetime] = []
    day = start + timedelta(days=cadence_days - 1)
    while day < start + timedelta(days=length_days):
        out.append(to_utc(day, time(17, 0), zone))
        day += timedelta(days=cadence_days)
    return out


def days_in_months(start: date, months: int) -> int:
    """An engagement's length in days: to the same day `months` later (at most the 28th, so it exists)."""
    year, month = divmod(start.month - 1 + months, 12)
    end = date(start.year + year, month + 1, min(start.day, 28))
    return (end - start).days
