"""The scheduler's question for live rounds: which rounds have something due at `now`, and do it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from bot.assess import flow, round_clock, store
from bot.slack.effects import refresh_anchor
from storage.db import Database
from storage.models import AssessRound, AssessSession


def advance_due_rounds(db: Database, now: datetime) -> int:
    """End every phase whose deadline passed and refresh cards at minute marks; returns rounds touched.

    Idempotent: a second call at the same `now` finds nothing due."""
    with db.read() as s:
        due = s.exec(
            select(AssessRound.id)
            .where(AssessRound.status == "running")
            .where(col(AssessRound.next_tick_at) <= now)
        ).all()
    touched = 0
    for round_id in due:
        if round_id is not None and _advance(db, round_id, now):
            touched += 1
    return touched


def _advance(db: Database, round_id: int, now: datetime) -> bool:
    with db.session() as s:
        rnd = store.lock_round(s, round_id)
        if rnd is None or rnd.status != "running" or rnd.next_tick_at is None or rnd.next_tick_at > now:
            return False  # another worker got here first
        sitting = s.get(AssessSession, rnd.session_id)
        assert sitting is not None
        timer, ended = round_clock.advance(store.timer_of(rnd, store.parse_timing(sitting.timing)), now)
        store.save_timer(rnd, timer, now)
        s.add(rnd)
        flow.apply_phase_ends(s, sitting, rnd, ended, now)
        refresh_anchor(s, store.card_key(round_id), now=now, urgent=bool(ended))
        return True


def next_due(db: Database) -> datetime | None:
    """When the earliest live round next needs attention, so the scheduler can wake exactly then."""
    with db.read() as s:
        return s.exec(
            select(AssessRound.next_tick_at)
            .where(AssessRound.status == "running")
            .where(col(AssessRound.next_tick_at).is_not(None))
            .order_by(col(AssessRound.next_tick_at))
        ).first()
