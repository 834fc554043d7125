"""Bolt listeners: acknowledge, parse the payload, call one service, return."""

from __future__ import annotations

from slack_bolt import App

from handlers import actions, assess_extras, coach, coach_interactions, commands, errors, events, series

# What the app listens to; tests check these against manifest.yml.
COMMANDS = commands.COMMANDS + coach.COMMANDS
EVENTS = events.EVENTS + series.EVENTS


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
    assess_extras.register(app)
    events.register(app)
    coach.register(app)
    coach_interactions.register(app)
    series.register(app)
    errors.register(app)
