"""Settings, read once from the environment, `.env` and a secrets folder (pydantic-settings); a bad setting
stops start-up with one clear line naming it and what is expected."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlparse

from dotenv import dotenv_values
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.slack.lanes import DEFAULT_SEND_WORKERS

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///coachbot.db"
DEFAULT_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"
# A folder of one file per setting, as container platforms mount secrets (Docker and Kubernetes use
# /run/secrets): the file's name is the setting's (any case), its content the value.
SECRETS_DIR_VARIABLE = "COACHBOT_SECRETS_DIR"


S = TypeVar("S", bound="DatabaseSettings")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and says what is expected."""


class DatabaseSettings(BaseSettings):
    """What `coachbot db upgrade` needs: no Slack credentials, so an operator can migrate before install."""

    # Sources: the mapping load_* hands in (the environment), then .env, then the secrets folder. The
    # environment is passed in rather than read by pydantic-settings, so a caller (a test) can give its own.
    model_config = SettingsConfigDict(
        frozen=True, extra="ignore", validate_by_name=True, validate_by_alias=True, case_sensitive=False
    )

    database_url: str = Field(default=DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    log_level: str = Field(default="INFO", validation_alias="COACHBOT_LOG_LEVEL")
    log_format: Literal["text", "json"] = Field(default="text", validation_alias="COACHBOT_LOG_FORMAT")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, dotenv_settings, file_secret_settings

    @field_validator("database_url", mode="before")
    @classmethod
    def _database_url(cls, value: object) -> str:
        text = _text(value) or DEFAULT_DATABASE_URL
        try:
            url = make_url(text)
        except ArgumentError:
            raise ValueError(
                "DATABASE_URL is malformed: use sqlite:///path.db or postgresql+psycopg://user@host:5432/dbname"
            ) from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError("DATABASE_URL must point at SQLite or PostgreSQL")
        return text

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: object) -> str:
        level = (_text(value) or "INFO").upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("COACHBOT_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR")
        return level

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, value: object) -> str:
        shape = (_text(value) or "text").lower()
        if shape not in ("text", "json"):
            raise ValueError("COACHBOT_LOG_FORMAT must be text or json (default text)")
        return shape


class Settings(DatabaseSettings):
    """Every setting `coachbot serve` needs."""

    # None when installed in many workspaces through OAuth (SLACK_CLIENT_ID set): each has its own token.
    bot_token: str | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    signing_secret: str = Field(default="", validation_alias="SLACK_SIGNING_SECRET")
    app_token: str | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    api_url: str = Field(default=DEFAULT_API_URL, validation_alias="SLACK_API_URL")
    posts_per_minute: int = Field(default=270, validation_alias="COACHBOT_POSTS_PER_MINUTE")
    send_workers: int = Field(default=DEFAULT_SEND_WORKERS, validation_alias="COACHBOT_SEND_WORKERS")
    # Default: the host name.
    replica_name: str | None = Field(default=None, validation_alias="COACHBOT_REPLICA_NAME")
    # How long people's words and sent message bodies are kept after the end.
    retention_days: int = Field(default=365, validation_alias="COACHBOT_RETENTION_DAYS")
    # Socket Mode: serve GET /metrics on this port too (`serve --http` serves it beside /slack/events).
    metrics_port: int | None = Field(default=None, validation_alias="COACHBOT_METRICS_PORT")
    # OAuth install in many workspaces (all optional; without them one bot token serves one workspace).
    client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")
    client_secret: str | None = Field(default=None, validation_alias="SLACK_CLIENT_SECRET")
    state_secret: str | None = Field(default=None, validation_alias="SLACK_STATE_SECRET")
    oauth_authorize_url: str = Field(
        default=DEFAULT_AUTHORIZE_URL, validation_alias="SLACK_OAUTH_AUTHORIZE_URL"
    )
    # Where `serve --http` is reached from outside: calendar feed links are made from it; None offers none.
    public_url: str | None = Field(default=None, validation_alias="COACHBOT_PUBLIC_URL")

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @property
    def oauth(self) -> bool:
        return self.client_id is not None

    @field_validator("bot_token", mode="before")
    @classmethod
    def _bot_token(cls, value: object) -> str | None:
        # Checked here when given; whether one is needed at all depends on SLACK_CLIENT_ID (below).
        text = _text(value)
        return _token(text, "SLACK_BOT_TOKEN", "xoxb-") if text else None

    @field_validator("state_secret", mode="before")
    @classmethod
    def _state_secret(cls, value: object) -> str | None:
        secret = _text(value)
        if secret and len(secret) < 16:
            raise ValueError(
                "SLACK_STATE_SECRET must be at least 16 characters "
                "(or unset: one is generated and kept in the database)"
            )
        return secret or None

    @model_validator(mode="after")
    def _one_token_or_oauth(self) -> Settings:
        """One bot token (one workspace), or SLACK_CLIENT_ID and SECRET (many, each with its own)."""
        if self.client_id is None and self.client_secret is None:
            if self.bot_token is None:
                _required("", "SLACK_BOT_TOKEN")
            return self
        if self.client_id is None or self.client_secret is None:
            raise ValueError(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together: "
                "set both (install in many workspaces) or neither"
            )
        if self.app_token is not None:
            raise ValueError(
                "SLACK_CLIENT_ID (install in many workspaces) needs serve --http: unset SLACK_APP_TOKEN"
            )
        # The installations' tokens answer; a stray single token would answer for one of them only.
        object.__setattr__(self, "bot_token", None)
        return self

    @field_validator("signing_secret", mode="before")
    @classmethod
    def _signing_secret(cls, value: object) -> str:
        return _required(_text(value), "SLACK_SIGNING_SECRET")

    @field_validator("app_token", mode="before")
    @classmethod
    def _app_token(cls, value: object) -> str | None:
        text = _text(value)
        return _token(text, "SLACK_APP_TOKEN", "xapp-") if text else None

    @field_validator("api_url", mode="before")
    @classmethod
    def _api_url(cls, value: object) -> str:
        return _http_url(_text(value) or DEFAULT_API_URL, "SLACK_API_URL", DEFAULT_API_URL, slash=True)

    @field_validator("oauth_authorize_url", mode="before")
    @classmethod
    def _authorize_url(cls, value: object) -> str:
        text = _text(value) or DEFAULT_AUTHORIZE_URL
        return _http_url(text, "SLACK_OAUTH_AUTHORIZE_URL", DEFAULT_AUTHORIZE_URL, slash=False)

    @field_validator("public_url", mode="before")
    @classmethod
    def _public_url(cls, value: object) -> str | None:
        text = _text(value)
        if not text:
            return None
        parsed = urlparse(text)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
            raise ValueError(
                "COACHBOT_PUBLIC_URL must be an http(s) address such as https://coachbot.example.com"
            )
        return text.rstrip("/")

    @field_validator("client_id", "client_secret", mode="before")
    @classmethod
    def _optional(cls, value: object) -> str | None:
        return _text(value) or None

    @field_validator("posts_per_minute", mode="before")
    @classmethod
    def _posts_per_minute(cls, value: object) -> int:
        return _whole(
            value, 270, 10, 100_000, "COACHBOT_POSTS_PER_MINUTE must be a whole number from 10 to 100000"
        )

    @field_validator("send_workers", mode="before")
    @classmethod
    def _send_workers(cls, value: object) -> int:
        return _whole(
            value, DEFAULT_SEND_WORKERS, 1, 32, "COACHBOT_SEND_WORKERS must be a whole number from 1 to 32"
        )

    @field_validator("retention_days", mode="before")
    @classmethod
    def _retention_days(cls, value: object) -> int:
        return _whole(
            value, 365, 1, 36_500, "COACHBOT_RETENTION_DAYS must be a whole number of days from 1 to 36500"
        )

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _metrics_port(cls, value: object) -> int | None:
        if not _text(value):
            return None
        return _whole(value, 0, 1, 65_535, "COACHBOT_METRICS_PORT must be a port number from 1 to 65535")

    @field_validator("replica_name", mode="before")
    @classmethod
    def _replica_name(cls, value: object) -> str | None:
        name = _text(value)
        if name and (":" in name or len(name) > 100):
            raise ValueError(
                "COACHBOT_REPLICA_NAME must be a short name without ':' (default: the host name)"
            )
        return name or None


def load_database_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> DatabaseSettings:
    return _load(DatabaseSettings, environ, env_file)


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Every setting `coachbot serve` needs, each validated; the first bad one raises ConfigError."""
    return _load(Settings, environ, env_file)


def _load(kind: type[S], environ: Mapping[str, str] | None, env_file: Path | None) -> S:
    """The environment (os.environ unless given) over `.env` over the secrets folder, as pydantic-settings
    orders its sources; a blank value counts as unset (and hides the same setting in `.env`), as it always
    has."""
    given = os.environ if environ is None else environ
    names = {str(f.validation_alias) for f in kind.model_fields.values()}
    values: dict[str, Any] = {k: v for k, v in given.items() if k in names}
    files = env_file if env_file is not None and env_file.is_file() else None
    # Where the other sources are is a setting of its own: from the environment, else from .env.
    secrets = _secrets_dir(given.get(SECRETS_DIR_VARIABLE) or _in_env_file(files, SECRETS_DIR_VARIABLE))
    try:
        return kind(_env_file=files, _secrets_dir=secrets, **values)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise ConfigError(_one_line(kind, exc)) from None


def _in_env_file(env_file: Path | None, name: str) -> str:
    return (dotenv_values(env_file).get(name) or "") if env_file is not None else ""


def _secrets_dir(value: str) -> Path | None:
    if not value.strip():
        return None
    path = Path(value.strip())
    if not path.is_dir():
        raise ConfigError(f"{SECRETS_DIR_VARIABLE} must name a folder of secret files ({path} is not one)")
    return path


def _one_line(kind: type[DatabaseSettings], exc: ValidationError) -> str:
    """The first error as our own sentence (the validators' words), or the setting's name and pydantic's."""
    first = exc.errors()[0]
    reason = first.get("ctx", {}).get("error")
    if isinstance(reason, ValueError):
        return str(reason)
    field = str(first["loc"][0]) if first["loc"] else ""
    info = kind.model_fields.get(field)
    name = str(info.validation_alias) if info is not None and info.validation_alias else field
    return f"{name}: {first['msg']}"


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _required(value: str, name: str) -> str:
    if not value:
        raise ValueError(f"{name} is not set: add it to the environment, to .env or to the secrets folder")
    return value


def _token(value: str, name: str, prefix: str) -> str:
    _required(value, name)
    if not value.startswith(prefix):
        raise ValueError(f"{name} must start with '{prefix}' (copy it from your app's settings)")
    return value


def _http_url(value: str, name: str, example: str, *, slash: bool) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"{name} must be an http(s) URL such as {example}")
    return value if not slash or value.endswith("/") else value + "/"


def _whole(value: object, default: int, low: int, high: int, message: str) -> int:
    text = _text(value) or str(default)
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{message} (default {default})")
    return int(text)
