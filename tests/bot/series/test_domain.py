"""A series' pure rules, from tables: session times across daylight-saving changes, the order sessions keep,
who is ready and who may facilitate."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.series.domain import (
    OPEN,
    SessionStatus,
    Sitting,
    local_instant,
    may_facilitate,
    out_of_order,
    ready_split,
    session_times,
)


@pytest.mark.parametrize(
    ("day", "zone", "expected_utc_hours"),
    [
        # New York leaves EST on 14 Mar 2027: the same 10:00 is an hour earlier in UTC from then on.
        (date(2027, 2, 15), "America/New_York", [15, 15, 14, 14]),
        # Berlin leaves CET on 28 Mar 2027, after the third session.
        (date(2027, 2, 15), "Europe/Berlin", [9, 9, 9, 8]),
        (date(2027, 2, 15), "UTC", [10, 10, 10, 10]),
    ],
)
def test_sessions_keep_their_wall_clock_time(day: date, zone: str, expected_utc_hours: list[int]) -> None:
    times = session_times(local_instant(day, time(10, 0), zone), 4, 2)
    assert [t.hour for t in times] == expected_utc_hours
    assert all(t.tzinfo is UTC for t in times)
    assert times[1] - times[0] == datetime(2027, 3, 1, tzinfo=UTC) - datetime(2027, 2, 15, tzinfo=UTC)


def _at(day: int) -> datetime:
    return datetime(2026, 12, day, 15, 0, tzinfo=UTC)


THREE = [
    Sitting(1, _at(7), SessionStatus.PLANNED),
    Sitting(2, _at(14), SessionStatus.PLANNED),
    Sitting(3, _at(21), SessionStatus.PLANNED),
]


@pytest.mark.parametrize(
    ("sittings", "number", "new", "expected"),
    [
        (THREE, 2, _at(15), None),  # between its neighbours
        (THREE, 2, _at(7), ("after", 1)),  # the same time as the one before is not after it
        (THREE, 2, _at(6), ("after", 1)),
        (THREE, 2, _at(21), ("before", 3)),
        (THREE, 1, _at(30), ("before", 2)),  # the first session it would pass is named
        (THREE, 3, _at(22), None),
        # A cancelled session holds no place in the order.
        ([*THREE[:2], Sitting(3, _at(21), SessionStatus.CANCELLED)], 2, _at(25), None),
        ([Sitting(1, _at(7), "cancelled"), *THREE[1:]], 2, _at(1), None),  # a row's plain string counts too
    ],
)
def test_sessions_keep_their_numbered_order(
    sittings: list[Sitting], number: int, new: datetime, expected: tuple[str, int] | None
) -> None:
    found = out_of_order(sittings, number, new)
    assert (None if found is None else (found[0], found[1].number)) == expected


@pytest.mark.parametrize(
    ("leaders", "prepared", "expected"),
    [
        (["A", "B", "C"], set(), ([], ["A", "B", "C"])),
        (["A", "B", "C"], {"C", "A"}, (["A", "C"], ["B"])),  # round order, not the order they prepared in
        (["A", "B"], {"A", "B", "Z"}, (["A", "B"], [])),  # someone no longer a leader is not counted
    ],
)
def test_ready_split_keeps_round_order(
    leaders: list[str], prepared: set[str], expected: tuple[list[str], list[str]]
) -> None:
    assert ready_split(leaders, prepared) == expected


@pytest.mark.parametrize(
    ("user", "listed", "facilitator", "may"),
    [
        ("U1", [], None, True),  # an empty list lets anyone
        ("U1", ["U2"], None, False),
        ("U2", ["U2"], None, True),
        ("U1", [], "U3", False),  # a series' own facilitator, even while the list is empty
        ("U3", [], "U3", True),
        ("U2", ["U2"], "U3", True),
    ],
)
def test_who_may_facilitate(user: str, listed: list[str], facilitator: str | None, may: bool) -> None:
    assert may_facilitate(user, listed, facilitator_id=facilitator) is may


def test_statuses_equal_the_strings_in_the_tables() -> None:
    stored: str = "moved"  # as a row holds it
    assert stored == SessionStatus.MOVED
    assert {stored: 1}[SessionStatus.MOVED] == 1
    assert "planned" in OPEN
    assert "started" not in OPEN
