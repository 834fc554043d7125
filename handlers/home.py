"""The App Home tab: published through the gateway when a person opens it (bot/slack/homes.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.runtime import Services

EVENTS = ("app_home_opened",)


def handle_app_home_opened(event: dict[str, Any], body: dict[str, Any], services: Services) -> None:
    if event.get("tab", "home") == "home":
        team = str(body.get("team_id", ""))
        services.gateway.publish_home_now(team_id=team, user_id=event["user"], now=services.clock.now())


def register(app: App) -> None:
    app.event("app_home_opened")(handle_app_home_opened)
