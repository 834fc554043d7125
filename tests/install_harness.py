"""coachbot installed in several local workspaces through its real install pages, for the OAuth tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.app import build_app
from bot.clock import FakeClock
from bot.httpserver import BackgroundServer, CoachbotWsgi
from bot.oauth import INSTALL_PATH, REDIRECT_PATH, OAuthConfig, build_install
from bot.runtime import build_services, make_client
from localslack import Call, LocalSlack, Workspace
from localslack.browser import Browser, Page
from localslack.oauth import OAuthApp
from storage.db import Database

CLIENT_ID, CLIENT_SECRET, SECRET = "111.222", "client-secret", "install-signing-secret"
CHANNEL = "C0TEAM"
# Each workspace's people: a facilitator and two leaders, ids unique across workspaces as Slack's are.
TEAMS = {
    "T0ONE": ("One Co", "E0ORG"),
    "T0TWO": ("Two Ltd", "E0ORG"),
    "T0SOLO": ("Solo Inc", None),
}


def people(team_id: str) -> tuple[str, str, str]:
    tail = team_id.removeprefix("T0")
    return f"U0FAC{tail}", f"U0ANA{tail}", f"U0BEN{tail}"


def channel(team_id: str) -> str:
    return f"C0{team_id.removeprefix('T0')}"


class Installs:
    """The local Slack with workspaces where coachbot is not yet installed, and coachbot serving HTTP with
    its OAuth pages, on one fake clock and database."""

    def __init__(
        self, db: Database, clock: FakeClock, *, rotation: bool = False, org_deploy: bool = False
    ) -> None:
        self.db, self.clock = db, clock
        self.slack = LocalSlack(clock=clock)
        self.slack.start()
        for team_id, (name, org) in TEAMS.items():
            ws = self.slack.add_workspace(
                team_id=team_id,
                name=name,
                bot_token=None,
                signing_secret=SECRET,
                bot_user_id=f"UBOT{team_id}",
                bot_id=f"BBOT{team_id}",
                enterprise_id=org,
            )
            fac, ana, ben = people(team_id)
            for user_id in (fac, ana, ben):
                ws.add_user(user_id, user_id.lower())
            ws.add_channel(channel(team_id), "team", members=[fac, ana, ben])
        api_url = self.slack.api_url
        self.install = build_install(
            OAuthConfig(CLIENT_ID, CLIENT_SECRET, None, authorize_url=self.slack.authorize_url),
            db=db,
            clock=clock,
            api_url=api_url,
            make_client=lambda token: make_client(token, api_url, timeout=5),
        )
        self.services = build_services(
            db=db, clock=clock, client=make_client(None, api_url), workspaces=self.install.installed
        )
        app = build_app(
            self.services, signing_secret=SECRET, process_before_response=True, install=self.install
        )
        self.server = BackgroundServer(CoachbotWsgi(app, db)).start()
        self.slack.configure_app(
            OAuthApp(
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                redirect_url=self.server.url + REDIRECT_PATH,
                request_url=self.server.url + "/slack/events",
                signing_secret=SECRET,
                token_rotation=rotation,
                org_deploy=org_deploy,
            )
        )

    def ws(self, team_id: str) -> Workspace:
        return self.slack.workspaces[team_id]

    def add_to_slack(self, target: str) -> Page:
        """A person installs coachbot into `target` (a team id, or "org:<enterprise id>") from its page."""
        return Browser().install(self.server.url + INSTALL_PATH, target)

    def command(self, team_id: str, text: str, *, command: str = "/assess") -> Any:
        fac, _, _ = people(team_id)
        return self.ws(team_id).slash_command(fac, channel(team_id), command=command, text=text)

    def start_round(self, team_id: str) -> None:
        _, ana, ben = people(team_id)
        self.command(team_id, f"<@{ana}> <@{ben}> timing=20s,20s,20s,20s,20s")

    def advance(self, seconds: float, *, step: float = 1.0) -> None:
        remaining = seconds
        while remaining > 1e-9:
            move = min(step, remaining)
            self.clock.advance(move)
            remaining -= move
            self.services.run_due(self.clock.now())

    def bot_texts(self, team_id: str) -> list[str]:
        """Everything the bot posted in the workspace's channel, thread replies included."""
        return [m.text for m in self.ws(team_id).all_messages(channel(team_id)) if m.bot_id]

    def token_calls(self) -> list[Call]:
        """Every Web API call made with a bot token (oauth.v2.access is made with the client's secret)."""
        with self.slack.lock:
            return [c for c in self.slack.calls if c.token is not None]

    def wrong_token_calls(self) -> list[Call]:
        """Calls whose token was not granted to the workspace they acted in (or acted nowhere)."""
        grants = self.slack.oauth.grants
        return [
            c
            for c in self.token_calls()
            if c.team_id is None or c.token not in grants or c.team_id not in grants[c.token].team_ids
        ]

    def stop(self) -> None:
        self.server.stop()
        self.slack.stop()


@contextmanager
def installs(db: Database, clock: FakeClock, **options: bool) -> Iterator[Installs]:
    running = Installs(db, clock, **options)
    try:
        yield running
    finally:
        running.stop()
