"""The due-work registry: every programme registers itself; the runtime and the scheduler only ask."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import bot.runtime
from bot.assess.due import advance_due_rounds
from bot.assess.render.card import render_plain_round_card, render_round_card
from bot.assess.store import CARD_KIND
from bot.coach.due import send_due_coaching
from bot.platform import due as registry
from bot.series.due import send_due_series
from bot.slack import uploads

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_every_programme_registers_its_due_work_in_the_old_order() -> None:
    assert bot.runtime.PROGRAMMES == ("assess", "coach", "series")
    work = registry.registered_due_work()
    assert [w for w in work if w in (advance_due_rounds, send_due_coaching, send_due_series)] == [
        advance_due_rounds,
        send_due_coaching,
        send_due_series,
    ]
    assert len(uploads.SOURCES) == 3  # the /assess and /coach chart uploads, and calendar invites


def test_loading_twice_registers_nothing_twice() -> None:
    before = (registry.registered_due_work(), tuple(uploads.SOURCES))
    registry.load_programmes()
    registry.due_work(advance_due_rounds)
    assert (registry.registered_due_work(), tuple(uploads.SOURCES)) == before


def test_the_round_card_renderers_are_registered_by_assess() -> None:
    assert registry.RENDERERS[CARD_KIND] is render_round_card
    assert registry.FALLBACKS[CARD_KIND] is render_plain_round_card
    assert bot.runtime.RENDERERS is registry.RENDERERS


def test_the_next_deadline_is_the_earliest_any_programme_reports() -> None:
    asks = [lambda _db: None, lambda _db: T0 + timedelta(seconds=5), lambda _db: T0]
    saved = list(registry._DEADLINES)
    try:
        registry._DEADLINES[:] = asks
        assert registry.next_due(None) == T0  # type: ignore[arg-type]
        registry._DEADLINES[:] = asks[:1]
        assert registry.next_due(None) is None  # type: ignore[arg-type]
    finally:
        registry._DEADLINES[:] = saved
