"""Planned series' listeners: `/assess plan|plans|…`, buttons and modals (Home: handlers/home.py)."""

from __future__ import annotations

from slack_bolt import App

from handlers.series import actions, commands, views


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
    views.register(app)
