"""Event ids are remembered for at least 24 hours (Slack's retries never count twice), then forgotten."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.clock import FakeClock
from bot.housekeeping import forget_old_event_ids
from storage.db import Database
from storage.platform import SeenEvent


def test_event_ids_are_kept_a_day_and_then_pruned(database: Database, clock: FakeClock) -> None:
    start = clock.now()
    with database.session() as s:
        s.add(SeenEvent(event_id="Ev_OLD", seen_at=start))
        s.add(SeenEvent(event_id="Ev_NEW", seen_at=start + timedelta(hours=30)))
    assert forget_old_event_ids(database, start + timedelta(hours=25)) == 0
    assert forget_old_event_ids(database, start + timedelta(hours=49)) == 1
    with database.session() as s:
        assert [e.event_id for e in s.exec(select(SeenEvent)).all()] == ["Ev_NEW"]
