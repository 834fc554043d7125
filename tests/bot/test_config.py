from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_API_URL, ConfigError, load_settings

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}


def test_defaults() -> None:
    settings = load_settings(GOOD, env_file=None)
    assert settings.api_url == DEFAULT_API_URL
    assert settings.database_url == "sqlite:///coachbot.db"
    assert not settings.socket_mode
    assert settings.send_workers == 4
    assert settings.retention_days == 365


def test_send_workers_is_read() -> None:
    assert load_settings(GOOD | {"COACHBOT_SEND_WORKERS": "1"}, env_file=None).send_workers == 1


def test_retention_days_is_read() -> None:
    assert load_settings(GOOD | {"COACHBOT_RETENTION_DAYS": "30"}, env_file=None).retention_days == 30


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=file\nSLACK_APP_TOKEN=xapp-1\n")
    settings = load_settings({"SLACK_SIGNING_SECRET": "env"}, env_file=env_file)
    assert (settings.bot_token, settings.signing_secret, settings.socket_mode) == (
        "xoxb-from-file",
        "env",
        True,
    )


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxp-1"}, "SLACK_BOT_TOKEN must start with 'xoxb-'"),
        ({"SLACK_SIGNING_SECRET": " "}, "SLACK_SIGNING_SECRET is not set"),
        ({"SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN must start with 'xapp-'"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL must be an http(s) URL"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must point at SQLite or PostgreSQL"),
        ({"DATABASE_URL": "::nonsense::"}, "DATABASE_URL is malformed"),
        ({"COACHBOT_LOG_LEVEL": "LOUD"}, "COACHBOT_LOG_LEVEL must be one of"),
        ({"COACHBOT_SEND_WORKERS": "0"}, "COACHBOT_SEND_WORKERS must be a whole number from 1 to 32"),
        ({"COACHBOT_RETENTION_DAYS": "0"}, "COACHBOT_RETENTION_DAYS must be a whole number of days"),
    ],
)
def test_a_bad_setting_is_named(change: dict[str, str], names: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(GOOD | change, env_file=None)
    assert names in str(caught.value)
