"""Who is sending a live card: claims on MessageAnchor rows (one, or many in one statement), released
when the send is done or failed, and what a failed send leaves on the card: a retry later, or failed
for good."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import BindParameter, bindparam, case, or_
from sqlmodel import col, update

from bot.failures import Kind, recovered, retry_after_failure
from bot.slack.budget import Budget
from bot.slack.delivery import CLAIM_FOR, FlushReport
from bot.slack.errors import Failure
from storage.db import Database
from storage.platform import MessageAnchor

log = logging.getLogger(__name__)


class EditedCards:
    """Cards edited by one refresh, marked in one transaction at its end rather than one each. Until then
    a card stays claimed; if the process dies first, the claim expires and the card is edited again,
    which shows the same thing."""

    def __init__(self) -> None:
        self._done: list[dict[str, object]] = []
        self._lock = threading.Lock()

    def add(self, key: str, seq: int) -> None:
        with self._lock:
            self._done.append({"card": key, "seq": seq})

    def write(self, db: Database) -> None:
        if not self._done:
            return
        table = MessageAnchor.__table__  # type: ignore[attr-defined]
        seq: BindParameter[int] = bindparam("seq")
        statement = (
            update(table)
            .where(table.c.key == bindparam("card"))
            .values(
                # Edits asked for while this one was out (wanted_seq grew) keep the card wanted.
                rendered_seq=case((table.c.rendered_seq > seq, table.c.rendered_seq), else_=seq),
                urgent=case((table.c.wanted_seq <= seq, False), else_=table.c.urgent),
                pressed=case((table.c.wanted_seq <= seq, False), else_=table.c.pressed),
                claimed_until=None,
                not_before=None,
            )
        )
        with db.session() as s:
            s.connection().execute(statement, self._done)
            recovered(s, Kind.CARD, [str(done["card"]) for done in self._done])


def claim(db: Database, key: str, now: datetime, *, ignore_hold: bool = False) -> MessageAnchor | None:
    statement = (
        update(MessageAnchor)
        .where(col(MessageAnchor.key) == key)
        .where((col(MessageAnchor.claimed_until).is_(None)) | (col(MessageAnchor.claimed_until) < now))
    )
    if ignore_hold:  # only a card not yet posted, never one failed for good
        statement = statement.where(col(MessageAnchor.ts).is_(None), col(MessageAnchor.failed_at).is_(None))
    with db.session() as s:
        result = s.exec(statement.values(claimed_until=now + CLAIM_FOR))
        if result.rowcount != 1:
            return None
        return s.get(MessageAnchor, key)


def claim_many(db: Database, keys: list[str], now: datetime) -> dict[str, int]:
    """Claim the cards in one statement; returns each claimed card's wanted_seq as it was claimed."""
    if not keys:
        return {}
    table = MessageAnchor.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(table.c.key.in_(keys))
        .where(or_(table.c.claimed_until.is_(None), table.c.claimed_until < now))
        .values(claimed_until=now + CLAIM_FOR)
        .returning(table.c.key, table.c.wanted_seq)
    )
    with db.session() as s:
        return {key: seq for key, seq in s.connection().execute(statement)}


def release(db: Database, key: str, *, unhold: bool = False) -> None:
    values: dict[str, object] = {"claimed_until": None}
    if unhold:  # the listener's hold ends: `post_new` may take the card now
        values["not_before"] = None
    with db.session() as s:
        s.exec(update(MessageAnchor).where(col(MessageAnchor.key) == key).values(**values))


def done(db: Database, key: str, seq: int, ts: str | None = None) -> None:
    with db.session() as s:
        anchor = s.get(MessageAnchor, key)
        if anchor is None:
            return
        if ts is not None:
            anchor.ts = ts
            anchor.post_uncertain = False
        anchor.rendered_seq = max(anchor.rendered_seq, seq)
        if anchor.rendered_seq >= anchor.wanted_seq:
            anchor.urgent = anchor.pressed = False
        anchor.claimed_until = None
        anchor.not_before = None
        s.add(anchor)
        recovered(s, Kind.CARD, [key])


def failed(
    db: Database, budget: Budget, anchor: MessageAnchor, failure: Failure, now: datetime, report: FlushReport
) -> None:
    """Retry later; after a definite no from Slack, or a few failed tries, the card is failed for good
    (recorded, its facilitator told) and left alone: its round carries on without it."""
    report.errors.append(f"{anchor.key}: {failure.reason}")
    log.warning("live message %s not sent: %s", anchor.key, failure.reason)
    if failure.retry_after is not None:
        # A card not yet posted waited on chat.postMessage (per channel); an edit on chat.update.
        bucket = f"post:{anchor.channel_id}" if anchor.ts is None else f"update:{anchor.team_id}"
        budget.block(bucket, now + failure.retry_after)
    with db.session() as s:
        row = s.get(MessageAnchor, anchor.key)
        if row is None:
            return
        row.claimed_until = None
        if failure.uncertain and row.ts is None:
            row.post_uncertain = True
        retry_in = retry_after_failure(
            s, failure, kind=Kind.CARD, item=row.key, team_id=row.team_id, now=now, first_at=row.updated_at
        )
        if retry_in is None:
            row.failed_at = now
            row.rendered_seq = row.wanted_seq  # nothing more can be done for this message
            report.failed += 1
        else:
            row.not_before = now + retry_in
            report.deferred += 1
        s.add(row)
