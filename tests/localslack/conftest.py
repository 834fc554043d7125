"""Fixtures for the local Slack's tests: a fake clock, a started emulator, a real WebClient, a receiver."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from localslack import LocalSlack, Workspace

TOKEN, SECRET, TEAM = "xoxb-local", "shh-secret", "T_ACME"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class TickClock:
    """A clock that moves only when told."""

    def __init__(self, start: datetime = START) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str
    valid: bool

    def form(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.body))

    def payload(self) -> Any:
        return json.loads(self.form()["payload"])

    def event(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """A stand-in app: checks Slack's signature on every request and answers with `respond`."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    respond: Callable[[Received], tuple[int, str]] = lambda _r: (200, "")


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    verifier = SignatureVerifier(SECRET)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            headers = {k.lower(): v for k, v in self.headers.items()}
            valid = verifier.is_valid(
                body=body,
                timestamp=headers.get("x-slack-request-timestamp", ""),
                signature=headers.get("x-slack-signature", ""),
            )
            received = Received(self.path, headers, body, valid)
            receiver.requests.append(received)
            status, answer = receiver.respond(received)
            payload = answer.encode()
            self.send_response(status)
            kind = "application/json" if answer.startswith("{") else "text/plain"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@pytest.fixture
def clock() -> TickClock:
    return TickClock()


@pytest.fixture
def slack(clock: TickClock) -> Iterator[LocalSlack]:
    with LocalSlack(clock=clock) as running:
        yield running


@pytest.fixture
def ws(slack: LocalSlack) -> Workspace:
    ws = slack.add_workspace(team_id=TEAM, name="Acme", bot_token=TOKEN, signing_secret=SECRET)
    ws.add_user("U_ANA", "ana", real_name="Ana Alves", tz="Europe/Lisbon")
    ws.add_user("U_BEN", "ben", real_name="Ben Brown", tz="America/Los_Angeles")
    ws.add_user("U_OUT", "out", real_name="Outsider")
    ws.add_channel("C_TEAM", "team", members=["U_ANA", "U_BEN"])
    ws.add_channel("C_QUIET", "quiet", members=["U_ANA"], bot_member=False)
    ws.add_channel("G_SECRET", "secret", members=["U_ANA"], bot_member=False, is_private=True)
    return ws


@pytest.fixture
def client(slack: LocalSlack, ws: Workspace) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])


@pytest.fixture
def receiver(ws: Workspace) -> Iterator[Receiver]:
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    ws.request_url = receiver.url
    yield receiver
    server.shutdown()
    server.server_close()
