"""Installed in many workspaces, each workspace has its own Tier 4 look-up budget, as Slack counts it: one
workspace spending its allowance does not hold up another's."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.slack.handler_calls import TIER_4
from storage.db import Database
from tests.install_harness import installs, people


def test_one_workspace_out_of_look_ups_does_not_hold_up_another(database: Database, clock: FakeClock) -> None:
    with installs(database, clock) as world:
        world.add_to_slack("T0ONE")
        world.add_to_slack("T0SOLO")
        budget = world.services.gateway.budget
        while budget.try_take("tier4:T0ONE:users.info", TIER_4, clock.now()):
            pass  # T0ONE's people looked others up all minute
        world.start_round("T0ONE")
        world.start_round("T0SOLO")
        fac_one, _, _ = people("T0ONE")
        told = [e.text or "" for e in world.ws("T0ONE").ephemerals(user_id=fac_one)]
        assert any("try again in a few seconds" in t for t in told), told
        looked_up = {c.team_id for c in world.slack.calls_to("users.info")}
        assert looked_up == {"T0SOLO"}
        world.advance(1)
        assert any("in focus" in t for t in world.bot_texts("T0SOLO"))
        assert world.bot_texts("T0ONE") == []
