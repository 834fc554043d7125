"""SQLite's files (.db, -wal, -shm) are readable and writable by coachbot's user alone."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.migrate import upgrade


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # what most systems start a service with: files 0644
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("usual_umask")
def test_a_new_database_and_its_wal_files_are_0600(tmp_path: Path) -> None:
    path = tmp_path / "coachbot.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    with db.session() as s:
        s.connection().execute(text("CREATE TABLE probe (x TEXT)"))
    with db.engine.connect() as conn:  # a reader holds the WAL open, so -wal and -shm exist now
        conn.execute(text("SELECT * FROM probe")).all()
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
    db.dispose()


@pytest.mark.usefixtures("usual_umask")
def test_files_left_0644_by_an_earlier_version_are_tightened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # what SQLite creates on its own: 0644 under this umask
    Path(f"{path}-wal").touch(mode=0o644)
    assert _mode(path) == 0o644
    db = Database(f"sqlite:///{path}")
    assert _mode(path) == 0o600
    assert _mode(Path(f"{path}-wal")) == 0o600
    db.dispose()


def test_a_database_in_a_missing_folder_fails_when_opened_not_when_configured(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'no-such-folder' / 'coachbot.db'}")
    assert db.ping() is False  # SQLite's own error, met where start-up reports it
    db.dispose()
