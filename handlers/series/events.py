"""The App Home tab, published when a person opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.runtime import Services
from bot.series.render.home import home_for

EVENTS = ("app_home_opened",)


def handle_app_home_opened(
    event: dict[str, Any], body: dict[str, Any], client: WebClient, services: Services
) -> None:
    if event.get("tab", "home") == "home":
        user, team = event["user"], str(body.get("team_id", ""))
        view = home_for(services.db, team_id=team, user_id=user, now=services.clock.now())
        client.views_publish(user_id=user, view=view)


def register(app: App) -> None:
    app.event("app_home_opened")(handle_app_home_opened)
