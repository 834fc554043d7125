"""`coachbot serve --http` as a separate process, driven the way Slack drives it, including kill -9."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from localslack import LocalSlack, Workspace
from storage.db import Database
from tests.harness import ANA, CHANNEL, FAC, PIA, SECRET, TOKEN, block_text, make_local_slack

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(probe: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Process:
    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.port, self.log = port, log
        self._file = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--http", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=self._file,
            stderr=subprocess.STDOUT,
        )

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1) as response:
                return response.status == 200 and json.loads(response.read())["ok"] is True
        except OSError:
            return False

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._file.close()


@pytest.fixture
def real_slack() -> Iterator[tuple[LocalSlack, Workspace]]:
    slack, ws = make_local_slack(None)  # real time, like the process under test
    with slack:
        yield slack, ws


PG_URL = os.environ.get("COACHBOT_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'e2e.db'}"
    url: str = request.getfixturevalue("postgres_ready")
    db = Database(url)
    tables = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
    with db.engine.begin() as conn:  # the process under test starts from an empty schema
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.dispose()
    return url


@pytest.fixture
def env(real_slack: tuple[LocalSlack, Workspace], database_url: str) -> dict[str, str]:
    slack, _ = real_slack
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return base | {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": database_url,
        "COACHBOT_LOG_LEVEL": "INFO",
    }


def start(env: dict[str, str], ws: Workspace, tmp_path: Path) -> Process:
    port = free_port()
    process = Process(env, port, tmp_path / "serve.log")
    wait_for(process.healthy, 30, "GET /healthz to answer 200")
    ws.request_url = f"http://127.0.0.1:{port}/slack/events"
    return process


def serve_http(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`coachbot serve --http` run to its end (these tests expect it to stop at start-up)."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve", "--http"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_bad_setting_stops_start_up_with_one_line_naming_it(env: dict[str, str]) -> None:
    env = env | {"SLACK_BOT_TOKEN": "not-a-token"}
    result = serve_http(env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "coachbot: SLACK_BOT_TOKEN must start with 'xoxb-' (copy it from your app's settings)"
    ]


def test_a_database_it_cannot_open_stops_start_up_with_one_line(env: dict[str, str], tmp_path: Path) -> None:
    """The schema check before serving is what first opens the database: its failure names the setting."""
    env = env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'no-such-folder' / 'coachbot.db'}"}
    result = serve_http(env)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("coachbot: DATABASE_URL: cannot open or migrate the database (OperationalError: ")


def test_kill_9_mid_round_then_restart_finishes_on_time_and_loses_nothing(
    real_slack: tuple[LocalSlack, Workspace], env: dict[str, str], tmp_path: Path
) -> None:
    _, ws = real_slack
    process = start(env, ws, tmp_path)
    try:
        ws.slash_command(FAC, CHANNEL, command="/assess", text=f"<@{ANA}|ana> timing=5s,5s,5s,5s,5s")
        card = wait_for(
            lambda: next((m for m in ws.messages(CHANNEL) if m.bot_id), None), 10, "the round card"
        )
        started = time.monotonic()
        ws.post_message(ANA, CHANNEL, "my example, before the crash", thread_ts=card.ts)
        wait_for(lambda: len(ws.thread(CHANNEL, card.ts)) >= 3, 10, "the second phase's announcement")
        ws.post_message(PIA, CHANNEL, "a question, before the crash", thread_ts=card.ts)
        time.sleep(0.5)
        process.kill9()
        time.sleep(3)  # down through a phase boundary
        process = start(env, ws, tmp_path)

        def announced() -> int:
            return sum(1 for m in ws.thread(CHANNEL, card.ts) if "Phase " in block_text(m.blocks))

        wait_for(lambda: announced() >= 3, 5, "the phase change missed while down, within 5 s of restart")
        digest = wait_for(lambda: ws.dm_with(ANA), 40, "the digest DM")
        took = time.monotonic() - started
        text = "\n".join(block_text(m.blocks) for m in digest)
        assert "my example, before the crash" in text
        assert "a question, before the crash" in text
        announcements = [m for m in ws.thread(CHANNEL, card.ts) if "Phase " in block_text(m.blocks)]
        assert len(announcements) == 5  # each phase announced once, none lost to the crash
        assert took < 25 + 5  # it ended on its own deadlines, not 25 s after the restart
        final = wait_for(
            lambda: "Round complete" in block_text(getattr(ws.message(CHANNEL, card.ts), "blocks", None)),
            10,
            "the finished card",
        )
        assert final
        # GET /metrics beside /slack/events: the restarted process took the dead one's lease over.
        with urllib.request.urlopen(f"http://127.0.0.1:{process.port}/metrics", timeout=5) as response:
            metrics = response.read().decode().splitlines()
        assert "coachbot_lease_holder 1.0" in metrics
        assert "coachbot_lease_takeovers_total 1.0" in metrics
        assert "coachbot_installations 1.0" in metrics
    finally:
        process.stop()
