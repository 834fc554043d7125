"""`coachbot db upgrade` as an operator runs it: a fresh database gets every table, and again is a no-op."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

pytestmark = pytest.mark.e2e


def run_upgrade(url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"],
        env=env | {"DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_db_upgrade_creates_the_schema_and_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    first = run_upgrade(url)
    assert first.returncode == 0, first.stderr
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"alembic_version", "assess_session", "outbox", "message_anchor"} <= tables
    second = run_upgrade(url)
    assert second.returncode == 0, second.stderr
