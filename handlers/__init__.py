"""Bolt listeners: acknowledge, parse the payload, call one service, return."""

from __future__ import annotations

from slack_bolt import App

from handlers import (
    calendar,
    errors,
    home,
    privacy,
    replay,
    series,
)
from handlers.assess import actions as assess_actions
from handlers.assess import commands as assess_commands
from handlers.assess import events as assess_events
from handlers.assess import views as assess_views
from handlers.coach import actions as coach_actions
from handlers.coach import commands as coach_commands
from handlers.coach import views as coach_views

# What the app listens to; tests check these against manifest.yml.
COMMANDS = assess_commands.COMMANDS + coach_commands.COMMANDS
EVENTS = assess_events.EVENTS + home.EVENTS + privacy.EVENTS


def register(app: App) -> None:
    replay.register(app)  # global middleware: a repeated command, press or submission has no second effect
    # Bolt tries listeners in registration order, each match costing about 0.1 ms: thread replies are the
    # busiest requests by far, so their listener comes first (P1 in bench/: 1.5x bare Bolt's ack before).
    privacy.register(app)  # its middleware: a request from a workspace that had uninstalled us
    assess_events.register(app)
    calendar.register(app)  # before commands: it takes `/coach calendar …` and `/assess calendar …`
    home.register(app)
    series.register(app)  # before commands: it takes `/assess plan|plans|…`, assess_commands takes the rest
    assess_commands.register(app)
    assess_actions.register(app)
    assess_views.register(app)
    coach_commands.register(app)
    coach_actions.register(app)
    coach_views.register(app)
    errors.register(app)
