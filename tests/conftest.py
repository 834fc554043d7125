"""Shared fixtures: a fresh database per test (SQLite always, PostgreSQL when configured), a fake clock; and
the `slow` mark on whole folders of slow tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import storage.assess

# Imported for their side effect: they register the tables whose rows are cleared between tests.
import storage.calendar
import storage.coach
import storage.installations
import storage.platform
import storage.privacy
import storage.series  # noqa: F401
from bot.clock import FakeClock
from storage.db import Database
from storage.migrate import upgrade

# Hypothesis: property tests share one app and database across a test's examples (the canary session of
# tests/property must live through them all).
_SHARED = {
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
# `make test`: a few examples per property, well under a minute in all.
settings.register_profile("dev", max_examples=15, deadline=timedelta(seconds=5), **_SHARED)  # type: ignore[arg-type]
# CI (`HYPOTHESIS_PROFILE=ci`, set by .ci/run): many more examples; the deadline allows a slower machine.
settings.register_profile("ci", max_examples=60, deadline=timedelta(seconds=20), **_SHARED)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

PG_URL = os.environ.get("COACHBOT_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
if TYPE_CHECKING:
    from localslack import LocalSlack, Workspace
    from tests.harness import BotUnderTest

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy, so migrations run once per session."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_ready(worker_id: str) -> str:
    """The PostgreSQL database, emptied and migrated once per run. Each parallel worker (pytest-xdist) gets
    its own database next to the configured one, so workers never clear each other's tables."""
    assert PG_URL is not None
    url = make_url(PG_URL)
    if worker_id != "master":
        url = url.set(database=f"{url.database}_{worker_id}")
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database})
            if found.first() is None:
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        admin.dispose()
    db = Database(url.render_as_string(hide_password=False))
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(db)
    db.dispose()
    return db.url


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        path = tmp_path / "coachbot.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        db = Database(f"sqlite:///{path}")
    else:
        db = Database(request.getfixturevalue("postgres_ready"))
        tables = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield db
    db.dispose()


@pytest.fixture
def local_slack(clock: FakeClock) -> Iterator[tuple[Any, Any]]:
    from tests.harness import make_local_slack

    slack, ws = make_local_slack(clock)
    slack.start()
    yield slack, ws
    slack.stop()


@pytest.fixture
def bot(
    local_slack: tuple[LocalSlack, Workspace], database: Database, clock: FakeClock
) -> Iterator[BotUnderTest]:
    from tests.harness import running_bot

    with running_bot(*local_slack, database, clock) as running:
        yield running


# The longest files start first, so the two workers finish together instead of one waiting on a late start.
SLOW_FIRST = ("tests/e2e/test_replicas.py", "tests/e2e/", "tests/faults/", "tests/bench/")
# Marked `slow` wholesale, so `make check` leaves them to `make test`: end-to-end runs (separate processes),
# faults (real time, real sockets), the bench smoke and the demos (each plays a whole programme), as does any
# test file named for a demo wherever it lives. Anything else slow says so itself: see README, "Try it".
SLOW_FOLDERS = ("tests/e2e/", "tests/faults/", "tests/bench/", "tests/demos/")


def _is_slow(nodeid: str) -> bool:
    path = nodeid.split("::", 1)[0]
    return path.startswith(SLOW_FOLDERS) or "demo" in path.rsplit("/", 1)[-1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((i for i, p in enumerate(SLOW_FIRST) if item.nodeid.startswith(p)), len(SLOW_FIRST))

    for item in items:
        if _is_slow(item.nodeid):
            item.add_marker(pytest.mark.slow)
    items.sort(key=rank)
