"""Apply Alembic migrations, on start-up and from `coachbot db upgrade`."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from storage.db import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"
# How a migration file names itself and its parents; read as text, since importing it imports Alembic.
DECLARATION = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=(.*)$", re.MULTILINE)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(database: Database, revision: str = "heads") -> None:
    """Bring the schema to `revision`; a no-op when it is already there. "heads" because each programme
    keeps its own branch of migrations off the core schema."""
    # Imported here: Alembic (with Mako and Pygments) is a tenth of start-up, and is needed only to migrate.
    from alembic import command

    config = alembic_config(database.url)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def upgrade_if_behind(database: Database) -> bool:
    """Start-up's schema step: migrate only when the database's revisions are not exactly the heads of
    the migration files. True when it ran the migrations. Also proves the database answers."""
    if applied_revisions(database) == head_revisions():
        return False
    upgrade(database)
    return True


def applied_revisions(database: Database) -> frozenset[str]:
    """The revisions Alembic recorded in the database; none for a database it never migrated."""
    with database.engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return frozenset()
        return frozenset(conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())


def head_revisions(versions: Path = MIGRATIONS / "versions") -> frozenset[str] | None:
    """The revisions no migration builds on, read from the files' `revision` and `down_revision` literals;
    None when a file does not declare both as one-line literals (then start-up lets Alembic decide)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(versions.glob("[!_]*.py")):
        declared = _literals(path)
        revision, down = declared.get("revision"), declared.get("down_revision", ...)
        if not isinstance(revision, str) or down is ...:
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list) and all(isinstance(d, str) for d in down):
            parents.update(down)
        elif down is not None:
            return None
    return frozenset(revisions - parents) or None


def _literals(path: Path) -> dict[str, object]:
    """Module-level `revision = <literal>` and `down_revision = <literal>` lines (annotated or not); a value
    that is not a one-line literal is kept as an object the caller does not accept."""
    found: dict[str, object] = {}
    for name, value in DECLARATION.findall(path.read_text()):
        try:
            found[name] = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError):
            found[name] = object()
    return found
