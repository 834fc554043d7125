"""The anonymity promise holds in the logs: `coachbot serve`, over HTTP and in Socket Mode, at DEBUG and at
INFO, runs an anonymous round with a typed reply, a refusal answered through a response_url and a digest;
its log holds none of the words, not the anonymous writer's id, and no response_url."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.ids import VALUE, AssessAction, AssessBlock, AssessExtra, AssessView
from localslack import LocalSlack, Workspace
from tests.e2e.test_serve import free_port, wait_for
from tests.harness import ANA, CHANNEL, FAC, PETE, PIA, SECRET, TEAM, TOKEN, block_text, make_local_slack

pytestmark = pytest.mark.e2e

APP_TOKEN = "xapp-1-A0LOCAL-log-privacy"
FEEDBACK = "Anonymous words: you cut people off when the budget comes up"
TYPED = "Typed words: the second example was the clearest"
ASKED = "Leader words: I never know when to step in"


@pytest.fixture(params=["http", "socket"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=["DEBUG", "INFO"])
def level(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def slack_for(mode: str) -> Iterator[tuple[LocalSlack, Workspace]]:
    slack, ws = make_local_slack(None)  # real time, like the process under test
    if mode == "socket":
        ws.app_token = APP_TOKEN
    with slack:
        yield slack, ws


@pytest.fixture
def served_log(
    slack_for: tuple[LocalSlack, Workspace], mode: str, level: str, tmp_path: Path
) -> Iterator[Path]:
    slack, ws = slack_for
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "COACHBOT_"))}
    env = base | {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'logs.db'}",
        "COACHBOT_LOG_LEVEL": level,
        # Socket Mode logs JSON lines (its listeners run on their own threads, which carry the request's tag).
        "COACHBOT_LOG_FORMAT": "json" if mode == "socket" else "text",
    }
    command = [sys.executable, "-m", "bot.cli", "serve"]
    port = free_port()
    if mode == "socket":
        env["SLACK_APP_TOKEN"] = APP_TOKEN
    else:
        command += ["--http", "--host", "127.0.0.1", "--port", str(port)]
    log = tmp_path / "serve.log"
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            if mode == "socket":
                assert slack.sockets.wait_connected(TEAM, timeout=30), log.read_text()
            else:
                ws.request_url = f"http://127.0.0.1:{port}/slack/events"
                wait_for(lambda: _healthy(port), 30, "GET /healthz to answer 200")
            yield log
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _feedback_button(ws: Workspace, card_ts: str) -> Any:
    found = [m for m in ws.thread(CHANNEL, card_ts) if AssessExtra.GIVE_FEEDBACK in repr(m.blocks)]
    return found[-1] if found else None


def _anonymous_round(ws: Workspace) -> list[str]:
    """The round; returns the ids of every response_url Slack handed the app on the way."""
    started = ws.slash_command(
        FAC, CHANNEL, command="/assess", text=f"<@{ANA}|ana> timing=5s,5s,5s,5s,5s anonymous"
    )
    assert started.status == 200, started.body
    card = wait_for(lambda: next((m for m in ws.messages(CHANNEL) if m.bot_id), None), 15, "the round card")
    ws.post_message(ANA, CHANNEL, ASKED, thread_ts=card.ts)
    refused = ws.click_button(PETE, CHANNEL, card.ts, AssessAction.PAUSE)  # answered through response_url
    assert refused.status == 200
    wait_for(lambda: any("Only" in (e.text or "") for e in ws.ephemerals(PETE)), 15, "the refusal to Pete")
    announcement = wait_for(lambda: _feedback_button(ws, card.ts), 30, "the peer feedback phase")
    ws.click_button(PIA, CHANNEL, announcement.ts, AssessExtra.GIVE_FEEDBACK)
    modal = wait_for(lambda: ws.modal_stack(PIA), 15, "the feedback form")[-1]
    assert modal["callback_id"] == AssessView.FEEDBACK
    values = {AssessBlock.FEEDBACK_TEXT.value: {VALUE: {"type": "plain_text_input", "value": FEEDBACK}}}
    assert ws.submit_view(PIA, modal["id"], values=values).status == 200
    ws.post_message(PETE, CHANNEL, TYPED, thread_ts=card.ts)
    wait_for(
        lambda: any(FEEDBACK in block_text(m.blocks) for m in ws.thread(CHANNEL, card.ts)), 15, "the feedback"
    )
    ws.click_button(FAC, CHANNEL, card.ts, AssessAction.END_ROUND)
    digest = wait_for(lambda: ws.dm_with(ANA), 30, "the digest to Ana")
    shown = "\n".join(block_text(m.blocks) for m in digest)
    assert FEEDBACK in shown  # the words did travel: in Slack, not in the log
    assert TYPED in shown
    with ws.host.lock:
        return list(ws.response_urls)


def test_logs_hold_no_words_no_anonymous_writer_and_no_response_url(
    slack_for: tuple[LocalSlack, Workspace], served_log: Path, level: str, mode: str
) -> None:
    _, ws = slack_for
    urls = _anonymous_round(ws)
    assert urls
    text = served_log.read_text(errors="replace")
    if mode == "socket":  # JSON lines, each request's lines tagged with its team and kind
        lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        assert len(lines) == len(text.splitlines())
        kinds = {line.get("kind") for line in lines if line.get("team") == TEAM}
        if level == "DEBUG":  # each request's "request: …" line, at least
            assert {"command", "action", "view", "event"} <= kinds
    if level == "DEBUG":
        assert " DEBUG " in text or '"level": "DEBUG"' in text  # the level was really on
    for words in (FEEDBACK, TYPED, ASKED):
        assert words not in text
        assert words.split(":")[1].strip()[:20] not in text
    assert PIA not in text  # the anonymous writer is nowhere, so not next to her words either
    assert "hooks.slack.com" not in text
    assert "/response/" not in text
    for url in urls:
        assert url not in text
