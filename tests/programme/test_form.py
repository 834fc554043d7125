"""Pure parts of planning: session times across daylight-saving changes, and `/assess plan …` parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.assess.commands import CommandError
from bot.series.command import SeriesCommand, is_series, parse_series
from bot.series.form import local_instant, session_times


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan", SeriesCommand("plan")),
        ("plans", SeriesCommand("plans")),
        ("plan status", SeriesCommand("plans")),
        ("plan cancel 3", SeriesCommand("cancel", number=3)),
        ("plan move 2 2026-12-21 15:00", SeriesCommand("move", 2, date(2026, 12, 21), time(15, 0))),
        ("facilitators", SeriesCommand("facilitators")),
        ("facilitators add <@U0PIA|pia>", SeriesCommand("add", user_id="U0PIA")),
        ("facilitators remove <@U0PIA>", SeriesCommand("remove", user_id="U0PIA")),
    ],
)
def test_parse_series(text: str, expected: SeriesCommand) -> None:
    assert is_series(text)
    assert parse_series(text, today=date(2026, 11, 23)) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("plan move 2 21/12/2026 15:00", "is not a day in the calendar"),
        ("plan move 2 tomorrow noon", "is not a date and time"),
        ("plan move two", "Move a session like this"),
        ("plan cancel", "Name the session to cancel"),
        ("facilitators add pia", "is not a person"),
        ("plan bogus", "I did not understand"),
    ],
)
def test_parse_series_errors(text: str, says: str) -> None:
    with pytest.raises(CommandError, match=says):
        parse_series(text, today=date(2026, 11, 23))


def test_leader_mentions_are_not_series_commands() -> None:
    assert not is_series("<@U0ANA> <@U0BEN>")
    assert not is_series("")
