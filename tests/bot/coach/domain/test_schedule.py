"""Call occurrences keep their wall-clock time across real 2027 DST changes in three zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.coach.domain.schedule import Slot, cycle_ends, days_in_months, nudge_times, occurrences, to_utc

# (zone, a Monday start two weeks before the change, the offset in hours before and after)
DST = [
    ("America/New_York", date(2027, 3, 1), -5, -4),  # clocks go forward Sunday 14 March 2027
    ("Europe/Berlin", date(2027, 3, 15), 1, 2),  # forward Sunday 28 March 2027
    ("Australia/Sydney", date(2027, 3, 22), 11, 10),  # back Sunday 4 April 2027
    ("America/New_York", date(2027, 10, 25), -4, -5),  # back Sunday 7 November 2027
    ("Europe/Berlin", date(2027, 10, 18), 2, 1),  # back Sunday 31 October 2027
    ("Australia/Sydney", date(2027, 9, 20), 10, 11),  # forward Sunday 3 October 2027
]


@pytest.mark.parametrize(("zone", "start", "before", "after"), DST)
def test_monday_nine_stays_nine_local_across_the_change(
    zone: str, start: date, before: int, after: int
) -> None:
    calls = occurrences(Slot(0, time(9, 0), zone), start=start, cadence_days=14, length_days=28)
    assert len(calls) == 2
    for call in calls:
        local = call.astimezone(ZoneInfo(zone))
        assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)
    assert calls[0].hour == (9 - before) % 24
    assert calls[1].hour == (9 - after) % 24
    assert all(c.tzinfo is UTC for c in calls)


def test_first_call_is_the_first_matching_weekday_on_or_after_the_start() -> None:
    calls = occurrences(
        Slot(3, time(14, 30), "Europe/Lisbon"), start=date(2027, 1, 4), cadence_days=14, length_days=91
    )
    assert calls[0] == datetime(2027, 1, 7, 14, 30, tzinfo=UTC)
    assert len(calls) == 7  # every two weeks for three months


def test_a_time_skipped_in_spring_moves_forward_and_a_repeated_one_is_the_first() -> None:
    assert to_utc(date(2027, 3, 14), time(2, 30), "America/New_York") == datetime(
        2027, 3, 14, 7, 30, tzinfo=UTC
    )
    assert to_utc(date(2027, 11, 7), time(1, 30), "America/New_York") == datetime(
        2027, 11, 7, 5, 30, tzinfo=UTC
    )


def test_nudges_are_exact_durations_before_the_call_even_over_a_change() -> None:
    call = to_utc(date(2027, 3, 15), time(9, 0), "America/New_York")
    day_before, hour_before = nudge_times(call, (1440, 60))
    assert (call - day_before).total_seconds() == 86400
    assert (call - hour_before).total_seconds() == 3600


def test_cycle_summaries_close_each_cycle() -> None:
    ends = cycle_ends(start=date(2027, 1, 4), cadence_days=14, length_days=91, zone="Europe/Berlin")
    assert ends[0] == datetime(2027, 1, 17, 16, 0, tzinfo=UTC)
    assert len(ends) == 6


@pytest.mark.parametrize(
    ("start", "months", "days"),
    [
        (date(2026, 1, 15), 3, 90),  # to 15 April
        (date(2026, 11, 10), 3, 92),  # across a year: to 10 February
        (date(2026, 1, 31), 1, 28),  # a 31st counts to the 28th: every month has one
    ],
)
def test_an_engagement_lasts_to_the_same_day_months_later(start: date, months: int, days: int) -> None:
    assert days_in_months(start, months) == days
