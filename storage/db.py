"""The engine and units of work: SQLite tuned for several threads, or PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine


class Database:
    """Owns one engine per process; hands out short sessions, one per unit of work."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo)
        # Same pool; on SQLite its transactions begin DEFERRED, so reads never queue for the write lock.
        self._reader = self.engine.execution_options(coachbot_read_only=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends normally, rolled back otherwise."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A unit of work that only reads: under WAL it sees the last commit without waiting for (or
        blocking) a writer. Anything it writes is rolled back."""
        # Closing (not rolling back) keeps loaded objects usable; the pool rolls the connection back.
        with Session(self._reader, expire_on_commit=False) as session:
            yield session

    def ping(self) -> bool:
        try:
            with self._reader.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception:  # any driver error means "not ready"; the caller only needs a yes or no
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


# What the database holds (peers' words, intake answers, scores) is for this process's user alone.
PRIVATE_FILE_MODE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _private_sqlite_file(database: str | None) -> None:
    """Create the SQLite file 0600 before SQLite does (it would use 0644 under the usual umask), and
    tighten files left broader by an earlier version. SQLite gives the -wal and -shm files it creates the
    database file's own permissions, so they follow."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE))
        except OSError:  # no such folder, no permission: opening the database says so, in its own words
            return
    for name in (path, *(Path(f"{path}{side}") for side in SQLITE_SIDE_FILES)):
        if name.exists() and name.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
            name.chmod(PRIVATE_FILE_MODE)


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    _private_sqlite_file(make_url(url).database)
    engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy own transactions so that BEGIN IMMEDIATE below takes the write lock up
        # front: a deferred transaction that upgrades to a writer can fail with SQLITE_BUSY at once.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        read_only = conn.get_execution_options().get("coachbot_read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
