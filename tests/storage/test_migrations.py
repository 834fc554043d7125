"""The Alembic migrations build exactly the schema the models describe, on every backend; start-up runs them
only when the database is behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from storage.db import Database
from storage.migrate import (
    alembic_config,
    applied_revisions,
    head_revisions,
    upgrade,
    upgrade_if_behind,
)


def test_migrated_schema_matches_the_models(database: Database) -> None:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_upgrade_is_idempotent(database: Database) -> None:
    upgrade(database)
    upgrade(database)
    assert database.ping()


def sqlite_file(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path / 'schema.db'}")


def tables(database: Database) -> set[str]:
    with database.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_the_heads_read_from_the_files_are_alembics() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert head_revisions() == frozenset(script.get_heads())


def test_start_up_leaves_a_current_schema_alone(database: Database) -> None:
    assert applied_revisions(database) == head_revisions()
    assert upgrade_if_behind(database) is False


def test_a_database_behind_the_heads_is_migrated(tmp_path: Path) -> None:
    db = sqlite_file(tmp_path)
    upgrade(db, "0003")
    assert "assess_series" not in tables(db)
    assert upgrade_if_behind(db) is True
    assert applied_revisions(db) == head_revisions()
    assert "assess_series" in tables(db)
    db.dispose()


def test_an_empty_database_gets_the_whole_schema(tmp_path: Path) -> None:
    db = sqlite_file(tmp_path)
    assert applied_revisions(db) == frozenset()
    assert upgrade_if_behind(db) is True
    assert {"alembic_version", "assess_session", "outbox", "assess_series"} <= tables(db)
    assert upgrade_if_behind(db) is False
    db.dispose()


def write_migration(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(body)


def test_branches_give_several_heads_and_a_merge_joins_them(tmp_path: Path) -> None:
    write_migration(tmp_path, "a", 'revision = "a"\ndown_revision = None\n')
    write_migration(tmp_path, "b", 'revision: str = "b"\ndown_revision = "a"\n')
    write_migration(tmp_path, "c", 'revision = "c"\ndown_revision = "a"\n')
    assert head_revisions(tmp_path) == frozenset({"b", "c"})
    write_migration(tmp_path, "d", 'revision = "d"\ndown_revision = ("b", "c")\n')
    assert head_revisions(tmp_path) == frozenset({"d"})
    write_migration(tmp_path, "d", 'revision = "d"\ndown_revision = ["b", "c"]\n')
    assert head_revisions(tmp_path) == frozenset({"d"})


def test_a_revision_that_is_not_a_plain_literal_leaves_the_decision_to_alembic(tmp_path: Path) -> None:
    write_migration(tmp_path, "a", 'revision = "a"\ndown_revision = None\n')
    write_migration(tmp_path, "b", 'revision = "b"\ndown_revision = PARENT\n')
    assert head_revisions(tmp_path) is None
    write_migration(tmp_path, "b", 'revision = "b"\ndown_revision = (\n    "a",\n)\n')  # over lines
    assert head_revisions(tmp_path) is None
    write_migration(tmp_path, "b", 'revision = "b"\n')  # no parent declared at all
    assert head_revisions(tmp_path) is None


def test_start_up_on_a_current_schema_never_loads_alembic(tmp_path: Path) -> None:
    """Alembic and what it pulls in (Mako, Pygments) cost a tenth of start-up: a current schema skips it."""
    db = sqlite_file(tmp_path)
    upgrade(db)
    db.dispose()
    probe = (
        "import sys, bot.cli, bot.serve\n"
        "from storage.db import Database\n"
        "from storage.migrate import upgrade_if_behind\n"
        f"migrated = upgrade_if_behind(Database({db.url!r}))\n"
        "print(migrated, sorted(m for m in sys.modules if m.startswith('alembic')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False []"
