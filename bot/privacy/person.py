"""One person's data, for an operator answering a data request: everything that names them or that they
wrote, as JSON, and its erasure (their text and identity go; counts that cannot be traced back stay)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, SQLModel, col, select

from bot.privacy import audit
from bot.privacy.people import ERASED, HOLDERS, Holder
from bot.slack.effects import WAITING, OutboxStatus
from storage.db import Database
from storage.platform import Outbox
from storage.privacy import AuditEntry

BLANK_PAYLOAD = json.dumps({"text": "", "blocks": []})


def _naming(s: Session, holder: Holder, user_id: str) -> list[SQLModel]:
    table = holder.table
    tests = [col(getattr(table, c)) == user_id for c in holder.ids]
    tests += [col(getattr(table, c)).contains(user_id) for c in holder.lists]
    rows = s.exec(select(table).where(or_(*tests))).all()
    # `contains` is a substring test: keep only lists that hold the id itself.
    return [r for r in rows if _names(r, holder, user_id)]


def _names(row: SQLModel, holder: Holder, user_id: str) -> bool:
    if any(getattr(row, c) == user_id for c in holder.ids):
        return True
    return any(user_id in str(getattr(row, c) or "").split(",") for c in holder.lists)


def _mentioning(s: Session, user_id: str) -> list[Outbox]:
    """Messages to others that name the person (a digest quoting them, a note about their call)."""
    rows = s.exec(select(Outbox).where(col(Outbox.payload).contains(f"<@{user_id}"))).all()
    return [r for r in rows if r.user_id != user_id]


def export_person(db: Database, *, user_id: str, now: datetime) -> str:
    """JSON: for each table, every row that names the person or holds their words."""
    doc: dict[str, list[dict[str, Any]]] = {}
    with db.session() as s:
        for holder in HOLDERS:
            rows = _naming(s, holder, user_id)
            if holder.table is Outbox:
                rows += _mentioning(s, user_id)
            if holder.table is AuditEntry:
                rows += s.exec(select(AuditEntry).where(AuditEntry.target == f"user:{user_id}")).all()
            if rows:
                doc[str(holder.table.__tablename__)] = [json.loads(r.model_dump_json()) for r in rows]
        audit.record(
            s, team_id="*", actor_id=audit.OPERATOR, action=audit.Action.EXPORT, target="person", now=now
        )
    return json.dumps({"user_id": user_id, "tables": doc}, indent=2, sort_keys=True)


def erase_person(db: Database, *, user_id: str, now: datetime) -> dict[str, int]:
    """Remove the person's text and identity from every table; rows kept for counts name nobody. Returns
    how many rows each table changed."""
    changed: dict[str, int] = {}
    with db.session() as s:
        for holder in HOLDERS:
            rows = _naming(s, holder, user_id)
            for row in rows:
                _erase_row(s, holder, row, user_id)
            if rows:
                changed[str(holder.table.__tablename__)] = len(rows)
        for message in _mentioning(s, user_id):
            _blank_message(s, message)
            changed["outbox"] = changed.get("outbox", 0) + 1
        for entry in s.exec(select(AuditEntry).where(AuditEntry.target == f"user:{user_id}")).all():
            entry.target = f"user:{ERASED}"
            s.add(entry)
        audit.record(
            s, team_id="*", actor_id=audit.OPERATOR, action=audit.Action.ERASE, target="person", now=now
        )
    return changed


def _erase_row(s: Session, holder: Holder, row: SQLModel, user_id: str) -> None:
    whose = getattr(row, holder.ids[0]) == user_id if holder.ids else False
    if holder.delete_whole and whose:
        s.delete(row)
        return
    for column in holder.ids:
        if getattr(row, column) == user_id:
            setattr(row, column, ERASED)
    for column in holder.lists:
        kept = [u for u in str(getattr(row, column) or "").split(",") if u and u != user_id]
        setattr(row, column, ",".join(kept))
    if whose:
        for column, blank in holder.blanks:
            setattr(row, column, blank)
    s.add(row)


def _blank_message(s: Session, message: Outbox) -> None:
    """A message naming the person loses its body; one not yet sent never leaves."""
    message.payload = BLANK_PAYLOAD
    if message.status in WAITING:
        message.status, message.last_error = OutboxStatus.FAILED, "erased before it was sent"
    s.add(message)
