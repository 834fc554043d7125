from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_API_URL, SECRETS_DIR_VARIABLE, ConfigError, Settings, load_settings

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


def test_secrets_come_from_a_folder_of_files_as_containers_mount_them(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "slack_bot_token").write_text("xoxb-from-secret\n")  # Docker's lower-case names work
    (secrets / "SLACK_SIGNING_SECRET").write_text("signing-from-secret")
    (secrets / "COACHBOT_RETENTION_DAYS").write_text("30")
    settings = load_settings({"COACHBOT_SECRETS_DIR": str(secrets)}, env_file=None)
    assert (settings.bot_token, settings.signing_secret, settings.retention_days) == (
        "xoxb-from-secret",
        "signing-from-secret",
        30,
    )


def test_the_environment_and_env_file_win_over_secret_files(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "SLACK_BOT_TOKEN").write_text("xoxb-secret")
    (secrets / "SLACK_SIGNING_SECRET").write_text("secret")
    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_SIGNING_SECRET=from-env-file\n")
    environ = {"COACHBOT_SECRETS_DIR": str(secrets), "SLACK_BOT_TOKEN": "xoxb-env"}
    settings = load_settings(environ, env_file=env_file)
    assert (settings.bot_token, settings.signing_secret) == ("xoxb-env", "from-env-file")


def test_a_bad_secret_file_is_named_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "SLACK_BOT_TOKEN").write_text("xoxp-user-token")
    with pytest.raises(ConfigError) as caught:
        load_settings({"SLACK_SIGNING_SECRET": "s", "COACHBOT_SECRETS_DIR": str(tmp_path)}, env_file=None)
    assert str(caught.value) == "SLACK_BOT_TOKEN must start with 'xoxb-' (copy it from your app's settings)"


def test_a_missing_secrets_folder_is_named() -> None:
    with pytest.raises(ConfigError, match="COACHBOT_SECRETS_DIR must name a folder"):
        load_settings(GOOD | {"COACHBOT_SECRETS_DIR": "/nowhere/at/all"}, env_file=None)


def test_operations_and_install_settings_are_read() -> None:
    settings = load_settings(
        GOOD
        | {
            "COACHBOT_LOG_FORMAT": "JSON",
            "COACHBOT_METRICS_PORT": "9100",
            "SLACK_CLIENT_ID": "123.456",
            "SLACK_CLIENT_SECRET": "client-secret",
            "SLACK_STATE_SECRET": "state-secret-of-16+",
        },
        env_file=None,
    )
    assert (settings.log_format, settings.metrics_port, settings.client_id, settings.state_secret) == (
        "json",
        9100,
        "123.456",
        "state-secret-of-16+",
    )
    assert settings.oauth
    assert settings.bot_token is None
    assert settings.oauth_authorize_url == "https://slack.com/oauth/v2/authorize"
    defaults = load_settings(GOOD, env_file=None)
    assert (defaults.log_format, defaults.metrics_port, defaults.client_id) == ("text", None, None)


@pytest.mark.parametrize(
    ("change", "line"),
    [
        ({"COACHBOT_LOG_FORMAT": "xml"}, "COACHBOT_LOG_FORMAT must be text or json (default text)"),
        ({"COACHBOT_METRICS_PORT": "http"}, "COACHBOT_METRICS_PORT must be a port number from 1 to 65535"),
        ({"SLACK_OAUTH_AUTHORIZE_URL": "slack.com"}, "SLACK_OAUTH_AUTHORIZE_URL must be an http(s) URL"),
    ],
)
def test_a_bad_operations_setting_is_one_line(change: dict[str, str], line: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(GOOD | change, env_file=None)
    assert str(caught.value).startswith(line)
    assert "\n" not in str(caught.value)


def test_the_secrets_folder_may_be_named_in_env_file(tmp_path: Path) -> None:
    (tmp_path / "SLACK_BOT_TOKEN").write_text("xoxb-from-secret")
    env_file = tmp_path / ".env"
    env_file.write_text(f"COACHBOT_SECRETS_DIR={tmp_path}\nSLACK_SIGNING_SECRET=s\n")
    assert load_settings({}, env_file=env_file).bot_token == "xoxb-from-secret"


def test_env_example_lists_every_setting() -> None:
    listed = {
        line.split("=", 1)[0]
        for line in (Path(__file__).parents[2] / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    names = {str(field.validation_alias) for field in Settings.model_fields.values()}
    assert names | {SECRETS_DIR_VARIABLE} <= listed
