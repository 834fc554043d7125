"""Our .ics files read back by two independent readers: icalendar parses, recurring_ical_events expands."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import icalendar
import recurring_ical_events

FAR_BACK, FAR_AHEAD = datetime(2020, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)


def parse(data: bytes) -> icalendar.Calendar:
    cal = icalendar.Calendar.from_ical(data)
    assert isinstance(cal, icalendar.Calendar)
    return cal


def events(data: bytes) -> list[Any]:
    """The VEVENTs, untyped: icalendar types each property as a union of every value type."""
    return list(parse(data).walk("VEVENT"))


def method(data: bytes) -> str | None:
    found = parse(data).get("METHOD")
    return str(found) if found is not None else None


def starts(data: bytes) -> list[datetime]:
    """Every occurrence's start, in UTC, as an independent reader expands the file (rules, exclusions,
    moved instances); cancelled ones left out."""
    found = recurring_ical_events.of(parse(data)).between(FAR_BACK, FAR_AHEAD)
    return sorted(
        _utc(e["DTSTART"].dt) for e in found if str(e.get("STATUS", "CONFIRMED")).upper() != "CANCELLED"
    )


def _utc(value: Any) -> datetime:
    assert isinstance(value, datetime)
    assert value.tzinfo is not None
    return value.astimezone(UTC)


def attendees(event: Any) -> set[str]:
    raw = event.get("ATTENDEE", [])
    people = raw if isinstance(raw, list) else [raw]
    return {str(p).rsplit("id=", 1)[1] for p in people}
