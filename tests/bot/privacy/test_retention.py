"""Retention as due work: sent message bodies go at once, people's words a retention period after their
session or engagement ended, and not a moment before; a second pass at the same instant changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import col, select

from bot.clock import FakeClock
from bot.coach import setup
from bot.privacy.person import BLANK_PAYLOAD
from bot.privacy.retention import Retention, apply_retention
from storage.coach_models import CoachCheckIn, CoachIntake
from storage.db import Database
from storage.models import Outbox
from tests.coach.helpers import COACH, SECRET_ANA, to_support

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
