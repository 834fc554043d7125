"""Nudges through the due-work job: DST in three zones with a moving fake clock, and restarts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.clock import FakeClock
from bot.coach.due import send_due_coaching
from bot.coach.forms import SlotInput
from bot.coach.service import setup
from storage.coach import CoachCall, CoachDue
from storage.db import Database
from tests.bot.coach.helpers import BEN, COACH, create, outbox_count, received

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

MONDAY_NINE = (SlotInput(0, time(9, 0)), SlotInput(0, time(9, 0)), SlotInput(3, time(15, 0)))
# (zone, start of the engagement, the 2027 change the calls straddle)
ZONES = [
    ("America/New_York", date(2027, 3, 1), datetime(2027, 3, 14, 7, tzinfo=UTC)),
    ("Europe/Berlin", date(2027, 10, 18), datetime(2027, 10, 31, 1, tzinfo=UTC)),
    ("Australia/Sydney", date(2027, 3, 22), datetime(2027, 4, 3, 16, tzinfo=UTC)),
]


def _nudge_times(received_texts: list[str]) -> list[int]:
    out = []
    for text in received_texts:
        if "Coaching call with" in text and "coming up" in text:
            out.append(int(text.split("<!date^")[1].split("^")[0]))
    return out


@pytest.mark.parametrize(("zone", "start", "change"), ZONES)
def test_nudges_keep_local_time_across_dst_and_go_out_once(
    database: Database, clock: FakeClock, zone: str, start: date, change: datetime
) -> None:
    clock.set(datetime.combine(start, time(0, 0), tzinfo=ZoneInfo(zone)).astimezone(UTC) - timedelta(days=1))
    eid = create(database, clock.now(), zone=zone, start=start, slots=MONDAY_NINE)
    for _ in range(3):
        setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())
    end = datetime.combine(start + timedelta(days=20), time(0, 0), tzinfo=UTC)
    while clock.now() < end:  # the scheduler, every 15 minutes, running twice each time
        send_due_coaching(database, clock.now())
        send_due_coaching(database, clock.now())
        clock.advance(15 * 60)
    calls = _nudge_times(received(database, BEN))
    assert len(calls) == 4  # two calls, each nudged 24 h and 1 h before, never twice
    starts = sorted(set(calls))
    assert len(starts) == 2
    assert starts[0] < change.timestamp() < starts[1]
    for stamp in starts:
        local = datetime.fromtimestamp(stamp, ZoneInfo(zone))
        assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)


def test_a_restart_between_ticks_loses_nothing_and_repeats_nothing(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = create(database, now)
    for _ in range(3):
        setup.advance(database, engagement_id=eid, user_id=COACH, now=now)
    with database.session() as s:
        due = s.exec(select(CoachDue).where(CoachDue.kind == "nudge")).all()
    first = min(d.due_at for d in due)
    send_due_coaching(database, first)
    sent = outbox_count(database)
    restarted = Database(database.url)  # a new process: nothing but the database carries over
    try:
        send_due_coaching(restarted, first)
        assert outbox_count(restarted) == sent
        send_due_coaching(restarted, first + timedelta(days=3))  # it was down for three days
        with restarted.session() as s:
            late = s.exec(
                select(CoachDue).where(
                    CoachDue.due_at <= first + timedelta(days=3), CoachDue.status == "pending"
                )
            ).all()
        assert late == []
    finally:
        restarted.dispose()


def test_after_downtime_a_nudge_for_a_call_ahead_goes_late_and_one_for_a_started_call_is_skipped(
    database: Database, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    eid = create(database, clock.now())
    for _ in range(3):
        setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())
    with database.session() as s:
        nudges = s.exec(select(CoachDue).where(CoachDue.kind == "nudge", CoachDue.user_id == BEN)).all()
        calls = {c.id: c.starts_at for c in s.exec(select(CoachCall)).all()}
    first_call = min(calls[n.call_id] for n in nudges if n.call_id is not None)
    early = [n for n in nudges if calls[n.call_id or 0] == first_call]  # its 24 h and 1 h nudges
    assert len(early) == 2
    # Down from before the 24 h nudge until 30 minutes before the call: that one goes out once, late;
    # the 1 h nudge (due 30 minutes ago) still precedes the call, so it goes too.
    send_due_coaching(database, first_call - timedelta(minutes=30))
    assert len(_nudge_times(received(database, BEN))) == 2
    # Another engagement's first call, with the process down until 10 minutes after it started.
    other = create(database, clock.now())
    for _ in range(3):
        setup.advance(database, engagement_id=other, user_id=COACH, now=clock.now())
    with database.session() as s:
        late = s.exec(select(CoachDue).where(CoachDue.engagement_id == other, CoachDue.kind == "nudge")).all()
        starts = {
            c.id: c.starts_at for c in s.exec(select(CoachCall).where(CoachCall.engagement_id == other))
        }
    first_other = min(starts[n.call_id or 0] for n in late)
    before = len(received(database, BEN))
    with caplog.at_level("WARNING", logger="bot.coach.due"):
        send_due_coaching(database, first_other + timedelta(minutes=10))
    with database.session() as s:
        statuses = {
            n.key: n.status
            for n in s.exec(select(CoachDue).where(CoachDue.engagement_id == other, CoachDue.kind == "nudge"))
            if starts[n.call_id or 0] == first_other
        }
    assert set(statuses.values()) == {"skipped"}
    assert len(received(database, BEN)) == before  # no "coming up" for a call already under way
    assert "skipped: its call started" in caplog.text
