"""Coaching support through the services: calls, nudges, check-ins, closing and where summaries go."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import col, select

from bot.clock import FakeClock
from bot.coach import store
from bot.coach.due import send_due_coaching
from bot.coach.forms import CheckInInput
from bot.coach.service import calls, records, setup, timetable
from bot.ids import CoachAction
from bot.platform.errors import Refused
from storage.coach import CoachCall, CoachDisclosure, CoachDue, CoachSlot
from storage.db import Database
from storage.platform import DirectChannel
from storage.privacy import AuditEntry
from tests.bot.coach.helpers import (
    ANA,
    BEN,
    COACH,
    COL1,
    SECRET_ANA,
    SPONSOR,
    everything,
    give_intake,
    outbox_count,
    received,
    status_for,
    to_feedback,
    to_support,
)

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`


def _calls(db: Database) -> list[tuple[CoachCall, CoachSlot]]:
    with db.session() as s:
        rows = s.exec(select(CoachCall, CoachSlot).join(CoachSlot).order_by(col(CoachCall.starts_at))).all()
        return [(c, sl) for c, sl in rows]


def test_nudges_go_to_the_leader_in_the_call_once_with_commitments(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    to_support(database, now)
    ben_call = next(c for c, slot in _calls(database) if slot.leader_id == BEN)
    assert ben_call.starts_at == datetime(2026, 11, 24, 10, tzinfo=UTC)  # Tuesday 10:00 in Lisbon
    before = len(received(database, BEN))
    send_due_coaching(database, ben_call.starts_at - timedelta(hours=24))
    sent = outbox_count(database)
    send_due_coaching(database, ben_call.starts_at - timedelta(hours=24))  # a second run at the same now
    assert outbox_count(database) == sent
    nudges = received(database, BEN)[before:]
    assert len(nudges) == 1
    assert f"<!date^{int(ben_call.starts_at.timestamp())}^" in nudges[0]
    assert CoachAction.SKIP_CALL.value in nudges[0]
    assert "Coaching call with <@U_BEN>" in nudges[0]
    assert not any("Coaching call" in m for m in received(database, ANA))
    send_due_coaching(database, ben_call.starts_at - timedelta(hours=1))
    assert len(received(database, BEN)[before:]) == 2
    coach_nudge = [m for m in received(database, COACH) if "Coaching call with <@U_BEN>" in m]
    assert len(coach_nudge) == 1  # the coach's one nudge, to move or skip the call
    assert "Bring your open commitments" not in coach_nudge[0]
    assert CoachAction.MOVE_CALL.value in coach_nudge[0]


def test_check_ins_reach_the_coach_and_the_sponsor_sees_scores(database: Database, clock: FakeClock) -> None:
    now = clock.now()
    eid = to_support(database, now)
    ben_call = next(c for c, slot in _calls(database) if slot.leader_id == BEN)
    after = ben_call.starts_at + timedelta(hours=1)
    send_due_coaching(database, after)

    def check_in(user: str, answers: CheckInInput) -> None:
        call_id = ben_call.id or 0
        records.save_checkin(
            database, engagement_id=eid, call_id=call_id, user_id=user, now=after, answers=answers
        )

    assert CoachAction.OPEN_CHECKIN.value in received(database, BEN)[-1]
    with pytest.raises(Refused):
        check_in(ANA, CheckInInput(5, "x", "y", "", False))
    check_in(BEN, CheckInInput(4, "We talked calmly", "Deadlines", "", False))
    assert "We talked calmly" in everything(database, COACH)
    sponsor = status_for(database, eid, SPONSOR, after)
    assert "Check-ins: 1 answered, progress scores 4" in sponsor
    assert "We talked calmly" not in sponsor + everything(database, SPONSOR) + everything(database, ANA)
    check_in(BEN, CheckInInput(5, "Even calmer", "Nothing", "", False))
    assert "progress scores 5" in status_for(database, eid, SPONSOR, after)  # replaced, not counted twice
    count = len(received(database, BEN))
    send_due_coaching(database, after + timetable.CHECKIN_REMINDER_AFTER)
    assert len(received(database, BEN)) == count  # answered: no reminder


def test_skipping_a_call_cancels_its_nudges_and_moving_one_replans_them(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = to_support(database, now)
    three_way = next(c for c, slot in _calls(database) if slot.leader_id is None)
    with pytest.raises(Refused):
        calls.skip_call(database, engagement_id=eid, call_id=three_way.id or 0, user_id=COL1, now=now)
    calls.skip_call(database, engagement_id=eid, call_id=three_way.id or 0, user_id=ANA, now=now)
    assert "skipped the three-way call" in everything(database, BEN)
    ben_call = next(c for c, slot in _calls(database) if slot.leader_id == BEN)
    calls.move_call(
        database,
        engagement_id=eid,
        call_id=ben_call.id or 0,
        user_id=BEN,
        day=date(2026, 11, 25),
        at=time(16, 30),
        now=now,
    )
    with database.session() as s:
        pending = s.exec(
            select(CoachDue).where(
                CoachDue.call_id == ben_call.id, CoachDue.status == "pending", CoachDue.kind == "nudge"
            )
        ).all()
    assert sorted(d.due_at for d in pending if d.user_id == BEN) == [
        datetime(2026, 11, 24, 16, 30, tzinfo=UTC),
        datetime(2026, 11, 25, 15, 30, tzinfo=UTC),
    ]
    assert [d.due_at for d in pending if d.user_id == COACH] == [datetime(2026, 11, 24, 16, 30, tzinfo=UTC)]
    before = len(received(database, ANA))
    send_due_coaching(database, datetime(2026, 11, 27, tzinfo=UTC))
    assert not any("Three-way" in m for m in received(database, ANA)[before:])


def test_closing_sends_final_summaries_and_erase_removes_personal_data(
    database: Database, clock: FakeClock
) -> None:
    from bot.coach.service import export

    now = clock.now()
    eid = to_support(database, now)
    with pytest.raises(Refused):
        export.erase(database, engagement_id=eid, user_id=COACH, now=now)
    setup.advance(database, engagement_id=eid, user_id=COACH, now=now)
    assert any("Final summary" in m for m in received(database, SPONSOR))
    assert any("Final summary" in m for m in received(database, COACH))
    with pytest.raises(Refused):
        export.export_document(database, engagement_id=eid, user_id=SPONSOR, now=now)
    _name, doc = export.export_document(database, engagement_id=eid, user_id=COACH, now=now)
    assert SECRET_ANA in doc
    assert '"coach_disclosure": [' in doc
    assert f'"colleague_id": "{COL1}"' in doc  # the disclosures are part of the record
    with database.session() as s:  # a DM channel the gateway had cached for Ana
        s.add(DirectChannel(team_id="T_ACME", user_id=ANA, channel_id="D_ANA"))
    export.erase(database, engagement_id=eid, user_id=COACH, now=now)
    with database.session() as s:
        assert store.choose(s, "T_ACME", COACH, named="", verb="status") is None
    assert received(database, ANA) == []
    with database.session() as s:
        for table in export.PERSONAL:
            assert s.exec(select(table)).all() == [], table
        assert s.exec(select(CoachDisclosure)).all() == []
        assert s.exec(select(DirectChannel)).all() == []
        actions = [
            (a.actor_id, a.action) for a in s.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        ]
    assert actions[-3:] == [(COACH, "close"), (COACH, "export"), (COACH, "erase")]


def test_leaders_mark_each_colleague_told_and_are_reminded_while_any_is_open(
    database: Database, clock: FakeClock
) -> None:
    from bot.coach.service import disclosure
    from storage.coach import CoachDisclosure

    now = clock.now()
    eid = to_feedback(database, now)
    setup.advance(database, engagement_id=eid, user_id=COACH, now=now)  # alignment
    checklist = received(database, ANA)[-1]
    assert CoachAction.TOLD_COLLEAGUE.value in checklist
    assert "<@U_COL1>" in checklist
    assert "<@U_COL2>" in checklist
    with database.session() as s:
        rows = s.exec(select(CoachDisclosure).where(CoachDisclosure.leader_id == ANA)).all()
    with pytest.raises(Refused):
        disclosure.mark_told(database, engagement_id=eid, disclosure_id=rows[0].id or 0, user_id=BEN, now=now)
    disclosure.mark_told(database, engagement_id=eid, disclosure_id=rows[0].id or 0, user_id=ANA, now=now)
    assert "has told <@U_COL1>" in everything(database, COACH)
    assert "<@U_ANA> has told 1 of 2" in status_for(database, eid, COACH, now)
    assert "U_ANA> has told" not in status_for(database, eid, BEN, now)
    week = now + disclosure.REMIND_EVERY
    send_due_coaching(database, week)
    send_due_coaching(database, week)
    assert "A reminder: please tell" in received(database, ANA)[-1]
    assert sum("A reminder: please tell" in m for m in received(database, ANA)) == 1
    disclosure.mark_told(database, engagement_id=eid, disclosure_id=rows[1].id or 0, user_id=ANA, now=week)
    send_due_coaching(database, week + disclosure.REMIND_EVERY)
    assert sum("A reminder: please tell" in m for m in received(database, ANA)) == 1
    assert sum("A reminder: please tell" in m for m in received(database, BEN)) == 2


def test_summaries_go_to_the_private_channel_when_one_was_chosen(
    database: Database, clock: FakeClock
) -> None:
    import dataclasses
    import json

    from storage.platform import Outbox
    from tests.bot.coach.helpers import TEAM, enlist, new_form

    now = clock.now()
    form = dataclasses.replace(new_form(), summary_channel="G_SPONSORS")
    enlist(database, COACH, now)
    eid = setup.create_engagement(
        database, team_id=TEAM, creator_id=COACH, zone="Europe/Lisbon", form=form, now=now
    )
    give_intake(database, eid, now)
    setup.advance(database, engagement_id=eid, user_id=COACH, now=now)
    with database.session() as s:
        posts = s.exec(select(Outbox).where(Outbox.kind == "post", Outbox.channel_id == "G_SPONSORS")).all()
    (post,) = posts
    text = json.loads(post.payload)["text"]
    assert "Sponsor summary" in text
    assert "2 of 4 answered" in text
    assert SECRET_ANA not in text
    assert not any("Sponsor summary" in m for m in received(database, SPONSOR))


def test_status_shows_each_person_only_the_calls_they_take_part_in(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = to_support(database, now)
    ben_call = next(c for c, slot in _calls(database) if slot.leader_id == BEN)
    calls.skip_call(database, engagement_id=eid, call_id=ben_call.id or 0, user_id=BEN, now=now)
    after = ben_call.starts_at + timedelta(minutes=1)
    assert "Calls: 0 held, 1 skipped." in status_for(database, eid, BEN, after)
    assert "Calls: 0 held, 1 skipped." in status_for(database, eid, COACH, after)
    # Ben's own coaching call is not Ana's: she neither sees it skipped nor sees it coming.
    ana = status_for(database, eid, ANA, after)
    assert "skipped" not in ana
    assert f"coaching call with <@{BEN}>" not in ana
    assert f"coaching call with <@{ANA}>" in ana
    sponsor = status_for(database, eid, SPONSOR, after)
    assert "Calls: 0 held, 1 skipped." in sponsor  # sponsors see counts of every call
    assert "Next:" not in sponsor  # but take part in none
