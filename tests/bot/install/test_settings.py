"""The settings of an install in many workspaces, the scopes it asks for, and Slack refusing a token used in
another workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import DEFAULT_AUTHORIZE_URL, ConfigError, load_settings
from bot.oauth import BOT_SCOPES
from localslack import LocalSlack

OAUTH = {"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c"}


def test_client_id_and_secret_replace_the_bot_token() -> None:
    settings = load_settings(OAUTH, env_file=None)
    assert settings.oauth
    assert settings.bot_token is None
    assert (settings.client_id, settings.client_secret, settings.state_secret) == ("1.2", "c", None)
    assert settings.oauth_authorize_url == DEFAULT_AUTHORIZE_URL


def test_without_them_the_bot_token_is_required_as_before() -> None:
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, env_file=None)
    assert not settings.oauth
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN is not set"):
        load_settings({"SLACK_SIGNING_SECRET": "s"}, env_file=None)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together"),
        ({"SLACK_STATE_SECRET": "short"}, "SLACK_STATE_SECRET must be at least 16 characters"),
        ({"SLACK_OAUTH_AUTHORIZE_URL": "slack.com"}, "SLACK_OAUTH_AUTHORIZE_URL must be an http"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "needs serve --http"),
    ],
)
def test_bad_install_settings_stop_start_up_with_one_line(extra: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as raised:
        load_settings(OAUTH | extra, env_file=None)
    assert "\n" not in str(raised.value)


def test_the_install_asks_for_the_manifests_bot_scopes() -> None:
    manifest = yaml.safe_load((Path(__file__).parents[3] / "manifest.yml").read_text())
    assert list(BOT_SCOPES) == manifest["oauth_config"]["scopes"]["bot"]


def test_a_token_used_for_another_workspaces_channel_or_person_is_invalid_auth() -> None:
    with LocalSlack() as slack:
        one = slack.add_workspace(team_id="T0ONE", bot_token="xoxb-one")
        two = slack.add_workspace(team_id="T0TWO", bot_token="xoxb-two", bot_user_id="UBOT2")
        one.add_user("U0ONE", "one")
        two.add_user("U0TWO", "two")
        one.add_channel("C0ONE", "one")
        two.add_channel("C0TWO", "two")
        client = WebClient(token="xoxb-one", base_url=slack.api_url)
        assert client.chat_postMessage(channel="C0ONE", text="mine")["ok"]
        for method, params in (
            ("chat.postMessage", {"channel": "C0TWO", "text": "theirs"}),
            ("users.info", {"user": "U0TWO"}),
            ("conversations.open", {"users": "U0TWO"}),
        ):
            with pytest.raises(SlackApiError) as refused:
                client.api_call(method, params=params)
            assert refused.value.response["error"] == "invalid_auth"
        assert two.messages("C0TWO") == []
        assert [c.token for c in slack.calls] == ["xoxb-one"] * 4
