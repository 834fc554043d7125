"""A property over random engagements (zones, DST, slots, moves, skips, closing): every file a person is due
and their feed hold only calls they are in, and the feed holds exactly those, read back by two readers."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.calendar import ics, store
from bot.calendar.domain import visible_to
from bot.calendar.service.uploads import due_invites
from bot.coach.domain.engagement import CallStatus
from bot.coach.forms import NewEngagement, SlotInput
from bot.coach.service import calls, coaches, setup
from bot.platform.errors import Refused
from storage.coach import CoachCall, CoachSlot
from storage.db import Database
from tests.bot.calendar.reading import events, starts

POOL = ("U1", "U2", "U3", "U4", "U5", "U6")
ZONES = ("America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "UTC")
TEAMS = itertools.count()
UID = re.compile(r"^coach_slot-(\d+)-")


@dataclass(frozen=True)
class Case:
    leaders: tuple[str, str]
    coach: str
    sponsors: tuple[str, ...]
    zone: str
    start: date
    slots: tuple[SlotInput, SlotInput, SlotInput]
    changes: list[tuple[bool, int, int]]  # (move, else skip; which call; days later)
    close: bool


def _slot(draw: st.DrawFn) -> SlotInput:
    return SlotInput(draw(st.integers(0, 6)), time(draw(st.integers(6, 20)), 30))


@st.composite
def engagements(draw: st.DrawFn) -> Case:
    people = draw(st.permutations(POOL))
    return Case(
        leaders=(people[0], people[1]),
        coach=people[2],
        sponsors=tuple(people[3 : 3 + draw(st.integers(0, 2))]),
        zone=draw(st.sampled_from(ZONES)),
        start=date(2027, 2, 15) + timedelta(days=draw(st.integers(0, 60))),
        slots=(_slot(draw), _slot(draw), _slot(draw)),
        changes=draw(st.lists(st.tuples(st.booleans(), st.integers(0, 40), st.integers(1, 5)), max_size=6)),
        close=draw(st.booleans()),
    )


def _in_call(slot: CoachSlot, person: str, leaders: tuple[str, ...], coach: str) -> bool:
    return person == coach or (person in leaders and slot.leader_id in (None, person))


@settings(max_examples=12, deadline=None)
@given(case=engagements())
def test_files_and_feeds_hold_only_your_calls(database: Database, case: Case) -> None:
    team, now = f"T{next(TEAMS)}", datetime(2027, 2, 10, 12, tzinfo=UTC)
    leaders, coach = case.leaders, case.coach
    coaches.add(database, team_id=team, by="UA", user_id=coach, lookup=lambda _w: {"is_admin": True}, now=now)
    form = NewEngagement(
        name="E", leaders=leaders, sponsors=case.sponsors, coach=coach, colleagues=(), summary_channel=None,
        start=case.start, cadence_weeks=2, length_months=3, slots=case.slots,
    )  # fmt: skip
    eid = setup.create_engagement(
        database, team_id=team, creator_id=coach, zone=case.zone, form=form, now=now
    )
    for _ in range(3):
        setup.advance(database, engagement_id=eid, user_id=coach, now=now)
    with database.read() as s:
        rows = s.exec(
            select(CoachCall, CoachSlot).join(CoachSlot).where(CoachCall.engagement_id == eid)
        ).all()
    for i, (move, pick, days) in enumerate(case.changes):
        call = rows[pick % len(rows)][0]
        at = now + timedelta(minutes=i + 1)
        try:
            if move:
                local = call.starts_at.astimezone(ZoneInfo(case.zone))
                calls.move_call(
                    database, engagement_id=eid, call_id=call.id or 0, user_id=coach,
                    day=local.date() + timedelta(days=days), at=local.time(), now=at,
                )  # fmt: skip
            else:
                calls.skip_call(database, engagement_id=eid, call_id=call.id or 0, user_id=coach, now=at)
        except Refused:
            pass  # a call already skipped
    end = now + timedelta(hours=1)
    if case.close:
        setup.advance(database, engagement_id=eid, user_id=coach, now=end)
    with database.read() as s:
        rows = s.exec(
            select(CoachCall, CoachSlot).join(CoachSlot).where(CoachCall.engagement_id == eid)
        ).all()
        slots = {slot.id: slot for _, slot in rows}
        for person in POOL:
            mine = {slot_id for slot_id, slot in slots.items() if _in_call(slot, person, leaders, coach)}
            expected = sorted(
                c.starts_at
                for c, slot in rows
                if slot.id in mine
                and c.status == CallStatus.SCHEDULED
                and not (case.close and c.starts_at > end)
            )
            feed = ics.feed(visible_to(store.entries(s, store.sources_of(s, team, person)), person))
            assert starts(feed) == expected
            for upload in due_invites(s, end):
                if upload.team_id != team or upload.user_id != person:
                    continue
                for event in events(upload.draw()):
                    found = UID.match(str(event["UID"]))
                    assert found is not None
                    assert int(found.group(1)) in mine
