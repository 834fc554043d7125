"""Workspaces that uninstalled coachbot or revoked its token: nothing more is sent to them, any new request
from them clears the mark, and their data is erased after the retention period."""

from __future__ import annotations

import threading
import time
from datetime import datetime

from sqlmodel import Session, select

from bot.privacy import audit
from storage.db import Database
from storage.privacy import UninstalledTeam

# Events whose arrival must not clear the mark they set.
EVENTS = ("app_uninstalled", "tokens_revoked")


def mark_uninstalled(db: Database, *, team_id: str, event: str, now: datetime) -> None:
    with db.session() as s:
        row = s.get(UninstalledTeam, team_id)
        if row is None:
            s.add(UninstalledTeam(team_id=team_id, event=event, at=now))
            audit.record(
                s,
                team_id=team_id,
                actor_id=audit.SLACK,
                action=audit.Action(event),
                target="workspace",
                now=now,
            )
    STOPPED.forget()


def stopped_teams(s: Session) -> set[str]:
    """Workspaces not to send to: the outbox holds their rows (no attempt, no error per message)."""
    return set(s.exec(select(UninstalledTeam.team_id)).all())


class StoppedCache:
    """The uninstalled workspaces as this process last read them: every request checks its team against
    this set, so the database is read at most once every few seconds, not on every request."""

    def __init__(self, ttl_seconds: float = 5.0) -> None:
        self.ttl, self._lock = ttl_seconds, threading.Lock()
        self._teams: set[str] = set()
        self._read_at = float("-inf")

    def forget(self) -> None:
        with self._lock:
            self._read_at = float("-inf")

    def teams(self, db: Database) -> set[str]:
        with self._lock:
            if time.monotonic() - self._read_at > self.ttl:
                with db.read() as s:
                    self._teams = stopped_teams(s)
                self._read_at = time.monotonic()
            return self._teams


STOPPED = StoppedCache()


def came_back(db: Database, *, team_id: str, now: datetime) -> bool:
    """A request from a marked workspace means it is back: clear the mark (True when there was one)."""
    if team_id not in STOPPED.teams(db):
        return False
    with db.read() as s:
        row = s.get(UninstalledTeam, team_id)
        erased = row is not None and row.erased_at is not None
    if not erased:
        reinstalled(db, team_id=team_id, now=now)
    return True


def reinstalled(db: Database, *, team_id: str, now: datetime) -> None:
    """The workspace installed coachbot again (a request from it, or the OAuth install page): its held
    messages go out again and its data is kept (what the retention period erased stays erased)."""
    with db.session() as s:
        row = s.get(UninstalledTeam, team_id)
        if row is not None:
            s.delete(row)
            audit.record(
                s,
                team_id=team_id,
                actor_id=audit.SLACK,
                action=audit.Action.REINSTALLED,
                target="workspace",
                now=now,
            )
    STOPPED.forget()
