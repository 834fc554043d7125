"""Chart uploads, one at a time: a file is marked sent only once Slack has it, and one that Slack refuses
or that cannot be drawn is retried with backoff, then recorded as failed without holding up the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlmodel import Session

from bot.failures import Kind, Status, backoff, cleared, record_attempt, record_failed
from bot.privacy.workspace import stopped_teams
from bot.slack.errors import classify_any
from storage.db import Database


@dataclass(frozen=True)
class Upload:
    key: str
    team_id: str
    channel_id: str | None  # a channel, or else the DM of `user_id`
    user_id: str | None
    filename: str
    title: str
    draw: Callable[[], bytes]
    first_at: datetime


# Writes the outcome on the upload's own row: ("sent", None), ("failed", None) or (None, next try).
Settle = Callable[[Session, str, str | None, datetime | None], None]


def deliver(db: Database, client: WebClient, upload: Upload, now: datetime, *, settle: Settle) -> bool:
    """Draw and upload one file; True when Slack has it. An uninstalled workspace's uploads wait."""
    with db.read() as s:
        if upload.team_id in stopped_teams(s):
            return False
    try:
        content = upload.draw()
        target = upload.channel_id or client.conversations_open(users=upload.user_id)["channel"]["id"]
        client.files_upload_v2(channel=target, filename=upload.filename, content=content, title=upload.title)
    except Exception as exc:  # classified: this upload waits or fails, the others go on
        failure = classify_any(exc)
        with db.session() as s:
            if failure.retry_after is not None:  # Slack's pace, not the upload's fault
                settle(s, upload.key, None, now + failure.retry_after)
                return False
            record = record_failed if failure.permanent else record_attempt
            row = record(
                s,
                kind=Kind.UPLOAD,
                item=upload.key,
                team_id=upload.team_id,
                error=failure.reason,
                now=now,
                first_at=upload.first_at,
            )
            if row.status == Status.FAILED:
                settle(s, upload.key, "failed", None)
            else:
                settle(s, upload.key, None, now + backoff(row.attempts))
        return False
    with db.session() as s:
        settle(s, upload.key, "sent", now)
        cleared(s, kind=Kind.UPLOAD, item=upload.key)
    return True
