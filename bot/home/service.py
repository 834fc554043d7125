"""The Home tab the gateway publishes (bot/slack/homes.py calls `home_tab` at send time, with the rows as
they are then), and the use case of a person opening it."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.views import View
from sqlmodel import Session

from bot.home.render import home_view
from bot.home.view import load_home


def home_tab(s: Session, team_id: str, user_id: str, now: datetime) -> View:
    """This person's Home as it is at `now`: load, then render."""
    return home_view(load_home(s, team_id=team_id, user_id=user_id, now=now))
