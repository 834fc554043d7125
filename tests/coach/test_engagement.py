"""An engagement through the services: what each person is sent, and what each role may do."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import col, select

from bot.clock import FakeClock
from bot.coach import calls, records, setup, store
from bot.coach.due import send_due_coaching
from bot.coach.forms import CheckInInput, FeedbackInput
from bot.coach.report import overview
from bot.ids import CoachAction
from storage.coach_models import CoachCall, CoachDue, CoachSlot
from storage.db import Database
from tests.coach.helpers import (
    ANA,
    BEN,
    COACH,
    COL1,
    COL2,
    SPONSOR,
    create,
    everything,
    outbox_count,
    received,
)

SECRET_ANA = "Ana's private history"
SECRET_COL = "I saw the shouting"


def _status(db: Database, eid: int, user: str, now: datetime) -> str:
    with db.session() as s:
        return overview(s, store.engagement(s, eid), user, store.roles_of(s, eid, user), now)


def _intake(db: Database, eid: int, now: datetime) -> None:
    records.save_intake(
        db, engagement_id=eid, user_id=ANA, answers={"coach_q1": SECRET_ANA}, shared=False, now=now
    )
    records.save_intake(
        db, engagement_id=eid, user_id=COL1, answers={"coach_q1": SECRET_COL}, shared=False, now=now
    )


def test_everyone_is_told_their_role_and_only_leaders_and_colleagues_get_the_intake(
    database: Database, clock: FakeClock
) -> None:
    create(database, clock.now())
    for person in (ANA, BEN, COL1, COL2):
        (welcome,) = received(database, person)
        assert CoachAction.OPEN_INTAKE.value in welcome
    for person in (COACH, SPONSOR):
        (welcome,) = received(database, person)
        assert CoachAction.OPEN_INTAKE.value not in welcome
    assert "*leader*" in everything(database, ANA)
    assert "*sponsor*" in everything(database, SPONSOR)


def test_intake_answers_reach_only_the_coach_and_the_sponsor_sees_a_count(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = create(database, now)
    _intake(database, eid, now)
    assert SECRET_ANA in everything(database, COACH)
    assert SECRET_COL in everything(database, COACH)
    for person in (BEN, COL2, SPONSOR, ANA, COL1):
        assert SECRET_ANA not in everything(database, person)
        assert SECRET_COL not in everything(database, person)
    sponsor = _status(database, eid, SPONSOR, now)
    assert "2 of 4 answered" in sponsor
    assert SECRET_ANA not in sponsor
    assert "Still to answer" not in sponsor
    coach = _status(database, eid, COACH, now)
    assert "Still to answer: <@U_BEN>, <@U_COL2>" in coach
    assert "You have answered." in _status(database, eid, ANA, now)
    assert "You have not answered yet." in _status(database, eid, BEN, now)


def test_a_sponsor_sees_intake_text_only_when_the_leader_shared_it(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = create(database, now)
    records.save_intake(
        database, engagement_id=eid, user_id=BEN, answers={"coach_q4": "Weekly 1:1s"}, shared=True, now=now
    )
    assert "Weekly 1:1s" in _status(database, eid, SPONSOR, now)
    assert "Weekly 1:1s" not in _status(database, eid, ANA, now)


def test_one_intake_reminder_to_those_who_have_not_answered(database: Database, clock: FakeClock) -> None:
    now = clock.now()
    eid = create(database, now)
    _intake(database, eid, now)
    later = now + setup.INTAKE_REMINDER_AFTER
    send_due_coaching(database, later)
    send_due_coaching(database, later + timedelta(days=5))
    for person, expected in ((ANA, 1), (COL1, 1), (BEN, 2), (COL2, 2)):
        assert len(received(database, person)) == expected, person
    assert "A reminder" in received(database, BEN)[-1]


@pytest.mark.parametrize("person", [ANA, BEN, COL1, SPONSOR])
def test_only_the_coach_moves_the_engagement_on(database: Database, clock: FakeClock, person: str) -> None:
    eid = create(database, clock.now())
    with pytest.raises(store.Refused, match="Only the engagement's coach"):
        setup.advance(database, engagement_id=eid, user_id=person, now=clock.now())


def _to_feedback(db: Database, now: datetime) -> int:
    eid = create(db, now)
    _intake(db, eid, now)
    setup.advance(db, engagement_id=eid, user_id=COACH, now=now)
    records.record_feedback(
        db,
        engagement_id=eid,
        user_id=COACH,
        now=now,
        item=FeedbackInput("Interrupts in meetings", ANA, "personal"),
    )
    records.record_feedback(
        db,
        engagement_id=eid,
        user_id=COACH,
        now=now,
        item=FeedbackInput("Reports arrive late", BEN, "operational"),
    )
    return eid


def test_feedback_items_go_to_the_leader_they_are_about(database: Database, clock: FakeClock) -> None:
    now = clock.now()
    eid = _to_feedback(database, now)
    assert "Interrupts in meetings" in everything(database, ANA)
    assert "Reports arrive late" not in everything(database, ANA)
    assert "Reports arrive late" in everything(database, BEN)
    assert "Interrupts in meetings" not in everything(database, BEN)
    for person in (COL1, COL2, SPONSOR):
        assert "Interrupts" not in everything(database, person) + _status(database, eid, person, now)
    assert "Feedback items: operational 1, personal 1" in _status(database, eid, SPONSOR, now)
    coach = _status(database, eid, COACH, now)
    assert coach.index("[operational]") < coach.index("[personal]")  # grouped by category
    assert "Interrupts in meetings" in coach
    assert "Reports arrive late" in coach
    assert "moved to *Feedback session*" in everything(database, COL1)


def test_a_leader_reviews_only_their_own_items_and_the_coach_sees_the_verdict(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = _to_feedback(database, now)
    with database.session() as s:
        from storage.coach_models import CoachFeedbackItem

        ana_item = s.exec(select(CoachFeedbackItem).where(CoachFeedbackItem.leader_id == ANA)).one()
    for person in (BEN, COL1, SPONSOR, COACH):
        with pytest.raises(store.Refused):
            records.review_feedback(
                database,
                engagement_id=eid,
                item_id=ana_item.id or 0,
                user_id=person,
                verdict="agree",
                now=now,
            )
    records.review_feedback(
        database, engagement_id=eid, item_id=ana_item.id or 0, user_id=ANA, verdict="agree", now=now
    )
    assert "marked a personal item *agree*" in everything(database, COACH)
    assert "(agree)" in _status(database, eid, COACH, now)


def _to_support(db: Database, now: datetime) -> int:
    eid = _to_feedback(db, now)
    setup.advance(db, engagement_id=eid, user_id=COACH, now=now)
    records.record_commitment(
        db,
        engagement_id=eid,
        user_id=COACH,
        text="Weekly sync with Ben",
        owner_id=ANA,
        due=date(2026, 12, 20),
        now=now,
    )
    setup.advance(db, engagement_id=eid, user_id=COACH, now=now)
    return eid


def test_commitments_go_to_both_leaders_and_the_sponsor_sees_status_only(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = _to_support(database, now)
    assert "Weekly sync with Ben" in everything(database, ANA)
    assert "Weekly sync with Ben" in everything(database, BEN)
    for person in (COL1, COL2, SPONSOR):
        assert "Weekly sync" not in everything(database, person) + _status(database, eid, person, now)
    assert "Commitments: 1 on track" in _status(database, eid, SPONSOR, now)
    with pytest.raises(store.Refused):
        records.confirm_commitment(database, engagement_id=eid, commitment_id=1, user_id=COL1, now=now)
    records.confirm_commitment(database, engagement_id=eid, commitment_id=1, user_id=BEN, now=now)
    assert "confirmed the commitment" in everything(database, COACH)
    assert "(on track, confirmed by 1 of 2)" in _status(database, eid, ANA, now)
    assert "1 overdue" in _status(database, eid, SPONSOR, datetime(2026, 12, 21, 12, tzinfo=UTC))


def test_the_sponsor_summary_at_a_stage_change_carries_counts_never_text(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    _to_support(database, now)
    summaries = [m for m in received(database, SPONSOR) if "Sponsor summary" in m]
    assert len(summaries) == 3  # feedback, alignment, support
    text = "\n".join(summaries)
    for secret in (SECRET_ANA, SECRET_COL, "Interrupts", "Weekly sync"):
        assert secret not in text
    assert "2 of 4 answered" in summaries[-1]


def _calls(db: Database) -> list[tuple[CoachCall, CoachSlot]]:
    with db.session() as s:
        rows = s.exec(select(CoachCall, CoachSlot).join(CoachSlot).order_by(col(CoachCall.starts_at))).all()
        return [(c, sl) for c, sl in rows]


def test_nudges_go_to_the_leader_in_the_call_once_with_commitments(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    _to_support(database, now)
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
    eid = _to_support(database, now)
    ben_call = next(c for c, slot in _calls(database) if slot.leader_id == BEN)
    after = ben_call.starts_at + timedelta(hours=1)
    send_due_coaching(database, after)
    assert CoachAction.OPEN_CHECKIN.value in received(database, BEN)[-1]
    with pytest.raises(store.Refused):
        records.save_checkin(
            database,
            engagement_id=eid,
            call_id=ben_call.id or 0,
            user_id=ANA,
            now=after,
            answers=CheckInInput(5, "x", "y", "", False),
        )
    records.save_checkin(
        database,
        engagement_id=eid,
        call_id=ben_call.id or 0,
        user_id=BEN,
        now=after,
        answers=CheckInInput(4, "We talked calmly", "Deadlines", "", False),
    )
    assert "We talked calmly" in everything(database, COACH)
    sponsor = _status(database, eid, SPONSOR, after)
    assert "Check-ins: 1 answered, progress scores 4" in sponsor
    assert "We talked calmly" not in sponsor + everything(database, SPONSOR) + everything(database, ANA)
    records.save_checkin(
        database,
        engagement_id=eid,
        call_id=ben_call.id or 0,
        user_id=BEN,
        now=after,
        answers=CheckInInput(5, "Even calmer", "Nothing", "", False),
    )
    assert "progress scores 5" in _status(database, eid, SPONSOR, after)  # replaced, not counted twice
    count = len(received(database, BEN))
    send_due_coaching(database, after + setup.CHECKIN_REMINDER_AFTER)
    assert len(received(database, BEN)) == count  # answered: no reminder


def test_skipping_a_call_cancels_its_nudges_and_moving_one_replans_them(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = _to_support(database, now)
    three_way = next(c for c, slot in _calls(database) if slot.leader_id is None)
    with pytest.raises(store.Refused):
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
    from bot.coach import export

    now = clock.now()
    eid = _to_support(database, now)
    with pytest.raises(store.Refused):
        export.erase(database, engagement_id=eid, user_id=COACH, now=now)
    setup.advance(database, engagement_id=eid, user_id=COACH, now=now)
    assert any("Final summary" in m for m in received(database, SPONSOR))
    assert any("Final summary" in m for m in received(database, COACH))
    with pytest.raises(store.Refused):
        export.export_document(database, engagement_id=eid, user_id=SPONSOR)
    _name, doc = export.export_document(database, engagement_id=eid, user_id=COACH)
    assert SECRET_ANA in doc
    export.erase(database, engagement_id=eid, user_id=COACH, now=now)
    with database.session() as s:
        assert store.choose(s, "T_ACME", COACH, named="", verb="status") is None
    assert received(database, ANA) == []
    with database.session() as s:
        for table in export.PERSONAL:
            assert s.exec(select(table)).all() == [], table


def test_leaders_mark_each_colleague_told_and_are_reminded_while_any_is_open(
    database: Database, clock: FakeClock
) -> None:
    from bot.coach import disclosure
    from storage.coach_models import CoachDisclosure

    now = clock.now()
    eid = _to_feedback(database, now)
    setup.advance(database, engagement_id=eid, user_id=COACH, now=now)  # alignment
    checklist = received(database, ANA)[-1]
    assert CoachAction.TOLD_COLLEAGUE.value in checklist
    assert "<@U_COL1>" in checklist
    assert "<@U_COL2>" in checklist
    with database.session() as s:
        rows = s.exec(select(CoachDisclosure).where(CoachDisclosure.leader_id == ANA)).all()
    with pytest.raises(store.Refused):
        disclosure.mark_told(database, engagement_id=eid, disclosure_id=rows[0].id or 0, user_id=BEN, now=now)
    disclosure.mark_told(database, engagement_id=eid, disclosure_id=rows[0].id or 0, user_id=ANA, now=now)
    assert "has told <@U_COL1>" in everything(database, COACH)
    assert "<@U_ANA> has told 1 of 2" in _status(database, eid, COACH, now)
    assert "U_ANA> has told" not in _status(database, eid, BEN, now)
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

    from storage.models import Outbox
    from tests.coach.helpers import TEAM, new_form

    now = clock.now()
    form = dataclasses.replace(new_form(), summary_channel="G_SPONSORS")
    eid = setup.create_engagement(
        database, team_id=TEAM, creator_id=COACH, zone="Europe/Lisbon", form=form, now=now
    )
    _intake(database, eid, now)
    setup.advance(database, engagement_id=eid, user_id=COACH, now=now)
    with database.session() as s:
        posts = s.exec(select(Outbox).where(Outbox.kind == "post", Outbox.channel_id == "G_SPONSORS")).all()
    (post,) = posts
    text = json.loads(post.payload)["text"]
    assert "Sponsor summary" in text
    assert "2 of 4 answered" in text
    assert SECRET_ANA not in text
    assert not any("Sponsor summary" in m for m in received(database, SPONSOR))
