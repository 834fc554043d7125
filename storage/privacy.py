"""Tables of who may coach, the audit log of what was done to whose data, and uninstalled workspaces."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.types import instant


class CoachRoster(SQLModel, table=True):
    """Someone the workspace lets create engagements and be named coach; with nobody listed, nobody may."""

    __tablename__ = "coach_roster"
    team_id: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    added_by: str
    added_at: datetime = instant()


class AuditEntry(SQLModel, table=True):
    """Who created, advanced, stopped, exported or erased what, and when; never anyone's words."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True)
    actor_id: str  # a Slack user id, or "operator" for the command line
    action: str  # create | advance | close | stop | export | erase | retention | uninstall ...
    target: str  # "engagement:3", "assess_session:5", "person", "workspace"
    at: datetime = instant(index=True)


class UninstalledTeam(SQLModel, table=True):
    """A workspace that uninstalled coachbot or revoked its tokens: nothing is sent to it, and its data goes
    after the retention period unless a request from it shows it came back."""

    __tablename__ = "uninstalled_team"
    team_id: str = Field(primary_key=True)
    event: str  # app_uninstalled | tokens_revoked
    at: datetime = instant()
    erased_at: datetime | None = instant(nullable=True)
