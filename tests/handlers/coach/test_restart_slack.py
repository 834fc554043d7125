"""A restart between ticks, against the local Slack: the new process sends what fell due while it was down,
and nothing the old one already sent."""

from __future__ import annotations

from typing import Any

from bot.clock import FakeClock
from storage.db import Database
from tests.handlers.coach.test_slack import _dms, _to_support
from tests.harness import BEN, running_bot


def _ben_nudges(bot: Any) -> list[str]:
    return [m.text or "" for m in _dms(bot, BEN) if (m.text or "").startswith("Coaching call")]


def test_restart_loses_no_nudge_and_repeats_none(
    local_slack: tuple[Any, Any], database: Database, clock: FakeClock
) -> None:
    with running_bot(*local_slack, database, clock) as bot:
        _to_support(bot)
        bot.advance(7 * 3600, step=900)  # Ben's 24 h nudge (his call is Tuesday 15:00 UTC)
        assert len(_ben_nudges(bot)) == 1
    clock.advance(22.5 * 3600)  # down over the time of the 1 h nudge (14:00), back before the call
    restarted = Database(database.url)  # a new process: only the database carries over
    try:
        with running_bot(*local_slack, restarted, clock) as again:
            again.advance(60, step=1)
            assert len(_ben_nudges(again)) == 2  # the 1 h nudge, late but not lost; the 24 h one not again
            again.advance(3600, step=60)
            assert len(_ben_nudges(again)) == 2
    finally:
        restarted.dispose()
