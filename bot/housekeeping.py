"""Due work that keeps the database small: forget Events API ids once Slack can no longer retry them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, delete

from storage.db import Database
from storage.platform import SeenEvent

# Slack retries a delivery for minutes, not days; keeping ids two days covers the 24 h we promise.
KEEP_EVENT_IDS = timedelta(hours=48)


def forget_old_event_ids(db: Database, now: datetime) -> int:
    with db.session() as s:
        result = s.exec(delete(SeenEvent).where(col(SeenEvent.seen_at) < now - KEEP_EVENT_IDS))
        return int(result.rowcount or 0)
