"""`/coach calendar …` and `/assess calendar …` text to a typed request; typed input never escapes."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.calendar.commands import CalendarCommandError, CalendarVerb, is_calendar, parse
from bot.calendar.domain import Meeting

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("calendar", CalendarVerb.SHOW),
        ("Calendar NEW", CalendarVerb.NEW),
        ("calendar replace", CalendarVerb.NEW),
        ("calendar revoke", CalendarVerb.REVOKE),
    ],
)
def test_the_feed_link_verbs(text: str, verb: CalendarVerb) -> None:
    assert is_calendar(text)
    assert parse(text, command="assess", today=TODAY).verb is verb


def test_a_meeting_with_its_date_time_and_engagement() -> None:
    found = parse("calendar alignment 2026-12-02 14:30 Ops and Sales", command="coach", today=TODAY)
    assert found.verb is CalendarVerb.MEETING
    assert found.meeting is Meeting.ALIGNMENT
    assert (found.day, found.at, found.rest) == (date(2026, 12, 2), time(14, 30), "Ops and Sales")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("calendar feedback 2026-12-02", "Give the date and time"),
        ("calendar feedback 2026-02-30 09:00", "not a day in the calendar"),
        ("calendar feedback 2026-12-02 25:00", "not a time of day"),
        ("calendar feedback 2026-12-02 9", "not a time of day"),
        ("calendar feedback 2025-01-01 09:00", "in the past"),
        ("calendar feedback 2099-01-01 09:00", "too far ahead"),
        ("calendar tomorrow", "/coach calendar new"),
    ],
)
def test_what_is_wrong_is_said(text: str, says: str) -> None:
    with pytest.raises(CalendarCommandError, match=says):
        parse(text, command="coach", today=TODAY)


def test_no_date_asks_for_it_in_the_small_form() -> None:
    found = parse("calendar feedback", command="coach", today=TODAY)
    assert (found.verb, found.meeting, found.day, found.at) == (
        CalendarVerb.MEETING,
        Meeting.FEEDBACK,
        None,
        None,
    )


def test_only_coach_dates_meetings() -> None:
    with pytest.raises(CalendarCommandError, match="/assess calendar"):
        parse("calendar feedback 2026-12-02 09:00", command="assess", today=TODAY)


WORDS = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@given(day=WORDS, at=WORDS, head=st.sampled_from(["feedback", "alignment", "new", "x", "<!channel>"]))
def test_typed_text_is_answered_or_refused_and_never_echoed_raw(day: str, at: str, head: str) -> None:
    text = f"calendar {head} {day.replace(' ', '_') or 'd'} {at.replace(' ', '_') or 't'}"
    try:
        parse(text, command="coach", today=TODAY)
    except CalendarCommandError as refused:
        message = str(refused)
        assert "<!" not in message
        assert "<@" not in message
        assert len(message) < 400
