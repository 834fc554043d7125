"""`/assess` scheduled work, registered with the platform: rounds that reach a deadline (which rounds have
something due at `now`, and doing it), charts to upload, and the live round card's renderers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

from sqlmodel import Session, col, select

import bot.assess.service.chart  # noqa: F401  (its chart uploads register with the gateway: bot/slack/uploads.py)
from bot.assess import store
from bot.assess.domain import round_clock
from bot.assess.domain.statuses import RoundStatus
from bot.assess.render.card import render_plain_round_card, render_round_card
from bot.assess.service import flow
from bot.assess.store import CARD_KIND
from bot.failures import Kind, Loaded, Status, backoff, each_apart, error_kind, record_attempt
from bot.platform import due as registry
from bot.slack.effects import refresh_anchor
from storage.assess import AssessRound, AssessSession, PhaseSpan
from storage.db import Database
from storage.platform import MessageAnchor
from storage.types import row_id

# Rounds advanced per transaction: one commit per round made 1,000 rounds with 5 s phases fall behind
# (P2 in bench/), while a short transaction keeps buttons on those rounds from waiting long.
CHUNK = 50


def advance_due_rounds(db: Database, now: datetime) -> int:
    """End every phase whose deadline passed and refresh cards at minute marks; returns rounds touched.

    Idempotent: a second call at the same `now` finds nothing due."""
    with db.read() as s:
        due = [
            round_id
            for round_id in s.exec(
                select(AssessRound.id)
                .where(AssessRound.status == RoundStatus.RUNNING)
                .where(col(AssessRound.next_tick_at) <= now)
                .order_by(col(AssessRound.next_tick_at))
            ).all()
            if round_id is not None
        ]
    touched = 0
    for first in range(0, len(due), CHUNK):
        touched += each_apart(
            db,
            kind=Kind.ROUND,
            key=lambda rnd: advance_key(row_id(rnd)),
            load=partial(_load_chunk, round_ids=due[first : first + CHUNK], now=now),
            handle=partial(_advance, now=now),
            fail=partial(_advance_failed, now=now),
        )
    return touched


def _load_chunk(s: Session, *, round_ids: Sequence[int], now: datetime) -> Loaded[AssessRound]:
    """Lock the chunk's rounds (in id order, so two workers never deadlock) and return those still due.
    What each round needs is loaded in a few queries and held, so the flow's s.get calls are answered from
    the session instead of one query each."""
    rounds = s.exec(
        select(AssessRound)
        .where(col(AssessRound.id).in_(round_ids))
        .order_by(col(AssessRound.id))
        .with_for_update()
    ).all()
    sittings = s.exec(
        select(AssessSession).where(col(AssessSession.id).in_({r.session_id for r in rounds}))
    ).all()
    spans = s.exec(
        select(PhaseSpan)
        .where(col(PhaseSpan.round_id).in_(round_ids))
        .where(col(PhaseSpan.ended_at).is_(None))
    ).all()
    cards = s.exec(
        select(MessageAnchor).where(col(MessageAnchor.key).in_([store.card_key(i) for i in round_ids]))
    )
    held = [*sittings, *spans, *cards.all()]
    # Another worker may have got here first.
    due = [
        r
        for r in rounds
        if r.status == RoundStatus.RUNNING and r.next_tick_at is not None and r.next_tick_at <= now
    ]
    return due, held


def _advance_failed(s: Session, rnd: AssessRound, exc: Exception, *, now: datetime) -> None:
    """The round could not move on (the phase change or what it sends raised): try again shortly; after
    a few tries it stops ticking and its facilitator is told (`/assess stop` still ends it)."""
    sitting = s.get(AssessSession, rnd.session_id)
    failed = record_attempt(
        s,
        kind=Kind.ROUND,
        item=advance_key(row_id(rnd)),
        team_id=sitting.team_id if sitting else "",
        error=error_kind(exc),
        now=now,
    )
    rnd.next_tick_at = None if failed.status == Status.FAILED else now + backoff(failed.attempts)
    s.add(rnd)


def advance_key(round_id: int) -> str:
    return f"assess:{round_id}:advance"


def _advance(s: Session, rnd: AssessRound, *, now: datetime) -> None:
    assert rnd.id is not None
    sitting = s.get(AssessSession, rnd.session_id)
    assert sitting is not None
    timer, ended = round_clock.advance(store.timer_of(rnd, store.parse_timing(sitting.timing)), now)
    store.save_timer(rnd, timer, now)
    s.add(rnd)
    flow.apply_phase_ends(s, sitting, rnd, ended, now)
    refresh_anchor(s, store.card_key(rnd.id), now=now, urgent=bool(ended))


def next_due(db: Database) -> datetime | None:
    """When the earliest live round next needs attention, so the scheduler can wake exactly then."""
    with db.read() as s:
        return s.exec(
            select(AssessRound.next_tick_at)
            .where(AssessRound.status == RoundStatus.RUNNING)
            .where(col(AssessRound.next_tick_at).is_not(None))
            .order_by(col(AssessRound.next_tick_at))
        ).first()


registry.due_work(advance_due_rounds)
registry.deadline(next_due)
registry.renderer(CARD_KIND, render_round_card, fallback=render_plain_round_card)
