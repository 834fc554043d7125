"""How many workspaces coachbot serves: those the programmes have seen, until installs go through OAuth;
then the installation store's, each workspace or organisation once, less those that uninstalled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Table
from sqlmodel import SQLModel

from bot.privacy.workspace import mark_uninstalled
from bot.watch.database import installations
from storage.assess import AssessSession
from storage.db import Database
from storage.installations import INSTALLATIONS

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)


@pytest.fixture
def store(database: Database) -> Iterator[Table]:
    """slack_sdk's SQLAlchemy installation store's table (storage/installations.py), emptied after."""
    table = SQLModel.metadata.tables[INSTALLATIONS]
    yield table
    with database.engine.begin() as conn:
        conn.execute(table.delete())  # the PostgreSQL test database outlives the test


def count(database: Database) -> int:
    with database.read() as s:
        return installations(s)


def test_without_an_installation_store_the_workspaces_seen_count(database: Database) -> None:
    assert count(database) == 0
    with database.session() as s:
        for team in ("T1", "T1", "T2"):
            s.add(
                AssessSession(team_id=team, channel_id="C1", facilitator_id="U1", timing="20", created_at=NOW)
            )
    assert count(database) == 2
    mark_uninstalled(database, team_id="T2", event="app_uninstalled", now=NOW)
    assert count(database) == 1


def test_the_installation_store_counts_each_workspace_once(database: Database, store: Table) -> None:
    with database.engine.begin() as conn:
        for team, enterprise in (("T1", None), ("T1", None), ("T2", None), (None, "E1"), ("T3", None)):
            conn.execute(
                store.insert().values(
                    team_id=team, enterprise_id=enterprise, client_id="1.2", app_id="A1", user_id="U1"
                )
            )
    mark_uninstalled(database, team_id="T3", event="tokens_revoked", now=NOW)
    assert count(database) == 3  # T1 (installed twice), T2, and the organisation E1
