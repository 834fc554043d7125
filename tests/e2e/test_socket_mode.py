"""`coachbot serve` in Socket Mode as a separate process: a round driven over the WebSocket, and a refresh."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.ids import AssessAction
from localslack import LocalSlack, Workspace
from storage.db import Database
from tests.e2e.test_serve import free_port, wait_for
from tests.harness import ANA, CHANNEL, FAC, PIA, SECRET, TEAM, TOKEN, block_text, make_local_slack

pytestmark = pytest.mark.e2e

APP_TOKEN = "xapp-1-A0LOCAL-socket-e2e"
PG_URL = os.environ.get("COACHBOT_TEST_DATABASE_URL")


@pytest.fixture
def socket_slack() -> Iterator[tuple[LocalSlack, Workspace]]:
    slack, ws = make_local_slack(None)  # real time, like the process under test
    ws.app_token = APP_TOKEN  # Socket Mode: nothing is POSTed to a request URL
    with slack:
        yield slack, ws


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def socket_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'socket.db'}"
    url: str = request.getfixturevalue("postgres_ready")
    db = Database(url)
    tables = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
    with db.engine.begin() as conn:  # the process under test starts from an empty schema
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.dispose()
    return url


@pytest.fixture
def metrics_port() -> int:
    return free_port()


@pytest.fixture
def serving(
    socket_slack: tuple[LocalSlack, Workspace], socket_db_url: str, tmp_path: Path, metrics_port: int
) -> Iterator[subprocess.Popen[bytes]]:
    slack, _ = socket_slack
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env = base | {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": socket_db_url,
        "COACHBOT_LOG_LEVEL": "INFO",
        "COACHBOT_METRICS_PORT": str(metrics_port),
    }
    log = (tmp_path / "serve.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        if not slack.sockets.wait_connected(TEAM, timeout=30):
            raise AssertionError("coachbot never opened a Socket Mode link:\n" + _tail(tmp_path))
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _tail(tmp_path: Path) -> str:
    return "\n".join((tmp_path / "serve.log").read_text(errors="replace").splitlines()[-20:])


def test_a_round_runs_over_the_socket_and_survives_a_refresh(
    socket_slack: tuple[LocalSlack, Workspace], serving: subprocess.Popen[bytes], metrics_port: int
) -> None:
    slack, ws = socket_slack
    command = ws.slash_command(FAC, CHANNEL, command="/assess", text=f"<@{ANA}|ana> timing=5s,5s,5s,5s,5s")
    assert command.status == 200, command.body
    card = wait_for(lambda: next((m for m in ws.messages(CHANNEL) if m.bot_id), None), 10, "the round card")
    assert f"<@{ANA}>" in block_text(card.blocks)

    _, reply = ws.post_message(ANA, CHANNEL, "my example, over the socket", thread_ts=card.ts)
    assert reply.status == 200, reply.body
    pressed = ws.click_button(PIA, CHANNEL, card.ts, AssessAction.PAUSE)
    assert pressed.status == 200, pressed.body
    wait_for(
        lambda: any(f"Only <@{FAC}> can pause the round" in (e.text or "") for e in ws.ephemerals(PIA)),
        10,
        "the refusal shown to Pia",
    )

    # Slack rotates the link: the app asks for a new URL, connects, and drops the old one.
    assert slack.sockets.disconnect(TEAM, "refresh_requested") == 1
    wait_for(lambda: len(slack.calls_to("apps.connections.open")) == 2, 10, "a second apps.connections.open")
    wait_for(lambda: slack.sockets.connections(TEAM) == 1, 10, "the old link closed, the new one open")
    _, after = ws.post_message(PIA, CHANNEL, "a question, after the refresh", thread_ts=card.ts)
    assert after.status == 200, after.body

    digest = wait_for(lambda: ws.dm_with(ANA), 60, "the digest DM to the leader")
    shown = "\n".join(block_text(m.blocks) for m in digest)
    assert "my example, over the socket" in shown
    assert "a question, after the refresh" in shown
    final = wait_for(
        lambda: "Round complete" in block_text(getattr(ws.message(CHANNEL, card.ts), "blocks", None)),
        10,
        "the finished card",
    )
    assert final
    assert serving.poll() is None  # still serving after the refresh
    seen = _scrape(metrics_port)  # Socket Mode's own metrics port: what the round did, as Prometheus sees it
    assert seen['coachbot_requests_total{kind="command"}'] == 1
    assert seen['coachbot_requests_total{kind="action"}'] == 1
    assert seen['coachbot_sends_total{result="ok",what="message"}'] >= 5
    assert seen["coachbot_phase_change_lateness_seconds_count"] == 5  # each phase's announcement
    assert seen["coachbot_phase_change_lateness_seconds_sum"] < 5 * 2
    assert seen["coachbot_lease_holder"] == 1  # the only replica runs scheduled work
    assert seen["coachbot_installations"] == 1


def _scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line and not line.startswith("#")
    }
