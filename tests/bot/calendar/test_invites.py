"""Invites written with the engagement's changes: at support each person gets a file per call series they
are in, a move an update, a skip a cancellation, a close what is left; read back by two readers."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.calendar.domain import Meeting
from bot.calendar.service import coach as calendar
from bot.coach.domain.engagement import CallStatus
from bot.coach.service import calls, setup
from bot.platform.errors import Refused
from storage.calendar import CalendarInvite
from storage.coach import CoachCall, CoachSlot
from storage.db import Database
from tests.bot.calendar.helpers import NOW, ZONE, calls_of, feed, files, to_support
from tests.bot.calendar.reading import events, method, starts
from tests.bot.coach.helpers import ANA, BEN, COACH, COL1, SPONSOR, create

REQUESTS = ("coaching-call.ics", "three-way-call.ics")


def _all_starts(found: list[tuple[str, bytes]]) -> list[datetime]:
    return sorted(t for _, data in found for t in starts(data))


def test_each_person_gets_their_calls_and_only_theirs(database: Database) -> None:
    eid = to_support(database)
    ana, ben, coach = (files(database, u, NOW) for u in (ANA, BEN, COACH))
    assert sorted(name for name, _ in ana) == ["coaching-call.ics", "three-way-call.ics"]
    assert len(ben) == 2
    assert len(coach) == 3
    assert files(database, SPONSOR, NOW) == []
    assert files(database, COL1, NOW) == []
    assert _all_starts(ana) == calls_of(database, eid, ANA)
    assert _all_starts(ben) == calls_of(database, eid, BEN)
    assert _all_starts(coach) == calls_of(database, eid, COACH, everyone=True)
    # across the change on 14 March the calls keep their New York wall-clock time
    local = {
        (t.astimezone(ZoneInfo(ZONE)).hour, t.astimezone(ZoneInfo(ZONE)).minute) for t in _all_starts(ana)
    }
    assert len(local) == 2  # her own slot and the three-way slot, each at one local time
    assert {m for _, data in ana for m in [method(data)]} == {"REQUEST"}
    assert set(calls_of(database, eid, ANA)).isdisjoint(
        set(calls_of(database, eid, BEN)) - set(calls_of(database, eid, ANA))
    )


def _individual(database: Database, eid: int, leader: str) -> list[CoachCall]:
    with database.read() as s:
        rows = s.exec(
            select(CoachCall)
            .join(CoachSlot)
            .where(CoachCall.engagement_id == eid, CoachSlot.leader_id == leader)
        ).all()
        return sorted(rows, key=lambda c: c.starts_at)


def test_a_move_sends_an_update_and_a_skip_a_cancellation(database: Database) -> None:
    eid = to_support(database)
    first, second = _individual(database, eid, ANA)[1:3]
    later = NOW + timedelta(minutes=1)
    local = first.starts_at.astimezone(ZoneInfo(ZONE))
    calls.move_call(
        database, engagement_id=eid, call_id=first.id or 0, user_id=ANA, day=local.date() + timedelta(days=1),
        at=local.time(), now=later,
    )  # fmt: skip
    calls.skip_call(database, engagement_id=eid, call_id=second.id or 0, user_id=COACH, now=later)
    new = {n: d for n, d in files(database, ANA, later) if n not in REQUESTS}
    assert set(new) == {"coaching-call-update.ics", "coaching-call-cancelled.ics"}
    update, cancel = new["coaching-call-update.ics"], new["coaching-call-cancelled.ics"]
    assert method(update) == "REQUEST"
    (moved,) = events(update)
    assert moved["RECURRENCE-ID"].dt == first.starts_at
    assert moved["SEQUENCE"] == 1
    assert moved["DTSTART"].dt == first.starts_at + timedelta(days=1)
    assert method(cancel) == "CANCEL"
    (skipped,) = events(cancel)
    assert skipped["RECURRENCE-ID"].dt == second.starts_at
    assert skipped["SEQUENCE"] == 1
    # Ben is not in Ana's call: no file about it reaches him
    assert sorted(n for n, _ in files(database, BEN, later)) == sorted(REQUESTS)
    # the feed agrees with the database: moved call at its new time, skipped call gone
    assert starts(feed(database, ANA)) == calls_of(database, eid, ANA)
    assert starts(feed(database, COACH)) == calls_of(database, eid, COACH, everyone=True)


def test_moving_twice_keeps_the_first_time_as_recurrence_id(database: Database) -> None:
    eid = to_support(database)
    call = _individual(database, eid, BEN)[2]
    original = call.starts_at
    for days in (1, 2):
        local = original.astimezone(ZoneInfo(ZONE))
        calls.move_call(
            database, engagement_id=eid, call_id=call.id or 0, user_id=COACH,
            day=local.date() + timedelta(days=days), at=local.time(), now=NOW + timedelta(minutes=days),
        )  # fmt: skip
    updates = [
        d for n, d in files(database, BEN, NOW + timedelta(hours=1)) if n == "coaching-call-update.ics"
    ]
    assert len(updates) == 2
    assert {events(d)[0]["RECURRENCE-ID"].dt for d in updates} == {original}
    assert {events(d)[0]["SEQUENCE"] for d in updates} == {2}  # drawn when sent: the latest state, twice


def test_closing_cancels_what_is_left(database: Database) -> None:
    eid = to_support(database)
    later = NOW + timedelta(days=40)
    setup.advance(database, engagement_id=eid, user_id=COACH, now=later)
    with database.read() as s:
        left = s.exec(
            select(CoachCall).where(
                CoachCall.engagement_id == eid,
                CoachCall.status == CallStatus.SCHEDULED,
                CoachCall.starts_at > later,
            )
        ).all()
    closing = [d for n, d in files(database, COACH, later) if n.endswith("-cancelled.ics")]
    assert len(closing) == 3
    assert all(method(d) == "CANCEL" for d in closing)
    cancelled = sorted(e["RECURRENCE-ID"].dt for d in closing for e in events(d))
    assert cancelled == sorted(c.starts_at for c in left)
    assert all(t <= later for t in starts(feed(database, COACH)))


def test_meetings_get_a_date_and_go_to_the_people_in_them(database: Database) -> None:
    eid = create(database, NOW, zone=ZONE)
    day = (NOW + timedelta(days=10)).date()

    calendar.set_meeting(
        database, engagement_id=eid, user_id=COACH, meeting=Meeting.FEEDBACK, day=day, at=time(9, 0), now=NOW
    )
    calendar.set_meeting(
        database,
        engagement_id=eid,
        user_id=COACH,
        meeting=Meeting.ALIGNMENT,
        day=day,
        at=time(14, 0),
        now=NOW,
    )
    assert sorted(n for n, _ in files(database, ANA, NOW)) == [
        "alignment-meeting.ics",
        "feedback-session.ics",
    ]
    assert [n for n, _ in files(database, SPONSOR, NOW)] == ["alignment-meeting.ics"]
    assert files(database, COL1, NOW) == []
    calendar.set_meeting(
        database, engagement_id=eid, user_id=COACH, meeting=Meeting.FEEDBACK, day=day, at=time(10, 0),
        now=NOW + timedelta(minutes=1),
    )  # fmt: skip
    (update,) = [
        d for n, d in files(database, BEN, NOW + timedelta(minutes=1)) if n == "feedback-session-update.ics"
    ]
    (event,) = events(update)
    assert event["SEQUENCE"] == 1
    assert "RECURRENCE-ID" not in event
    assert event["DTSTART"].dt.astimezone(ZoneInfo(ZONE)).hour == 10
    with pytest.raises(Refused):
        calendar.set_meeting(
            database,
            engagement_id=eid,
            user_id=ANA,
            meeting=Meeting.FEEDBACK,
            day=day,
            at=time(9, 0),
            now=NOW,
        )
    with pytest.raises(Refused):
        calendar.set_meeting(
            database, engagement_id=eid, user_id=COACH, meeting=Meeting.FEEDBACK, day=NOW.date(),
            at=time(0, 0), now=NOW,
        )  # fmt: skip


def test_an_invite_row_per_person_and_change_only_once(database: Database) -> None:
    eid = to_support(database)
    with database.read() as s:
        keys = s.exec(select(CalendarInvite.key)).all()
    assert len(keys) == len(set(keys)) == 2 + 2 + 3
    assert all(k.startswith(f"coach:{eid}:invite:") for k in keys)


def test_erasing_the_engagement_takes_its_calendar_rows(database: Database) -> None:
    from bot.coach.service import export
    from storage.calendar import CalendarAttendee, CalendarChange

    eid = to_support(database)
    calls.skip_call(
        database,
        engagement_id=eid,
        call_id=_individual(database, eid, ANA)[1].id or 0,
        user_id=COACH,
        now=NOW,
    )
    setup.advance(database, engagement_id=eid, user_id=COACH, now=NOW)
    export.erase(database, engagement_id=eid, user_id=COACH, now=NOW)
    with database.read() as s:
        for table in (CalendarAttendee, CalendarChange, CalendarInvite):
            assert s.exec(select(table)).all() == [], table
    assert starts(feed(database, ANA)) == []
