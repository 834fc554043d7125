"""Planned series' listeners: `/assess plan|plans|facilitators`, buttons, modals and the App Home tab."""

from __future__ import annotations

from slack_bolt import App

from handlers.series import actions, commands, events, views

EVENTS = events.EVENTS


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
    views.register(app)
    events.register(app)
