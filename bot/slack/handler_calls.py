"""Web API calls made while answering a person (users.info, views.*) take a Tier 4 budget token first.

They cannot wait in the outbox (a modal must open within 3 s of the click, a start needs the leaders
checked now), so they are paced here instead: a short wait for a token, then a clear "try again"."""

from __future__ import annotations

import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from bot.clock import Clock
from bot.slack.budget import Budget, Rate

# Tier 4 is "100+ a minute" per method and workspace. A burst of 60 lets a room of facilitators start at
# once (each leader is looked up); with 40 a minute after it, no 60 s window sees more than 100.
TIER_4 = Rate(per_minute=40, burst=60)
BUDGETED = frozenset({"users.info", "views.open", "views.update", "views.push", "views.publish"})
# A trigger_id lives 3 s: waiting longer than this for a token would let it expire while the person waits.
MAX_WAIT_SECONDS = 1.0


class Busy(Exception):
    """Our own Tier 4 budget for this method is spent; the person is asked to try again shortly."""


class BudgetedClient(WebClient):
    def __init__(self, *, budget: Budget, clock: Clock, team_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.budget, self.clock, self.team_id = budget, clock, team_id

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        if api_method in BUDGETED:
            self._take(api_method)
        return super().api_call(api_method, **kwargs)

    def _take(self, method: str) -> None:
        give_up = time.monotonic() + MAX_WAIT_SECONDS
        # Slack counts Tier 4 per method and workspace: one workspace's burst does not spend another's.
        key = f"tier4:{self.team_id}:{method}" if self.team_id else f"tier4:{method}"
        while not self.budget.try_take(key, TIER_4, self.clock.now()):
            if time.monotonic() >= give_up:
                raise Busy(method)
            time.sleep(0.05)


def budgeted(
    client: WebClient, *, budget: Budget, clock: Clock, team_id: str | None = None
) -> BudgetedClient:
    """The same client settings (token, Web API URL, timeout, no retry handlers), paced by `budget`
    within `team_id`'s own Tier 4 allowance."""
    return BudgetedClient(
        budget=budget,
        clock=clock,
        team_id=team_id,
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=client.retry_handlers,
    )
