"""Two `coachbot serve --http` replicas on one PostgreSQL database. The one running scheduled work is
killed with SIGKILL while 10,000 nudges are going out: the standby takes over within 15 s, and every nudge
reaches Slack exactly once."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from bench.p4_fanout import COACH, seed
from localslack import LocalSlack, Workspace
from storage.coach import CoachCall, CoachDue, CoachEngagement, CoachMember, CoachSlot
from storage.db import Database
from storage.platform import DirectChannel, Lease, Outbox
from tests.e2e.test_serve import Process, free_port, wait_for
from tests.harness import SECRET, TEAM, TOKEN

PG_URL = os.environ.get("COACHBOT_TEST_DATABASE_URL")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(PG_URL is None, reason="needs PostgreSQL: set COACHBOT_TEST_DATABASE_URL"),
]

LEADERS = [f"U0L{n:04d}" for n in range(500)]
CALLS = 20  # each leader is nudged about 20 calls: 10,000 nudges, all due now
# The local Slack's workspace ceiling for chat.postMessage, and the bot's own budget just under it.
CEILING, BUDGET = 20_000, 18_000


@pytest.fixture
def fleet(postgres_ready: str, tmp_path: Path) -> Iterator[tuple[LocalSlack, Workspace, Database]]:
    slack = LocalSlack()
    ws = slack.add_workspace(team_id=TEAM, name="Acme", bot_token=TOKEN, signing_secret=SECRET)
    ws.add_user(COACH, "coach", real_name="Coach", tz="Europe/London")
    for user in LEADERS:
        ws.add_user(user, user.lower(), real_name=user, tz="America/Chicago")
    ws.set_limit("chat.postMessage", CEILING)
    slack.start()
    db = Database(postgres_ready)
    with db.engine.begin() as conn:
        tables = ", ".join(
            t.__tablename__
            for t in (
                CoachDue,
                CoachCall,
                CoachSlot,
                CoachMember,
                CoachEngagement,
                Outbox,
                DirectChannel,
                Lease,
            )
        )
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    seed(db, ws, LEADERS, CALLS, datetime.now(UTC))  # the P4 benchmark's engagement, at this test's size
    try:
        yield slack, ws, db
    finally:
        db.dispose()
        slack.stop()


def _holder(db: Database) -> str:
    with db.session() as s:
        lease = s.get(Lease, "due-work")
        return lease.holder if lease is not None else ""


def _sent(db: Database) -> int:
    with db.session() as s:
        return int(s.exec(select(func.count()).select_from(Outbox).where(col(Outbox.status) == "sent")).one())


def test_the_standby_takes_over_and_no_nudge_is_lost_or_doubled(
    fleet: tuple[LocalSlack, Workspace, Database], tmp_path: Path
) -> None:
    slack, ws, db = fleet
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "COACHBOT_"))}
    env |= {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": db.url,
        "COACHBOT_POSTS_PER_MINUTE": str(BUDGET),
    }
    # Named as if on two machines: the standby cannot see that the first died, only that its lease lapsed.
    first = Process(env | {"COACHBOT_REPLICA_NAME": "replica-a"}, free_port(), tmp_path / "first.log")
    second: Process | None = None
    try:
        wait_for(first.healthy, 30, "the first replica")
        wait_for(lambda: f":{first.proc.pid}:" in _holder(db), 15, "the first replica to take the lease")
        second = Process(env | {"COACHBOT_REPLICA_NAME": "replica-b"}, free_port(), tmp_path / "second.log")
        wait_for(second.healthy, 30, "the second replica")
        wait_for(lambda: _sent(db) >= 2_000, 120, "the first 2,000 nudges")
        first.kill9()
        killed = time.monotonic()
        wait_for(lambda: f":{second.proc.pid}:" in _holder(db), 20, "the standby to take the lease")
        takeover = time.monotonic() - killed
        assert takeover <= 15, f"the standby took {takeover:.1f} s to take over"
        wait_for(lambda: _sent(db) >= len(LEADERS) * CALLS, 480, "every nudge to be sent")
        assert second.healthy()
    finally:
        first.stop()
        if second is not None:
            second.stop()
    keys = Counter(
        str(m.metadata["event_payload"]["key"])
        for user in LEADERS
        for m in ws.dm_with(user)
        if m.metadata and m.bot_id
    )
    assert len(keys) == len(LEADERS) * CALLS  # none lost
    assert [k for k, n in keys.items() if n > 1] == []  # none twice
    over_limit = [c for c in slack.calls_to("chat.postMessage") if c.status == 429]
    assert over_limit == []  # the shared budget kept both replicas under Slack's ceiling
