"""The Bolt app: listeners from handlers/, with the services handed to each of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from slack_bolt import App, BoltContext
from slack_bolt.authorization import AuthorizeResult

import handlers
from bot.oauth import Install
from bot.runtime import Services
from bot.slack.handler_calls import budgeted
from bot.watch.requests import TaggingExecutor, WatchedApp, tag_request

# Bolt's own default for the threads listeners run on after their ack.
LISTENER_THREADS = 5


def build_app(
    services: Services,
    *,
    signing_secret: str,
    process_before_response: bool = False,
    install: Install | None = None,
) -> App:
    """With `install`, the app is installed in many workspaces through Bolt's OAuth flow, each request
    answered with its workspace's token; without it, `services.client`'s one token answers them all."""
    app = WatchedApp(
        metrics=services.metrics,
        # Named, because Bolt otherwise names the app after its caller's file through inspect.stack(),
        # which reads the source of every frame: 35 ms of start-up.
        name="coachbot",
        client=services.client,
        signing_secret=signing_secret,
        process_before_response=process_before_response,
        raise_error_for_unhandled_request=False,
        # Listener threads carry the request's team and kind into their log lines (bot/watch/requests.py).
        listener_executor=TaggingExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="listener"),
        oauth_settings=install.settings if install is not None else None,
        # An Authorize instance (Bolt's own class) may stand beside oauth_settings; a plain function may not.
        authorize=cast(Callable[..., AuthorizeResult], install.authorize) if install is not None else None,
    )
    app.middleware(tag_request)
    per_workspace = install is not None

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], Any]) -> Any:
        context["services"] = services
        # Listeners' own calls (users.info, views.*) are paced by the gateway's budget too: each
        # workspace's own Tier 4 allowance when there are many.
        if context.client is not None:
            team = context.team_id if per_workspace else None
            context["client"] = budgeted(
                context.client, budget=services.gateway.budget, clock=services.clock, team_id=team
            )
        return next()

    handlers.register(app)
    return app
