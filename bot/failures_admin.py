"""What an operator does with failed work: list it (`coachbot failed`) and send one item again."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, update

from bot.assess.domain.statuses import RoundStatus, UploadStatus
from bot.coach.domain.engagement import DueStatus as CoachDueStatus
from bot.failures import CARD_NOT_POSTED, Kind, Status, failures
from bot.series.domain import DueStatus as SeriesDueStatus
from bot.slack.effects import OutboxStatus
from storage.assess import AssessRound, AssessUpload
from storage.coach import CoachDue
from storage.db import Database
from storage.platform import FailedWork, MessageAnchor, Outbox
from storage.series import SeriesDue


def failure_table(db: Database) -> str:
    """One line per failed (or still retrying) item: key, kind, first and last attempt, error kind."""
    with db.read() as s:
        rows = failures(s)
    if not rows:
        return "No failed work."
    header = (
        f"{'KEY':<60} {'STATUS':<9} {'TRIES':>5} {'FIRST ATTEMPT (UTC)':<20} {'LAST ATTEMPT (UTC)':<20} ERROR"
    )
    lines = [header]
    for row in rows:
        lines.append(
            f"{row.key:<60} {row.status:<9} {row.attempts:>5} {_at(row.first_attempt_at):<20} "
            f"{_at(row.last_attempt_at):<20} {row.error}"
        )
    lines.append(f"\n{len(rows)} item(s). Send one again with `coachbot failed retry KEY`.")
    return "\n".join(lines)


def _at(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%d %H:%M:%S")


def retry(db: Database, key: str, now: datetime) -> str:
    """Make the failed item due again at `now`; the scheduler sends it on its next tick."""
    with db.session() as s:
        row = s.get(FailedWork, key)
        if row is None:
            return f"No failed work with the key {key!r}: `coachbot failed` lists them."
        _make_due(s, Kind(row.kind), row.item, now)
        row.status, row.attempts, row.notified_at = Status.RETRIED, 0, None
        s.add(row)
    return f"{key} is due again; it goes out on the scheduler's next tick."


def _make_due(s: Session, kind: Kind, item: str, now: datetime) -> None:
    if kind is Kind.MESSAGE:
        s.exec(
            update(Outbox)
            .where(col(Outbox.dedupe_key) == item)
            .values(
                status=OutboxStatus.PENDING, attempts=0, not_before=now, claimed_until=None, last_error=None
            )
        )
    elif kind is Kind.CARD:
        anchor = s.get(MessageAnchor, item)
        if anchor is not None:
            anchor.failed_at, anchor.not_before, anchor.claimed_until = None, None, None
            anchor.wanted_seq += 1
            s.add(anchor)
        # The thread's messages that were given up with it go again too, in their old order.
        s.exec(
            update(Outbox)
            .where(col(Outbox.thread_anchor) == item, col(Outbox.last_error) == CARD_NOT_POSTED)
            .values(status=OutboxStatus.PENDING, not_before=now, last_error=None)
        )
    elif kind is Kind.ROUND:
        round_id = int(item.split(":")[1])
        s.exec(
            update(AssessRound)
            .where(col(AssessRound.id) == round_id, col(AssessRound.status) == RoundStatus.RUNNING)
            .values(next_tick_at=now)
        )
    elif kind is Kind.COACH_DUE or (kind is Kind.UPLOAD and item.startswith("coach:")):
        s.exec(
            update(CoachDue)
            .where(col(CoachDue.key) == item)
            .values(status=CoachDueStatus.PENDING, due_at=now)
        )
    elif kind is Kind.SERIES_DUE:
        s.exec(
            update(SeriesDue)
            .where(col(SeriesDue.key) == item)
            .values(status=SeriesDueStatus.PENDING, due_at=now)
        )
    elif kind is Kind.UPLOAD:
        s.exec(
            update(AssessUpload)
            .where(col(AssessUpload.key) == item)
            .values(status=UploadStatus.PENDING, due_at=now)
        )
