"""The Bolt app: listeners from handlers/, with the services handed to each of them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

import handlers
from bot.runtime import Services
from bot.slack.handler_calls import BudgetedClient, budgeted
from handlers.plain import Plain


def build_app(services: Services, *, signing_secret: str, process_before_response: bool = False) -> App:
    app = App(
        # Named, because Bolt otherwise names the app after its caller's file through inspect.stack(),
        # which reads the source of every frame: 35 ms of start-up.
        name="coachbot",
        client=services.client,
        signing_secret=signing_secret,
        process_before_response=process_before_response,
        raise_error_for_unhandled_request=False,
    )

    clients = BudgetedClients(services)

    def provide_services(body: dict[str, Any], context: BoltContext, next: Callable[[], Any]) -> Any:
        context["services"] = services
        # Listeners' own calls (users.info, views.*) are paced by the gateway's budget too.
        if context.client is not None:
            context["client"] = clients.like(context.client)
        return next()

    app.middleware(Plain(provide_services))
    handlers.register(app)
    return app


class BudgetedClients:
    """One budgeted client per token, made once: Bolt makes a client for every request, and making a second
    one in its place cost every request (thread replies included, which make no call) about 0.05 ms. A
    WebClient holds no state between calls, as the gateway's, shared by its sending threads, shows."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._lock = threading.Lock()
        self._by_token: dict[tuple[str | None, str], BudgetedClient] = {}

    def like(self, client: WebClient) -> BudgetedClient:
        key = (client.token, client.base_url)
        made = self._by_token.get(key)
        if made is None:
            with self._lock:
                made = self._by_token.setdefault(
                    key, budgeted(client, budget=self.services.gateway.budget, clock=self.services.clock)
                )
        return made
