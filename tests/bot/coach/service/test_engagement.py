"""An engagement through the services: what each person is sent, and what each role may do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.clock import FakeClock
from bot.coach.domain.engagement import Review
from bot.coach.due import send_due_coaching
from bot.coach.service import records, setup
from bot.ids import CoachAction
from bot.platform.errors import Refused
from storage.db import Database
from tests.bot.coach.helpers import (
    ANA,
    BEN,
    COACH,
    COL1,
    COL2,
    SECRET_ANA,
    SECRET_COL,
    SPONSOR,
    create,
    everything,
    give_intake,
    received,
    status_for,
    to_feedback,
    to_support,
)


def test_everyone_is_told_their_role_and_only_leaders_and_colleagues_get_the_intake(
    database: Database, clock: FakeClock
) -> None:
    create(database, clock.now())
    for person in (ANA, BEN, COL1, COL2):
        (welcome,) = received(database, person)
        assert CoachAction.OPEN_INTAKE.value in welcome
    (welcome,) = received(database, SPONSOR)
    assert CoachAction.OPEN_INTAKE.value not in welcome
    # The coach created it: a welcome, then the confirmation that names where sponsor summaries go.
    welcome, created = received(database, COACH)
    assert CoachAction.OPEN_INTAKE.value not in welcome
    assert f"Sponsor summaries will go by direct message to <@{SPONSOR}>" in created
    assert "*leader*" in everything(database, ANA)
    assert "*sponsor*" in everything(database, SPONSOR)


def test_intake_answers_reach_only_the_coach_and_the_sponsor_sees_a_count(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = create(database, now)
    give_intake(database, eid, now)
    assert SECRET_ANA in everything(database, COACH)
    assert SECRET_COL in everything(database, COACH)
    for person in (BEN, COL2, SPONSOR, ANA, COL1):
        assert SECRET_ANA not in everything(database, person)
        assert SECRET_COL not in everything(database, person)
    sponsor = status_for(database, eid, SPONSOR, now)
    assert "2 of 4 answered" in sponsor
    assert SECRET_ANA not in sponsor
    assert "Still to answer" not in sponsor
    coach = status_for(database, eid, COACH, now)
    assert "Still to answer: <@U_BEN>, <@U_COL2>" in coach
    assert "You have answered." in status_for(database, eid, ANA, now)
    assert "You have not answered yet." in status_for(database, eid, BEN, now)


def test_a_sponsor_sees_intake_text_only_when_the_leader_shared_it(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = create(database, now)
    records.save_intake(
        database, engagement_id=eid, user_id=BEN, answers={"coach_q4": "Weekly 1:1s"}, shared=True, now=now
    )
    assert "Weekly 1:1s" in status_for(database, eid, SPONSOR, now)
    assert "Weekly 1:1s" not in status_for(database, eid, ANA, now)


def test_one_intake_reminder_to_those_who_have_not_answered(database: Database, clock: FakeClock) -> None:
    now = clock.now()
    eid = create(database, now)
    give_intake(database, eid, now)
    later = now + setup.INTAKE_REMINDER_AFTER
    send_due_coaching(database, later)
    send_due_coaching(database, later + timedelta(days=5))
    for person, expected in ((ANA, 1), (COL1, 1), (BEN, 2), (COL2, 2)):
        assert len(received(database, person)) == expected, person
    assert "A reminder" in received(database, BEN)[-1]


@pytest.mark.parametrize("person", [ANA, BEN, COL1, SPONSOR])
def test_only_the_coach_moves_the_engagement_on(database: Database, clock: FakeClock, person: str) -> None:
    eid = create(database, clock.now())
    with pytest.raises(Refused, match="Only the engagement's coach"):
        setup.advance(database, engagement_id=eid, user_id=person, now=clock.now())


def test_feedback_items_go_to_the_leader_they_are_about(database: Database, clock: FakeClock) -> None:
    now = clock.now()
    eid = to_feedback(database, now)
    assert "Interrupts in meetings" in everything(database, ANA)
    assert "Reports arrive late" not in everything(database, ANA)
    assert "Reports arrive late" in everything(database, BEN)
    assert "Interrupts in meetings" not in everything(database, BEN)
    for person in (COL1, COL2, SPONSOR):
        assert "Interrupts" not in everything(database, person) + status_for(database, eid, person, now)
    assert "Feedback items: operational 1, personal 1" in status_for(database, eid, SPONSOR, now)
    coach = status_for(database, eid, COACH, now)
    assert coach.index("[operational]") < coach.index("[personal]")  # grouped by category
    assert "Interrupts in meetings" in coach
    assert "Reports arrive late" in coach
    assert "moved to *Feedback session*" in everything(database, COL1)


def test_a_leader_reviews_only_their_own_items_and_the_coach_sees_the_verdict(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = to_feedback(database, now)
    with database.session() as s:
        from storage.coach import CoachFeedbackItem

        ana_item = s.exec(select(CoachFeedbackItem).where(CoachFeedbackItem.leader_id == ANA)).one()
    for person in (BEN, COL1, SPONSOR, COACH):
        with pytest.raises(Refused):
            records.review_feedback(
                database,
                engagement_id=eid,
                item_id=ana_item.id or 0,
                user_id=person,
                verdict=Review.AGREE,
                now=now,
            )
    records.review_feedback(
        database, engagement_id=eid, item_id=ana_item.id or 0, user_id=ANA, verdict=Review.AGREE, now=now
    )
    assert "marked a personal item *agree*" in everything(database, COACH)
    assert "(agree)" in status_for(database, eid, COACH, now)


def test_commitments_go_to_both_leaders_and_the_sponsor_sees_status_only(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = to_support(database, now)
    assert "Weekly sync with Ben" in everything(database, ANA)
    assert "Weekly sync with Ben" in everything(database, BEN)
    for person in (COL1, COL2, SPONSOR):
        assert "Weekly sync" not in everything(database, person) + status_for(database, eid, person, now)
    assert "Commitments: 1 on track" in status_for(database, eid, SPONSOR, now)
    with pytest.raises(Refused):
        records.confirm_commitment(database, engagement_id=eid, commitment_id=1, user_id=COL1, now=now)
    records.confirm_commitment(database, engagement_id=eid, commitment_id=1, user_id=BEN, now=now)
    assert "confirmed the commitment" in everything(database, COACH)
    assert "(on track, confirmed by 1 of 2)" in status_for(database, eid, ANA, now)
    assert "1 overdue" in status_for(database, eid, SPONSOR, datetime(2026, 12, 21, 12, tzinfo=UTC))


def test_the_sponsor_summary_at_a_stage_change_carries_counts_never_text(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    to_support(database, now)
    summaries = [m for m in received(database, SPONSOR) if "Sponsor summary" in m]
    assert len(summaries) == 3  # feedback, alignment, support
    text = "\n".join(summaries)
    for secret in (SECRET_ANA, SECRET_COL, "Interrupts", "Weekly sync"):
        assert secret not in text
    assert "2 of 4 answered" in summaries[-1]
