"""Scopes as Slack enforces them: the manifest's bot scopes by default, missing_scope with needed/provided."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import LocalSlack, Workspace
from localslack.api import METHODS
from localslack.scopes import BY_CONVERSATION, FIXED, manifest_bot_scopes

MANIFEST = Path(__file__).parents[2] / "manifest.yml"


def refusal(call: Callable[..., object], **params: object) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as caught:
        call(**params)
    data = caught.value.response.data
    assert isinstance(data, dict)
    return data


def test_a_workspace_is_granted_the_manifests_bot_scopes(ws: Workspace) -> None:
    declared = yaml.safe_load(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"]
    assert manifest_bot_scopes(MANIFEST) == frozenset(declared)
    assert ws.scopes == set(declared)


def test_every_emulated_method_has_a_scope_rule() -> None:
    ruled = set(FIXED) | set(BY_CONVERSATION) | {"conversations.open"}
    assert set(METHODS) <= ruled


@pytest.mark.parametrize(
    ("method", "params", "scope"),
    [
        ("chat_postMessage", {"channel": "C_TEAM", "text": "hi"}, "chat:write"),
        ("chat_postEphemeral", {"channel": "C_TEAM", "user": "U_ANA", "text": "hi"}, "chat:write"),
        ("users_info", {"user": "U_ANA"}, "users:read"),
        ("users_list", {}, "users:read"),
        ("conversations_open", {"users": "U_ANA"}, "im:write"),
        ("conversations_history", {"channel": "C_TEAM"}, "channels:history"),
        ("conversations_replies", {"channel": "C_TEAM", "ts": "1.000001"}, "channels:history"),
        ("conversations_info", {"channel": "C_TEAM"}, "channels:read"),
        ("files_getUploadURLExternal", {"filename": "a.png", "length": 3}, "files:write"),
    ],
)
def test_a_method_without_its_scope_answers_missing_scope_and_changes_nothing(
    slack: LocalSlack, ws: Workspace, client: WebClient, method: str, params: dict[str, object], scope: str
) -> None:
    assert ws.scopes is not None
    ws.scopes.discard(scope)
    before = len(ws.all_messages("C_TEAM"))
    answer = refusal(getattr(client, method), **params)
    assert answer["error"] == "missing_scope"
    assert answer["needed"] == scope
    assert answer["provided"] == ",".join(sorted(ws.scopes))
    assert len(ws.all_messages("C_TEAM")) == before


def test_history_needs_the_scope_of_the_conversations_type(ws: Workspace, client: WebClient) -> None:
    ws.add_channel("G_OURS", "ours", members=["U_ANA"], is_private=True)
    dm = client.conversations_open(users="U_ANA")["channel"]["id"]
    assert ws.scopes is not None
    ws.scopes -= {"groups:history", "im:history"}
    assert client.conversations_history(channel="C_TEAM")["ok"]
    assert refusal(client.conversations_history, channel="G_OURS")["needed"] == "groups:history"
    assert refusal(client.conversations_history, channel=dm)["needed"] == "im:history"


def test_views_and_auth_need_no_scope(ws: Workspace, client: WebClient) -> None:
    ws.scopes = set()
    assert client.auth_test()["ok"]
    published = client.views_publish(user_id="U_ANA", view={"type": "home", "blocks": []})
    assert published["ok"]


def test_scopes_none_grants_everything(ws: Workspace, client: WebClient) -> None:
    ws.scopes = None
    assert client.conversations_join(channel="C_QUIET")["ok"]


def test_an_explicit_grant_replaces_the_manifests(slack: LocalSlack) -> None:
    ws = slack.add_workspace(team_id="T_MIN", bot_token="xoxb-min", scopes=["commands"])
    client = WebClient(token="xoxb-min", base_url=slack.api_url, retry_handlers=[])
    ws.add_channel("C_MIN", "min")
    answer = refusal(client.chat_postMessage, channel="C_MIN", text="hi")
    assert (answer["needed"], answer["provided"]) == ("chat:write", "commands")
