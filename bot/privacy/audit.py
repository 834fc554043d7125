"""The audit log: who created, advanced, stopped, exported or erased what, and when. Ids and verbs only."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from storage.db import Database
from storage.privacy import AuditEntry

OPERATOR = "operator"  # the command line: whoever runs `coachbot privacy` on the server
SLACK = "slack"  # Slack itself: a workspace that uninstalled coachbot, or came back


class Action(StrEnum):
    """The audit log's verbs. A StrEnum equals its string: the column stays `str`, old lines read back."""

    CREATE = "create"
    ADVANCE = "advance"  # a coaching engagement's stage
    CLOSE = "close"
    STOP = "stop"
    EXPORT = "export"
    ERASE = "erase"
    REVOKE = "revoke"  # a calendar feed's link
    ADD_COACH = "add_coach"
    REMOVE_COACH = "remove_coach"
    ADD_FACILITATOR = "add_facilitator"
    APP_UNINSTALLED = "app_uninstalled"  # Slack's event names, as the workspace's mark records them
    TOKENS_REVOKED = "tokens_revoked"
    REINSTALLED = "reinstalled"


def record(s: Session, *, team_id: str, actor_id: str, action: Action, target: str, now: datetime) -> None:
    """One line, written in the same transaction as the change it records."""
    s.add(AuditEntry(team_id=team_id, actor_id=actor_id, action=action, target=target, at=now))


def was_erased(s: Session, target: str) -> bool:
    found = s.exec(
        select(AuditEntry.id).where(AuditEntry.target == target, AuditEntry.action == Action.ERASE)
    ).first()
    return found is not None


def lines(db: Database, *, limit: int = 1000) -> list[str]:
    """The newest entries, oldest first, one per line: `at team actor action target`."""
    with db.read() as s:
        rows = s.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)).all()
        return [
            f"{r.at.isoformat(timespec='seconds')} {r.team_id} {r.actor_id} {r.action} {r.target}"
            for r in reversed(rows)
        ]
