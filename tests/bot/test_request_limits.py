"""Slack's request URL: a body over 1 MB is refused (413) unread, an unsigned one is never parsed, and a
signed one that does not parse gets 400 without a traceback."""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import select
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_app
from bot.httpserver import MAX_BODY_BYTES, BackgroundServer, CoachbotWsgi
from localslack import signing
from tests.harness import SECRET, BotUnderTest

CLAIMED = 200 * 1024 * 1024  # what each attacker's Content-Length says
SENT_AT_MOST = 16 * 1024 * 1024  # what each attacker is willing to stream before hearing back


class CountingInput(io.RawIOBase):
    """A request body of `size` bytes that counts what the server reads of it."""

    def __init__(self, size: int) -> None:
        self.size, self.read_bytes = size, 0

    def read(self, n: int = -1) -> bytes:
        n = self.size - self.read_bytes if n is None or n < 0 else min(n, self.size - self.read_bytes)
        self.read_bytes += n
        return b"x" * n


def _call(wsgi: Any, environ: dict[str, Any]) -> str:
    statuses: list[str] = []
    b"".join(wsgi(environ, lambda status, headers: statuses.append(status)))
    return statuses[0]


def _environ(body: Any, **extra: str) -> dict[str, Any]:
    return {"REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "wsgi.input": body, **extra}


def _rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def test_the_app_reads_no_more_than_the_cap(bot: BotUnderTest) -> None:
    wsgi = CoachbotWsgi(build_app(bot.services, signing_secret=SECRET), bot.db)
    declared = CountingInput(CLAIMED)
    assert _call(wsgi, _environ(declared, CONTENT_LENGTH=str(CLAIMED))).startswith("413")
    assert declared.read_bytes == 0  # refused from its Content-Length, unread
    undeclared = CountingInput(CLAIMED)  # no Content-Length (or a wrong one): read one byte past the cap
    assert _call(wsgi, _environ(undeclared)).startswith("413")
    assert undeclared.read_bytes == MAX_BODY_BYTES + 1


def _attack(port: int, results: list[tuple[str, int]]) -> None:
    """Claim 200 MB, then stream until the server answers (or SENT_AT_MOST is reached)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: coachbot\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {CLAIMED}\r\n\r\n".encode()
        )
        chunk = b"x" * 65536
        answer = b""
        while not answer:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable or sent >= SENT_AT_MOST:
                answer = sock.recv(4096)
                break
            try:
                sent += sock.send(chunk)
            except OSError:  # the server closed its side: its answer is waiting
                answer = sock.recv(4096)
    results.append((answer.split(b"\r\n", 1)[0].decode(), sent))


def test_four_parallel_huge_posts_are_refused_unread(bot: BotUnderTest) -> None:
    port = int(bot.server.url.rsplit(":", 1)[1])
    before = _rss_bytes()
    results: list[tuple[str, int]] = []
    attackers = [threading.Thread(target=_attack, args=(port, results)) for _ in range(4)]
    for attacker in attackers:
        attacker.start()
    for attacker in attackers:
        attacker.join(timeout=30)
    assert [status for status, _ in results] == ["HTTP/1.1 413 Request Entity Too Large"] * 4
    # Each was answered while it had sent a small part of what it claimed, and memory did not follow.
    assert all(sent < SENT_AT_MOST for _, sent in results), results
    assert _rss_bytes() - before < 32 * 1024 * 1024
    assert bot.server.running


def _post(bot: BotUnderTest, body: str, content_type: str, *, secret: str = SECRET) -> Any:
    return signing.send(bot.ws.request_url, body, content_type, secret, timeout=5)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"type": "event_callback", "event": ', signing.JSON),
        ("payload=%7Bnot-json", signing.FORM),
        ("[1, 2, 3]", signing.JSON),
        ("payload=%5B1%5D", signing.FORM),
    ],
)
def test_a_signed_malformed_body_gets_400_without_a_traceback(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    caplog.set_level(logging.DEBUG)
    delivery = _post(bot, body, content_type)
    assert delivery.status == 400
    assert delivery.json == {"ok": False, "error": "malformed_body"}
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text
    assert body not in caplog.text


def test_a_signed_body_that_is_not_utf8_gets_400(bot: BotUnderTest) -> None:
    wsgi = CoachbotWsgi(build_app(bot.services, signing_secret=SECRET), bot.db)
    raw, timestamp = b"payload=\xff\xfe", str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    environ = _environ(
        io.BytesIO(raw),
        CONTENT_LENGTH=str(len(raw)),
        CONTENT_TYPE=signing.FORM,
        HTTP_X_SLACK_REQUEST_TIMESTAMP=timestamp,
        HTTP_X_SLACK_SIGNATURE=f"v0={digest}",
    )
    assert _call(wsgi, environ).startswith("400")


def test_an_unsigned_body_is_refused_before_it_is_parsed(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    malformed = _post(bot, '{"not json', signing.JSON, secret="a guess")
    assert malformed.status == 401  # not 400: nobody parsed it
    assert not [r for r in caplog.records if r.exc_info]
    well_formed = _post(bot, '{"type": "url_verification", "challenge": "c"}', signing.JSON, secret="x")
    assert well_formed.status == 401


def test_a_body_at_the_cap_is_accepted(bot: BotUnderTest) -> None:
    padding = "x" * (MAX_BODY_BYTES - len('{"type": "url_verification", "challenge": "c", "pad": ""}'))
    body = '{"type": "url_verification", "challenge": "c", "pad": "' + padding + '"}'
    assert len(body.encode()) == MAX_BODY_BYTES
    assert _post(bot, body, signing.JSON).status == 200
    assert _post(bot, body[:-1] + " }", signing.JSON).status == 413


def test_waitress_server_is_started_with_the_cap() -> None:
    server = BackgroundServer(lambda environ, start_response: [])
    try:
        assert server._server.adj.max_request_body_size == MAX_BODY_BYTES + 2
    finally:
        server.stop()
