"""iCalendar (RFC 5545) files from calendar entries, pure: the invite of a whole series (METHOD:REQUEST), the
update of one moved occurrence, the cancellation of occurrences (METHOD:CANCEL), and a person's feed.

iTIP (RFC 5546) wants one UID per REQUEST or CANCEL, so each series gets its own file. Times are in the
entry's zone with its VTIMEZONE, so a weekly rule keeps its wall-clock time across DST changes there; other
readers' calendars convert. DTSTAMP is the entry's last change, so the same data gives the same bytes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vRecur

from bot.calendar.domain import TITLES, Entry, Occurrence, description

PRODID = "-//coachbot//calendar//EN"
UTC_ZONES = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT"})


def address(team_id: str, user_id: str) -> vCalAddress:
    """A person as a calendar address. coachbot has no e-mail addresses (no users:read.email scope), so the
    address is Slack's own link to the person, which opens their profile."""
    return vCalAddress(f"slack://user?team={team_id}&id={user_id}")


def request(entry: Entry) -> bytes:
    """The whole series as it stands: the rule, its moved occurrences and, excluded, its cancelled ones."""
    cal = _calendar("REQUEST", [entry])
    for event in _series(entry):
        cal.add_component(event)
    return _bytes(cal)


def update(entry: Entry, key: str) -> bytes:
    """One moved occurrence (RECURRENCE-ID, a higher SEQUENCE); a one-off event is sent whole."""
    occ = _occurrence(entry, key)
    cal = _calendar("REQUEST", [entry])
    cal.add_component(_single(entry, occ) if _one_off(entry) else _override(entry, occ))
    return _bytes(cal)


def cancel(entry: Entry, keys: Sequence[str]) -> bytes:
    """METHOD:CANCEL for the named occurrences, each by its RECURRENCE-ID (a one-off event: the event)."""
    cal = _calendar("CANCEL", [entry])
    for key in keys:
        occ = _occurrence(entry, key)
        event = _single(entry, occ) if _one_off(entry) else _override(entry, occ)
        event["STATUS"] = "CANCELLED"
        cal.add_component(event)
    return _bytes(cal)


def feed(entries: Sequence[Entry]) -> bytes:
    """A subscription feed: no METHOD (it is not an invitation), every series as `request` would send it.
    Calendar apps poll it, so each series' and zone's text is kept once made (an entry is a frozen value:
    the same entry always makes the same text) and the feed is put together from those pieces."""
    parts = [_FEED_HEAD]
    parts += [_timezone_text(zone, low, high) for zone, low, high in _spans(entries)]
    parts += [_series_text(entry) for entry in entries]
    return b"".join([*parts, b"END:VCALENDAR\r\n"])


FEED_LAYOUT = "1"  # bump when the feed's text changes for the same data, so every ETag changes too


def _feed_head() -> bytes:
    cal = _calendar(None, [])
    cal.add("X-WR-CALNAME", "coachbot")
    text = _bytes(cal)
    return text[: -len(b"END:VCALENDAR\r\n")]


@lru_cache(maxsize=8192)
def _series_text(entry: Entry) -> bytes:
    return b"".join(_bytes_of(event) for event in _series(entry))


@lru_cache(maxsize=256)
def _timezone_text(zone: str, first_year: int, last_year: int) -> bytes:
    return _bytes_of(_timezone(zone, first_year, last_year))


def _bytes_of(component: Event | Timezone) -> bytes:
    out: bytes = component.to_ical()
    return out


def _bytes(cal: Calendar) -> bytes:
    out: bytes = cal.to_ical()
    return out


def _calendar(method: str | None, entries: Sequence[Entry]) -> Calendar:
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if method:
        cal.add("METHOD", method)
    for zone, low, high in _spans(entries):
        cal.add_component(_timezone(zone, low, high))
    return cal


def _spans(entries: Sequence[Entry]) -> list[tuple[str, int, int]]:
    """Each zone the entries use, with the first and last year its rules are needed for."""
    spans: dict[str, tuple[int, int]] = {}
    for e in entries:
        if e.zone in UTC_ZONES or not e.occurrences:
            continue
        years = [o.original.year for o in e.occurrences] + [o.starts_at.year for o in e.occurrences]
        low, high = spans.get(e.zone, (min(years), max(years)))
        spans[e.zone] = (min(low, *years), max(high, *years))
    return [(zone, low, high) for zone, (low, high) in sorted(spans.items())]


@lru_cache(maxsize=256)
def _timezone(zone: str, first_year: int, last_year: int) -> Timezone:
    """The zone's rules for the years the events span (a whole zone history would be kilobytes)."""
    return Timezone.from_tzid(
        zone, first_date=date(first_year - 1, 1, 1), last_date=date(last_year + 1, 12, 31)
    )


def _series(entry: Entry) -> list[Event]:
    if not entry.occurrences:
        return []
    if _one_off(entry):
        return [_single(entry, entry.occurrences[0])]
    return [_master(entry)] + [_override(entry, o) for o in entry.occurrences if o.moved]


def _one_off(entry: Entry) -> bool:
    return len(entry.occurrences) == 1


def _master(entry: Entry) -> Event:
    occs = entry.occurrences
    event = _event(
        entry, occs[0].original, sequence=max((o.sequence for o in occs if o.cancelled), default=0)
    )
    interval = entry.interval_weeks
    if interval:
        event.add("RRULE", vRecur(FREQ="WEEKLY", INTERVAL=interval, UNTIL=occs[-1].original.astimezone(UTC)))
    else:
        event.add("RDATE", [_local(entry, o.original) for o in occs[1:]])
    cancelled = [_local(entry, o.original) for o in occs if o.cancelled]
    if cancelled:
        event.add("EXDATE", cancelled)
    return event


def _override(entry: Entry, occ: Occurrence) -> Event:
    event = _event(entry, occ.starts_at, sequence=occ.sequence)
    event.add("RECURRENCE-ID", _local(entry, occ.original))
    return event


def _single(entry: Entry, occ: Occurrence) -> Event:
    event = _event(entry, occ.starts_at, sequence=occ.sequence)
    if occ.cancelled:
        event["STATUS"] = "CANCELLED"
    return event


def _event(entry: Entry, start: datetime, *, sequence: int) -> Event:
    event = Event()
    event.add("UID", entry.uid)
    event.add("DTSTAMP", entry.changed_at.astimezone(UTC))
    event.add("SEQUENCE", sequence)
    event.add("DTSTART", _local(entry, start))
    event.add("DTEND", _local(entry, start + entry.length))
    event.add("SUMMARY", TITLES[entry.kind])
    event.add("DESCRIPTION", description(entry.kind, entry.interval_weeks))
    event.add("STATUS", "CONFIRMED")
    organizer = address(entry.team_id, entry.organizer)
    organizer.params["ROLE"] = "CHAIR"
    event.add("ORGANIZER", organizer)
    for person in entry.attendees:
        who = address(entry.team_id, person)
        who.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "CUTYPE": "INDIVIDUAL"})
        event.add("ATTENDEE", who)
    return event


def _local(entry: Entry, at: datetime) -> datetime:
    return at.astimezone(UTC if entry.zone in UTC_ZONES else ZoneInfo(entry.zone))


def _occurrence(entry: Entry, key: str) -> Occurrence:
    found = entry.occurrence(key)
    if found is None:
        raise LookupError(f"{key} is not an occurrence of {entry.source}")
    return found


_FEED_HEAD = _feed_head()
