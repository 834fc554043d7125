"""Reads that write nothing (health check, "is a session live here?", what is due) never wait for a writer."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from sqlmodel import select

from storage.db import Database
from storage.platform import Lease

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_a_read_and_the_health_check_answer_while_a_writer_holds_its_transaction(database: Database) -> None:
    with database.session() as writer:
        writer.add(Lease(name="held", holder="a", expires_at=NOW))
        writer.flush()  # the writer's transaction is open, holding SQLite's write lock
        started = time.monotonic()
        with database.read() as s:
            assert s.exec(select(Lease)).all() == []  # the last commit, not the open write
        assert database.ping()
        assert time.monotonic() - started < 1.0  # not the 15 s busy timeout
    with database.read() as s:
        assert [lease.name for lease in s.exec(select(Lease)).all()] == ["held"]


def test_what_a_read_writes_is_rolled_back(database: Database) -> None:
    with database.read() as s:
        s.add(Lease(name="stray", holder="a", expires_at=NOW))
        s.flush()
    with database.read() as s:
        assert s.exec(select(Lease)).all() == []
