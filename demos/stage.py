"""What every demo stands on: a local Slack with a cast, the real app over loopback, a SQLite file and a fake
clock that both share, and the app's log lines kept out of the transcript."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from bot.app import build_app
from bot.clock import FakeClock
from bot.httpserver import BackgroundServer, CoachbotWsgi
from bot.runtime import Services, build_services, make_client
from localslack import LocalSlack, Workspace
from storage.db import Database
from storage.migrate import upgrade

TEAM, TOKEN, SECRET = "T_DEMO", "xoxb-demo", "demo-signing-secret"
Cast = dict[str, tuple[str, str, str]]  # user id → (handle, real name, IANA zone)
T = TypeVar("T")


class Stage:
    def __init__(self, tmp: Path, *, start: datetime, people: Cast, channel: tuple[str, str]) -> None:
        self.people = people
        # The transcript shows only what people read: log lines (internal keys, "skipped" notes) go to a
        # file beside the demo's database instead of the terminal.
        self._log = logging.FileHandler(tmp / "demo.log", encoding="utf-8")
        self._log.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger()
        self._quieted = [h for h in root.handlers if isinstance(h, logging.StreamHandler)]
        for handler in self._quieted:
            root.removeHandler(handler)
        root.addHandler(self._log)
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
        # Listeners finish before each click returns, so the fake clock never runs ahead of a modal opening.
        app = build_app(self.services, signing_secret=SECRET, process_before_response=True)
        self.server = BackgroundServer(CoachbotWsgi(app, self.db)).start()
        self.ws.request_url = f"{self.server.url}/slack/events"

    def say(self, text: str) -> None:
        """A line of narration, stamped with the demo's own (fake) time."""
        print(f"\n▶ {self.clock.now():%a %d %b %H:%M} UTC: {text}\n")

    def run_due(self) -> None:
        """Runs what is due now, as the ticker would."""
        self.services.run_due(self.clock.now())

    def tick(self, seconds: float, *, step: float = 1.0, each: Callable[[], None] | None = None) -> None:
        """Lets `seconds` pass on the fake clock, running due work after every `step`."""
        while seconds > 1e-9:
            moved = min(step, seconds)
            self.clock.advance(moved)
            seconds -= moved
            self.services.run_due(self.clock.now())
            if each is not None:
                each()

    def wait_for(self, probe: Callable[[], T | None], *, limit: int = 60, step: float = 0.5) -> T:
        """What `probe` finds, letting a moment pass at a time: Slack's pacing may hold a post back."""
        for _ in range(limit):
            found = probe()
            if found is not None:
                return found
            self.tick(step, step=step)
        raise RuntimeError("coachbot demo: a message never arrived")

    def box(self, title: str, body: str, width: int = 60) -> None:
        print(f"┌─ {title} " + "─" * max(0, width - 4 - len(title)))
        for line in body.splitlines():
            print(f"│ {line}")
        print("└" + "─" * width)

    def stop(self) -> None:
        self.server.stop()
        self.slack.stop()
        self.db.dispose()
        root = logging.getLogger()
        root.removeHandler(self._log)
        self._log.close()
        for handler in self._quieted:
            root.addHandler(handler)
