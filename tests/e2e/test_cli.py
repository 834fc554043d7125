"""`coachbot db upgrade` as an operator runs it: a fresh database gets every table, and again is a no-op."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlmodel import select

pytestmark = pytest.mark.e2e


def run_upgrade(url: str) -> subprocess.CompletedProcess[str]:
    return run_cli(url, "db", "upgrade")


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


def run_cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env | {"DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_coachbot_failed_lists_failed_work_and_retries_one(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from storage.db import Database
    from storage.platform import FailedWork, Outbox

    url = f"sqlite:///{tmp_path / 'ops.db'}"
    assert run_upgrade(url).returncode == 0
    assert "No failed work." in run_cli(url, "failed").stdout
    at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    db = Database(url)
    with db.session() as s:
        s.add(
            Outbox(
                dedupe_key="assess:1:digest:0",
                team_id="T1",
                kind="dm",
                lane="dm:U1",
                user_id="U1",
                payload="{}",
                status="failed",
                not_before=at,
                created_at=at,
                attempts=8,
            )
        )
        s.add(
            FailedWork(
                key="message:assess:1:digest:0",
                kind="message",
                item="assess:1:digest:0",
                team_id="T1",
                status="failed",
                error="internal_error",
                attempts=8,
                first_attempt_at=at,
                last_attempt_at=at,
            )
        )
    listed = run_cli(url, "failed")
    assert listed.returncode == 0, listed.stderr
    assert "message:assess:1:digest:0" in listed.stdout
    assert "internal_error" in listed.stdout
    assert "2026-12-01 09:00:00" in listed.stdout
    retried = run_cli(url, "failed", "retry", "message:assess:1:digest:0")
    assert retried.returncode == 0, retried.stderr
    assert "due again" in retried.stdout
    with db.read() as s:
        row = s.exec(select(Outbox)).one()
    db.dispose()
    assert row.status == "pending"
    assert row.attempts == 0
    assert "No failed work." in run_cli(url, "failed").stdout
    unknown = run_cli(url, "failed", "retry", "message:nope")
    assert "No failed work with the key" in unknown.stdout
