"""Alembic environment: migrates the connection handed over by storage.migrate (or the URL given)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import storage.assess
import storage.calendar  # invites, feeds and their tokens
import storage.coach  # registers the /coach tables too
import storage.installations  # slack_sdk's installation tables, orgs, the token-refresh lock
import storage.platform  # registers every table on SQLModel.metadata
import storage.privacy  # who may coach, the audit log, uninstalled workspaces
import storage.series  # noqa: F401  (... and the planned-series tables)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can alter tables only by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
