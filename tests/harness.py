"""The real Bolt app served over loopback HTTP, wired to the local Slack: what integration tests drive."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.app import build_app
from bot.clock import FakeClock
from bot.httpserver import BackgroundServer, CoachbotWsgi
from bot.runtime import build_services, make_client
from bot.slack.gateway import FlushReport
from localslack import LocalSlack, Workspace
from localslack.server import Clock
from storage.db import Database

TEAM = "T0ACME"
TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret"
CHANNEL = "C0TEAM"
FAC, ANA, BEN, CHO, PIA, PETE = "U0FAC", "U0ANA", "U0BEN", "U0CHO", "U0PIA", "U0PETE"
ADMIN = "U0ADMIN"
PEOPLE = {
    FAC: ("fran", "Fran Facilitator", "America/New_York"),
    ANA: ("ana", "Ana Alves", "Europe/Lisbon"),
    BEN: ("ben", "Ben Brown", "America/Los_Angeles"),
    CHO: ("cho", "Cho Chen", "Asia/Seoul"),
    PIA: ("pia", "Pia Peer", "Europe/Berlin"),
    PETE: ("pete", "Pete Peer", "Australia/Sydney"),
}


def make_local_slack(clock: Clock | None) -> tuple[LocalSlack, Workspace]:
    """The test workspace; clock None runs it on real time, for tests of a bot on the system clock."""
    slack = LocalSlack(clock=clock)
    ws = slack.add_workspace(team_id=TEAM, name="Acme", bot_token=TOKEN, signing_secret=SECRET)
    for user_id, (name, real, tz) in PEOPLE.items():
        # Cho has chosen a 24-hour clock in Slack; everyone else sees Slack's default 12-hour times.
        ws.add_user(user_id, name, real_name=real, tz=tz, clock_24h=user_id == CHO)
    ws.add_user("U0OTHERBOT", "otherbot", real_name="Other Bot", is_bot=True)
    ws.add_user("U0GONE", "gone", real_name="Gone Person", deleted=True)
    ws.add_user(ADMIN, "ada", real_name="Ada Admin", is_admin=True)  # a workspace admin, in no programme
    ws.add_channel(CHANNEL, "team", members=list(PEOPLE))
    ws.add_channel("C0QUIET", "quiet", members=list(PEOPLE), bot_member=False)
    return slack, ws


class BotUnderTest:
    def __init__(
        self, slack: LocalSlack, ws: Workspace, db: Database, clock: FakeClock, *, api_timeout: int = 10
    ) -> None:
        self.slack, self.ws, self.db, self.clock = slack, ws, db, clock
        client = make_client(TOKEN, slack.api_url, timeout=api_timeout)
        self.services = build_services(db=db, clock=clock, client=client)
        app = build_app(self.services, signing_secret=SECRET, process_before_response=True)
        self.server = BackgroundServer(CoachbotWsgi(app, db, metrics=self.services.metrics)).start()
        self.ws.request_url = f"{self.server.url}/slack/events"

    def command(self, text: str, *, user: str = FAC, channel: str = CHANNEL) -> Any:
        return self.ws.slash_command(user, channel, command="/assess", text=text)

    def tick(self) -> FlushReport:
        return self.services.run_due(self.clock.now())

    def advance(self, seconds: float, *, step: float = 1.0) -> None:
        """Let time pass as the scheduler would see it: a tick every `step` seconds."""
        remaining = seconds
        while remaining > 1e-9:
            move = min(step, remaining)
            self.clock.advance(move)
            remaining -= move
            self.tick()

    def message(self, ts: str, channel: str = CHANNEL) -> Any:
        found = self.ws.message(channel, ts)
        assert found is not None, f"no message {ts} in {channel}"
        return found

    def cards(self, channel: str = CHANNEL) -> list[Any]:
        return [m for m in self.ws.messages(channel) if m.bot_id and "in focus" in block_text(m.blocks)]

    def card(self, index: int = -1, channel: str = CHANNEL) -> Any:
        cards = self.cards(channel)
        assert cards, "no round card was posted"
        return cards[index]

    def thread_texts(self, card: Any, channel: str = CHANNEL) -> list[str]:
        return [block_text(m.blocks) or m.text for m in self.ws.thread(channel, card.ts)]

    def stop(self) -> None:
        self.server.stop()


def block_text(blocks: list[dict[str, Any]] | None) -> str:
    """Every piece of text in a message's blocks, in order: what assertions look for."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                if isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks or [])
    return "\n".join(out)


def action_ids(blocks: list[dict[str, Any]] | None) -> list[str]:
    return re.findall(r"'action_id': '([^']+)'", repr(blocks or []))


@contextmanager
def running_bot(
    slack: LocalSlack, ws: Workspace, db: Database, clock: FakeClock, *, api_timeout: int = 10
) -> Iterator[BotUnderTest]:
    bot = BotUnderTest(slack, ws, db, clock, api_timeout=api_timeout)
    try:
        yield bot
    finally:
        bot.stop()
