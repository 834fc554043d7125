"""The .ics files alone: a series with a move, a skip and a DST change reads back the same through two
independent readers, in the creator's zone and as instants for anyone elsewhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import ics
from bot.calendar.domain import LENGTH, Entry, Kind, Occurrence, recurrence
from bot.coach.domain.schedule import to_utc
from tests.bot.calendar.reading import attendees, events, method, parse, starts

ZONE = "America/New_York"  # clocks go forward on 14 March 2027
STAMP = datetime(2027, 2, 20, tzinfo=UTC)


def _calls(n: int = 7, *, zone: str = ZONE) -> list[datetime]:
    first = date(2027, 3, 2)  # a Tuesday, before the change
    return [to_utc(first + timedelta(weeks=2 * i), time(10, 0), zone) for i in range(n)]


def _entry(occs: list[Occurrence], *, zone: str = ZONE, kind: Kind = Kind.INDIVIDUAL) -> Entry:
    return Entry(
        source="coach_slot:7",
        team_id="T1",
        kind=kind,
        organizer="U_COACH",
        attendees=("U_ANA", "U_COACH"),
        zone=zone,
        length=LENGTH[Kind.INDIVIDUAL],
        occurrences=tuple(occs),
        changed_at=STAMP,
    )


def _plain(times: list[datetime]) -> list[Occurrence]:
    return [Occurrence(f"coach_call:{i}", t, t) for i, t in enumerate(times)]


def test_a_series_is_one_weekly_rule_in_the_creators_zone_across_dst() -> None:
    times = _calls()
    data = ics.request(_entry(_plain(times)))
    assert method(data) == "REQUEST"
    (event,) = events(data)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["INTERVAL"] == [2]
    assert rule["UNTIL"][0] == times[-1]
    assert event["DTSTART"].params["TZID"] == ZONE
    assert parse(data).subcomponents[0].name == "VTIMEZONE"
    assert starts(data) == times
    # the wall-clock time stays 10:00 in New York while the UTC hour changes with DST
    assert {t.astimezone(ZoneInfo(ZONE)).hour for t in starts(data)} == {10}
    assert len({t.hour for t in starts(data)}) == 2
    # ... and for an attendee in Tokyo (no DST) the local hour shifts, as it should
    assert len({t.astimezone(ZoneInfo("Asia/Tokyo")).hour for t in starts(data)}) == 2


def test_the_invite_names_organiser_attendees_and_a_stable_uid() -> None:
    data = ics.request(_entry(_plain(_calls())))
    (event,) = events(data)
    assert str(event["UID"]) == "coach_slot-7-T1@coachbot"
    assert str(event["ORGANIZER"]) == "slack://user?team=T1&id=U_COACH"
    assert attendees(event) == {"U_ANA", "U_COACH"}
    assert "coaching call" in str(event["DESCRIPTION"]).lower()
    assert ics.request(_entry(_plain(_calls()))) == data  # same data, same bytes


def test_a_moved_call_is_an_update_of_that_occurrence() -> None:
    times = _calls()
    moved = times[3] + timedelta(days=1, hours=2)
    occs = _plain(times)
    occs[3] = Occurrence("coach_call:3", times[3], moved, sequence=1)
    entry = _entry(occs)
    update = ics.update(entry, "coach_call:3")
    assert method(update) == "REQUEST"
    (event,) = events(update)
    assert event["RECURRENCE-ID"].dt == times[3].astimezone(ZoneInfo(ZONE))
    assert event["RECURRENCE-ID"].params["TZID"] == ZONE
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt == moved
    assert str(event["UID"]) == entry.uid
    assert starts(ics.request(entry)) == sorted([*times[:3], moved, *times[4:]])


def test_a_skipped_call_is_cancelled_and_excluded() -> None:
    times = _calls()
    occs = _plain(times)
    occs[2] = Occurrence("coach_call:2", times[2], times[2], cancelled=True, sequence=1)
    entry = _entry(occs)
    cancel = ics.cancel(entry, ["coach_call:2"])
    assert method(cancel) == "CANCEL"
    (event,) = events(cancel)
    assert event["RECURRENCE-ID"].dt == times[2]
    assert event["SEQUENCE"] == 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert starts(ics.request(entry)) == [t for t in times if t != times[2]]


def test_a_move_then_another_move_keeps_the_first_recurrence_id() -> None:
    times = _calls()
    occs = _plain(times)
    occs[1] = Occurrence("coach_call:1", times[1], times[1] + timedelta(hours=5), sequence=2)
    (event,) = events(ics.update(_entry(occs), "coach_call:1"))
    assert event["RECURRENCE-ID"].dt == times[1]
    assert event["SEQUENCE"] == 2


def test_a_one_off_meeting_moves_whole() -> None:
    at = datetime(2027, 3, 20, 14, tzinfo=UTC)
    later = at + timedelta(days=2)
    entry = _entry([Occurrence("coach_meeting:1:feedback", at, later, sequence=1)], kind=Kind.FEEDBACK)
    (event,) = events(ics.update(entry, "coach_meeting:1:feedback"))
    assert "RECURRENCE-ID" not in event
    assert "RRULE" not in event
    assert event["SEQUENCE"] == 1
    assert starts(ics.feed([entry])) == [later]


def test_irregular_sessions_are_listed() -> None:
    times = [datetime(2027, 3, 1, 15, tzinfo=UTC), datetime(2027, 3, 9, 15, tzinfo=UTC)]
    entry = _entry(_plain(times), zone="UTC", kind=Kind.SESSION)
    assert recurrence(times, "UTC") == 0
    (event,) = events(ics.request(entry))
    assert "RDATE" in event
    assert starts(ics.request(entry)) == times


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Australia/Sydney", "UTC", "Asia/Kolkata"])
def test_every_zone_reads_back(zone: str) -> None:
    times = _calls(zone=zone)
    assert starts(ics.feed([_entry(_plain(times), zone=zone)])) == times
