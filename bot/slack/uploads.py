"""File uploads, one at a time: a file is marked sent only once Slack has it, and one that Slack refuses
or that cannot be drawn is retried with backoff, then recorded as failed without holding up the rest.
Each programme registers where its due uploads come from (its own rows); the gateway sends them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from slack_sdk import WebClient
from sqlmodel import Session

from bot.failures import Kind, cleared, database_down, retry_after_failure
from bot.privacy.workspace import stopped_teams
from bot.slack import fit
from bot.slack.errors import classify_any
from bot.slack.tokens import Workspaces
from storage.db import Database

log = logging.getLogger(__name__)


class Settled(StrEnum):
    """An upload's outcome, as its row's status says it: each programme's upload status has these values."""

    SENT = "sent"
    FAILED = "failed"  # see failed_work


# Writes the outcome on the upload's own row: (SENT, when), (FAILED, None) or (None, next try).
Settle = Callable[[Session, str, Settled | None, datetime | None], None]


class UploadRow(Protocol):
    """A programme's row for one upload: its status, when it is (next) due, when it was sent."""

    status: str
    due_at: datetime
    sent_at: datetime | None


def settle_row(s: Session, row: UploadRow | None, status: Settled | None, at: datetime | None) -> None:
    """Write an outcome on the upload's row: (SENT, when), (FAILED, None) or (None, the next try)."""
    if row is None:
        return
    if status is None and at is not None:
        row.due_at = at
    elif status is not None:
        row.status, row.sent_at = status, at
    s.add(row)


@dataclass(frozen=True)
class Upload:
    key: str
    team_id: str
    channel_id: str | None  # a channel, or else the DM of `user_id`
    user_id: str | None
    filename: str
    title: str
    draw: Callable[[], bytes]  # drawn at send time, from what the database held when it became due
    first_at: datetime
    settle: Settle
    comment: str | None = None  # the message the file comes with (mrkdwn), if any
    # What a screen reader says for an image: a chart's figures in words (files.getUploadURLExternal).
    alt_text: str | None = None


# A programme's uploads due at `now`, read in the given session: (session, now) -> uploads.
DueUploads = Callable[[Session, datetime], list[Upload]]
SOURCES: list[DueUploads] = []


def register(source: DueUploads) -> DueUploads:
    """Called once per programme at import: the gateway sends what `source` says is due."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def send_due(db: Database, workspaces: Workspaces, now: datetime) -> int:
    """Every registered programme's due uploads, each on its own; how many Slack now has."""
    sent = 0
    for source in SOURCES:
        try:
            with db.read() as s:
                uploads = source(s, now)
        except Exception as exc:  # one programme's bug does not hold up the others' files
            if database_down(exc):
                raise
            log.warning(
                "due uploads of %s not read: %s", getattr(source, "__name__", source), type(exc).__name__
            )
            continue
        sent += sum(deliver(db, workspaces, upload, now) for upload in uploads)
    return sent


def deliver(db: Database, workspaces: Workspaces, upload: Upload, now: datetime) -> bool:
    """Draw and upload one file; True when Slack has it. An uninstalled workspace's uploads wait."""
    with db.read() as s:
        if upload.team_id in stopped_teams(s):
            return False
    try:
        content = upload.draw()
        client = workspaces.client(upload.team_id)
        target = upload.channel_id or client.conversations_open(users=upload.user_id)["channel"]["id"]
        described = None if upload.alt_text is None else fit.cut(upload.alt_text, fit.ALT_TEXT)
        client.files_upload_v2(
            channel=target,
            filename=upload.filename,
            content=content,
            title=upload.title,
            initial_comment=upload.comment,
            alt_txt=described,
        )
    except Exception as exc:  # classified: this upload waits or fails, the others go on
        failure = classify_any(exc)
        with db.session() as s:
            retry_in = retry_after_failure(
                s,
                failure,
                kind=Kind.UPLOAD,
                item=upload.key,
                team_id=upload.team_id,
                now=now,
                first_at=upload.first_at,
            )
            if retry_in is None:
                upload.settle(s, upload.key, Settled.FAILED, None)
            else:
                upload.settle(s, upload.key, None, now + retry_in)
        return False
    with db.session() as s:
        upload.settle(s, upload.key, Settled.SENT, now)
        cleared(s, kind=Kind.UPLOAD, item=upload.key)
    return True


def send_file_now(client: WebClient, *, user_id: str, filename: str, content: str, comment: str) -> None:
    """A file a person asked for (an export), to their DM at once. Not kept for a retry: it holds
    personal data, and the person who asked is there to ask again."""
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=channel, filename=filename, content=content, title=filename, initial_comment=comment
    )
