"""`coachbot serve --http` with SLACK_CLIENT_ID as a separate process: two workspaces install it through its
pages, each runs a command and a round starts, every call with that workspace's token; an uninstall holds."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from localslack import LocalSlack, Message, Workspace
from localslack.browser import Browser
from localslack.oauth import OAuthApp
from tests.e2e.test_serve import Process, free_port, wait_for

pytestmark = pytest.mark.e2e

CLIENT_ID, CLIENT_SECRET, SECRET = "9.9", "e2e-client-secret", "e2e-signing-secret"
TEAMS = {"T0EAST": ("East", "C0EAST", "U0EFAC", "U0EANA"), "T0WEST": ("West", "C0WEST", "U0WFAC", "U0WANA")}


def cards(ws: Workspace, channel: str) -> list[Message]:
    return [m for m in ws.messages(channel) if m.bot_id]


@pytest.fixture
def slack() -> Iterator[LocalSlack]:
    local = LocalSlack()  # real time, like the process under test
    for team_id, (name, channel, fac, ana) in TEAMS.items():
        ws = local.add_workspace(team_id=team_id, name=name, bot_token=None, bot_user_id=f"UB{team_id}")
        ws.add_user(fac, fac.lower())
        ws.add_user(ana, ana.lower())
        ws.add_channel(channel, "team", members=[fac, ana])
    with local:
        yield local


def test_serve_installs_in_two_workspaces_and_answers_each_with_its_own_token(
    slack: LocalSlack, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env = base | {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "SLACK_OAUTH_AUTHORIZE_URL": slack.authorize_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'install.db'}",
    }
    slack.configure_app(
        OAuthApp(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            redirect_url=f"{url}/slack/oauth_redirect",
            request_url=f"{url}/slack/events",
            signing_secret=SECRET,
        )
    )
    process = Process(env, port, tmp_path / "serve.log")
    try:
        wait_for(process.healthy, 30, "GET /healthz to answer 200")
        for team_id, (name, channel, fac, ana) in TEAMS.items():
            page = Browser().install(f"{url}/slack/install", team_id)
            assert page.status == 200, page.text
            assert f"coachbot is now installed in <b>{name}</b>" in page.text
            ws = slack.workspaces[team_id]
            answer = ws.slash_command(fac, channel, command="/assess", text=f"<@{ana}> timing=5s,5s,5s,5s,5s")
            assert answer.status == 200
        for team_id, (_, channel, _, _) in TEAMS.items():
            wait_for(partial(cards, slack.workspaces[team_id], channel), 20, "a card")
        grants = slack.oauth.grants
        calls = [c for c in slack.calls if c.token is not None]
        assert {c.team_id for c in calls} == {"T0EAST", "T0WEST"}
        assert [c for c in calls if c.team_id not in grants[str(c.token)].team_ids] == []
        assert [c for c in calls if not c.response.get("ok")] == []
        # East removes coachbot: its tokens stop working and nothing more is sent there.
        slack.uninstall(slack.workspaces["T0EAST"])
        before = len(slack.calls)
        wait_for(
            lambda: [
                c for c in slack.calls[before:] if c.team_id == "T0WEST" and c.method == "chat.postMessage"
            ],
            30,
            "West's round to go on",
        )
        assert [c.method for c in slack.calls[before:] if c.team_id == "T0EAST"] == []
    finally:
        process.stop()
