"""Settings, read once from the environment and `.env`; a bad setting stops start-up with one clear line."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.slack.lanes import DEFAULT_SEND_WORKERS

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///coachbot.db"


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and says what is expected."""


@dataclass(frozen=True)
class Settings:
    bot_token: str
    signing_secret: str
    app_token: str | None
    api_url: str
    database_url: str
    log_level: str = "INFO"
    posts_per_minute: int = 270
    send_workers: int = DEFAULT_SEND_WORKERS
    replica_name: str | None = None  # default: the host name
    retention_days: int = 365  # how long people's words and sent message bodies are kept after the end
    public_url: str | None = None  # where `serve --http` is reached from outside: calendar feed links

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


@dataclass(frozen=True)
class DatabaseSettings:
    """What `coachbot db upgrade` needs: no Slack credentials, so an operator can migrate before install."""

    database_url: str
    log_level: str = "INFO"


def _merged(environ: Mapping[str, str] | None, env_file: Path | None) -> dict[str, str]:
    """`.env` (if present) under the real environment: the environment wins."""
    merged: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return merged


def load_database_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> DatabaseSettings:
    merged = _merged(environ, env_file)
    return DatabaseSettings(
        database_url=_database_url(merged.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
        log_level=_log_level(merged.get("COACHBOT_LOG_LEVEL") or "INFO"),
    )


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Every setting `coachbot serve` needs, each validated; the first bad one raises ConfigError."""
    merged = _merged(environ, env_file)
    return Settings(
        bot_token=_token(merged, "SLACK_BOT_TOKEN", "xoxb-"),
        signing_secret=_required(merged, "SLACK_SIGNING_SECRET"),
        app_token=_optional_token(merged, "SLACK_APP_TOKEN", "xapp-"),
        api_url=_api_url(merged.get("SLACK_API_URL") or DEFAULT_API_URL),
        database_url=_database_url(merged.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
        log_level=_log_level(merged.get("COACHBOT_LOG_LEVEL") or "INFO"),
        posts_per_minute=_posts_per_minute(merged.get("COACHBOT_POSTS_PER_MINUTE") or "270"),
        send_workers=_send_workers(merged.get("COACHBOT_SEND_WORKERS") or str(DEFAULT_SEND_WORKERS)),
        replica_name=_replica_name(merged.get("COACHBOT_REPLICA_NAME", "")),
        retention_days=_retention_days(merged.get("COACHBOT_RETENTION_DAYS") or "365"),
        public_url=_public_url(merged.get("COACHBOT_PUBLIC_URL", "")),
    )


def _retention_days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 36_500:
        raise ConfigError(
            "COACHBOT_RETENTION_DAYS must be a whole number of days from 1 to 36500 (default 365)"
        )
    return int(value)


def _replica_name(value: str) -> str | None:
    name = value.strip()
    if name and (":" in name or len(name) > 100):
        raise ConfigError("COACHBOT_REPLICA_NAME must be a short name without ':' (default: the host name)")
    return name or None


def _posts_per_minute(value: str) -> int:
    if not value.isdigit() or not 10 <= int(value) <= 100_000:
        raise ConfigError("COACHBOT_POSTS_PER_MINUTE must be a whole number from 10 to 100000 (default 270)")
    return int(value)


def _send_workers(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 32:
        raise ConfigError(
            f"COACHBOT_SEND_WORKERS must be a whole number from 1 to 32 (default {DEFAULT_SEND_WORKERS})"
        )
    return int(value)


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(f"{name} is not set: add it to the environment or to .env")
    return value


def _token(env: Mapping[str, str], name: str, prefix: str) -> str:
    value = _required(env, name)
    if not value.startswith(prefix):
        raise ConfigError(f"{name} must start with '{prefix}' (copy it from your app's settings)")
    return value


def _optional_token(env: Mapping[str, str], name: str, prefix: str) -> str | None:
    if not env.get(name, "").strip():
        return None
    return _token(env, name, prefix)


def _api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_API_URL}")
    return value if value.endswith("/") else value + "/"


def _public_url(value: str) -> str | None:
    if not value.strip():
        return None
    parsed = urlparse(value.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise ConfigError(
            "COACHBOT_PUBLIC_URL must be an http(s) address such as https://coachbot.example.com"
        )
    return value.strip().rstrip("/")


def _database_url(value: str) -> str:
    try:
        url = make_url(value)
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is malformed: use sqlite:///path.db or postgresql+psycopg://user@host:5432/dbname"
        ) from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError("DATABASE_URL must point at SQLite or PostgreSQL")
    return value


def _log_level(value: str) -> str:
    level = value.upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("COACHBOT_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR")
    return level
