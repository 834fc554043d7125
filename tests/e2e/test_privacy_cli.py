"""`coachbot privacy export|erase USER_ID` and `coachbot audit` as an operator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.privacy import audit
from storage.assess import AssessRound, AssessSession, CapturedReply
from storage.db import Database
from storage.migrate import upgrade

pytestmark = pytest.mark.e2e


def coachbot(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env | {"DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_export_erase_and_the_audit_log(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    db = Database(url)
    upgrade(db)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with db.session() as s:
        s.add(
            AssessSession(
                id=1, team_id="T1", channel_id="C1", facilitator_id="U0FAC", timing="5", created_at=now
            )
        )
        s.flush()
        s.add(AssessRound(id=1, session_id=1, position=0, leader_id="U0BEN"))
        s.flush()
        s.add(
            CapturedReply(
                round_id=1,
                channel_id="C1",
                ts="1.0",
                user_id="U0ANA",
                phase=1,
                text="my words",
                created_at=now,
            )
        )
        audit.record(
            s, team_id="T1", actor_id="U0FAC", action=audit.Action.CREATE, target="engagement:1", now=now
        )
    db.dispose()
    exported = coachbot(url, "privacy", "export", "U0ANA")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["tables"]["captured_reply"][0]["text"] == "my words"
    erased = coachbot(url, "privacy", "erase", "U0ANA")
    assert erased.returncode == 0, erased.stderr
    assert "captured_reply 1" in erased.stdout
    assert "my words" not in coachbot(url, "privacy", "export", "U0ANA").stdout
    log = coachbot(url, "audit")
    assert log.returncode == 0, log.stderr
    lines = log.stdout.splitlines()
    assert lines[0] == "2026-12-01T00:00:00+00:00 T1 U0FAC create engagement:1"
    assert [line.split()[-2:] for line in lines[1:]] == [
        ["export", "person"],
        ["erase", "person"],
        ["export", "person"],
    ]
