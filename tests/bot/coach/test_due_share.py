"""The `/coach` due work takes a short share of each tick: what is left stays due for the next one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.clock import FakeClock
from bot.coach import due
from bot.coach.service import setup
from storage.coach import CoachDue
from storage.db import Database
from tests.bot.coach.helpers import COACH, create, outbox_count


def test_a_tick_turns_one_batch_into_messages_and_leaves_the_rest_due(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 10,000 nudges due at once (P8 in bench/) a tick spent 2 s here while phase deadlines waited."""
    monkeypatch.setattr(due, "BATCH", 2)
    eid = create(database, clock.now())
    for _ in range(3):
        setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())
    later = clock.now() + timedelta(weeks=10)
    with database.read() as s:
        waiting = len(
            s.exec(
                select(CoachDue).where(
                    CoachDue.kind != "chart", CoachDue.status == "pending", CoachDue.due_at <= later
                )
            ).all()
        )
    assert waiting > 2
    before = outbox_count(database)
    assert due.send_due_coaching(database, later, max_seconds=0) == 2  # one batch, however short the share
    assert due.send_due_coaching(database, later, max_seconds=0) == 2
    handled = 4
    while (done := due.send_due_coaching(database, later, max_seconds=0)) > 0:
        handled += done
    assert handled == waiting  # each once: none lost, none twice
    with database.read() as s:
        assert (
            s.exec(select(CoachDue).where(CoachDue.status == "pending", CoachDue.due_at <= later)).all() == []
        )
    assert outbox_count(database) > before
    assert due.send_due_coaching(database, later) == 0
