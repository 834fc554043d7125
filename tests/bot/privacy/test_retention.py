"""Retention as due work: sent message bodies go at once, people's words a retention period after their
session or engagement ended, and not a moment before; a second pass at the same instant changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import col, select

from bot.clock import FakeClock
from bot.coach.service import setup
from bot.privacy.person import BLANK_PAYLOAD
from bot.privacy.retention import Retention, apply_retention
from storage.coach import CoachCheckIn, CoachIntake
from storage.db import Database
from storage.platform import Outbox
from tests.bot.coach.helpers import COACH, SECRET_ANA, to_support

YEAR = timedelta(days=Retention.days)


def _intake_text(db: Database) -> str:
    with db.read() as s:
        return " ".join(r.answers for r in s.exec(select(CoachIntake)).all())


def test_sent_bodies_go_at_once_and_words_after_the_retention_period(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    eid = to_support(database, now)
    with database.session() as s:
        rows = s.exec(select(Outbox).order_by(col(Outbox.id))).all()
        sent, waiting = rows[0], rows[1]
        sent.status = "sent"
        s.add(sent)
        s.add(
            CoachCheckIn(
                engagement_id=eid,
                call_id=1,
                user_id="U_ANA",
                score=4,
                went_well="calm",
                got_in_way="x",
                issues="y",
                submitted_at=now,
            )
        )
    assert apply_retention(database, now) == 1
    assert apply_retention(database, now) == 0  # idempotent
    with database.read() as s:
        assert s.get(Outbox, sent.id).payload == BLANK_PAYLOAD  # type: ignore[union-attr]
        kept = s.get(Outbox, sent.id)
        assert kept is not None
        assert (kept.dedupe_key, kept.status) == (sent.dedupe_key, "sent")  # so it is never sent again
        assert json.loads(s.get(Outbox, waiting.id).payload)["text"]  # type: ignore[union-attr]
    setup.advance(database, engagement_id=eid, user_id=COACH, now=now)  # closed
    apply_retention(database, now + YEAR - timedelta(minutes=1))
    assert SECRET_ANA in _intake_text(database)
    assert apply_retention(database, now + YEAR + timedelta(minutes=1)) > 0
    assert SECRET_ANA not in _intake_text(database)
    with database.read() as s:
        (checkin,) = s.exec(select(CoachCheckIn)).all()
    assert (checkin.score, checkin.went_well, checkin.got_in_way, checkin.issues) == (4, "", "", "")


def test_captured_replies_lose_their_text_a_retention_period_after_the_session(
    database: Database, clock: FakeClock
) -> None:
    from storage.assess import AssessRound, AssessSession, CapturedReply

    now = clock.now()
    with database.session() as s:
        s.add(
            AssessSession(id=1, team_id="T", channel_id="C", facilitator_id="U_F", timing="5", created_at=now)
        )
        s.flush()
        s.add(AssessRound(id=1, session_id=1, position=0, leader_id="U_L"))
        s.flush()
        s.add(
            CapturedReply(
                round_id=1, channel_id="C", ts="1.0", user_id="U_P", phase=2, text="words", created_at=now
            )
        )
    apply_retention(database, now + YEAR * 2)  # the session has not ended: nothing goes
    with database.session() as s:
        sitting = s.get(AssessSession, 1)
        assert sitting is not None
        sitting.status, sitting.ended_at = "ended", now
        s.add(sitting)
    apply_retention(database, now + YEAR - timedelta(minutes=1))
    with database.read() as s:
        assert [r.text for r in s.exec(select(CapturedReply)).all()] == ["words"]
    apply_retention(database, now + YEAR + timedelta(minutes=1))
    with database.read() as s:
        assert [r.text for r in s.exec(select(CapturedReply)).all()] == [
            ""
        ]  # still counted, no longer readable
