"""What the compressed-time demos stand on: a local Slack with a cast, the real app over loopback, a SQLite
file and a fake clock that both share."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.app import build_app
from bot.clock import FakeClock
from bot.httpserver import BackgroundServer, CoachbotWsgi
from bot.runtime import Services, build_services, make_client
from localslack import LocalSlack, Workspace
from storage.db import Database
from storage.migrate import upgrade

TEAM, TOKEN, SECRET = "T_DEMO", "xoxb-demo", "demo-signing-secret"
Cast = dict[str, tuple[str, str, str]]  # user id → (handle, real name, IANA zone)


class Stage:
    def __init__(self, tmp: Path, *, start: datetime, people: Cast, channel: tuple[str, str]) -> None:
        self.clock = FakeClock(start)
        self.slack = LocalSlack(clock=self.clock)
        self.ws: Workspace = self.slack.add_workspace(
            team_id=TEAM, name="Demo Co", bot_token=TOKEN, signing_secret=SECRET
        )
        for user_id, (name, real, tz) in people.items():
            self.ws.add_user(user_id, name, real_name=real, tz=tz)
        channel_id, channel_name = channel
        self.ws.add_channel(channel_id, channel_name, members=list(people))
        self.slack.start()
        self.db = Database(f"sqlite:///{tmp / 'demo.db'}")
        upgrade(self.db)
        self.services: Services = build_services(
            db=self.db, clock=self.clock, client=make_client(TOKEN, self.slack.api_url)
        )
        app = build_app(self.services, signing_secret=SECRET, process_before_response=True)
        self.server = BackgroundServer(CoachbotWsgi(app, self.db)).start()
        self.ws.request_url = f"{self.server.url}/slack/events"

    def say(self, text: str) -> None:
        """A line of narration, stamped with the demo's own (fake) time."""
        print(f"\n▶ {self.clock.now():%a %d %b %H:%M} UTC: {text}\n")

    def stop(self) -> None:
        self.server.stop()
        self.slack.stop()
        self.db.dispose()
