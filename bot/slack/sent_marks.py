"""Rows a flush sent, marked "sent" together in one transaction instead of one transaction each."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update

from bot.slack.effects import OutboxStatus
from storage.db import Database
from storage.platform import Outbox


@dataclass
class SentMarks:
    """Collected by the sending threads; until written, a sent row stays claimed. If the process dies
    first, the claim expires and the row is looked up in Slack before any resend, as after a crash
    mid-send, so batching widens that window but keeps exactly-once in effect."""

    _rows: list[dict[str, Any]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, row_id: int, ts: str | None, now: datetime, attempts: int) -> None:
        with self._lock:
            self._rows.append({"row_id": row_id, "ts": ts, "at": now, "attempts": attempts})

    def write(
        self, db: Database, *, release: set[int] | None = None, held_until: datetime | None = None
    ) -> None:
        """Mark the collected rows sent; rows in `release` that were not sent and are still held by this
        sender's claim (claimed_until == `held_until`) are given back."""
        with self._lock:
            rows, self._rows = self._rows, []
        unsent = (release or set()) - {r["row_id"] for r in rows}
        if not rows and not unsent:
            return
        table = Outbox.__table__  # type: ignore[attr-defined]
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(
                status=OutboxStatus.SENT,
                sent_at=bindparam("at"),
                result_ts=bindparam("ts"),
                attempts=bindparam("attempts"),
                claimed_until=None,
            )
        )
        with db.session() as s:
            if rows:
                s.connection().execute(statement, rows)
            if unsent and held_until is not None:  # never another sender's claim on a row given back since
                s.connection().execute(
                    update(table)
                    .where(table.c.id.in_(unsent))
                    .where(table.c.claimed_until == held_until)
                    .values(claimed_until=None)
                )
