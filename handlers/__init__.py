"""Bolt listeners: acknowledge, parse the payload, call one service, return."""

from __future__ import annotations

from slack_bolt import App

from handlers import (
    actions,
    assess_extras,
    commands,
    errors,
    events,
    privacy,
    replay,
    series,
)
from handlers.coach import actions as coach_actions
from handlers.coach import commands as coach_commands
from handlers.coach import views as coach_views

# What the app listens to; tests check these against manifest.yml.
COMMANDS = commands.COMMANDS + coach_commands.COMMANDS
EVENTS = events.EVENTS + series.EVENTS + privacy.EVENTS


def register(app: App) -> None:
    replay.register(app)  # global middleware: a repeated command, press or submission has no second effect
    # Bolt tries listeners in registration order, each match costing about 0.1 ms: thread replies are the
    # busiest requests by far, so their listener comes first (P1 in bench/: 1.5x bare Bolt's ack before).
    privacy.register(app)  # its middleware: a request from a workspace that had uninstalled us
    events.register(app)
    series.register(app)  # before commands: it takes `/assess plan|plans|…`, commands takes the rest
    commands.register(app)
    actions.register(app)
    assess_extras.register(app)
    coach_commands.register(app)
    coach_actions.register(app)
    coach_views.register(app)
    errors.register(app)
