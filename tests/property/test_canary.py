"""The canary itself: it changes phase on time while the scheduler runs, and it notices when it does not."""

from __future__ import annotations

import pytest

from tests.property.world import World


def test_the_canary_keeps_time_through_rounds_and_restarts(world: World) -> None:
    for _ in range(60):  # 120 s: three rounds of 25 s each, then the session again
        world.step()
    rounds = world.canary._rounds()
    assert len(rounds) >= 4
    assert all(card_ts for _, _, card_ts in rounds)


def test_the_canary_notices_phase_changes_that_never_come(world: World) -> None:
    world.bot.clock.advance(8)  # time passes but no tick runs: the second phase is never announced
    with pytest.raises(AssertionError, match=r"phase 2 was due at .* announced never"):
        world.canary.check(world.bot.clock.now(), world.due_errors)
