"""Installations in many workspaces: slack_sdk's own installation, bot and OAuth state tables (built by its
builders on our metadata, so Alembic migrates them), which workspace belongs to which org, the token-refresh
lock, and the OAuth state secret when none is configured."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlmodel import Field, SQLModel

from storage.types import instant

INSTALLATIONS = SQLAlchemyInstallationStore.default_installations_table_name
BOTS = SQLAlchemyInstallationStore.default_bots_table_name
STATES = SQLAlchemyOAuthStateStore.default_table_name

# slack_sdk's stores read and write these through tables of their own built the same way.
SQLAlchemyInstallationStore.build_installations_table(SQLModel.metadata, INSTALLATIONS)
SQLAlchemyInstallationStore.build_bots_table(SQLModel.metadata, BOTS)
SQLAlchemyOAuthStateStore.build_oauth_states_table(SQLModel.metadata, STATES)


class TeamOrg(SQLModel, table=True):
    """A workspace of an Enterprise Grid org, as its requests said: rows carry only `team_id`, and an
    org-wide install is found by the org's id."""

    __tablename__ = "team_org"
    team_id: str = Field(primary_key=True)
    enterprise_id: str


class TokenRefresh(SQLModel, table=True):
    """Who is refreshing an installation's rotating token until when: a refresh token is single-use, so
    two refreshers at once would leave one of them (and the installation) with a dead token."""

    __tablename__ = "token_refresh"
    installation: str = Field(primary_key=True)  # "<enterprise_id or ->:<team_id or ->"
    holder: str | None = None
    until: datetime | None = instant(nullable=True)


class OAuthSecret(SQLModel, table=True):
    """The secret that signs OAuth states when SLACK_STATE_SECRET is not set: generated once, shared by
    every replica."""

    __tablename__ = "oauth_secret"
    name: str = Field(primary_key=True)
    value: str
