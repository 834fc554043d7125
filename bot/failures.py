"""Scheduled work that fails: counted on the item, retried with backoff, then failed for good and reported.

Every unit of scheduled work (a due row, an outbox message, a card, a round's phase change, an upload) is
done on its own; when it raises or Slack refuses it, `record_attempt` notes the attempt here, and the
caller waits `backoff(attempts)` before the next. After `MAX_ATTEMPTS` the item is *failed*: it stays so
until an operator retries it (`coachbot failed retry KEY`), and the person it concerns (the facilitator of
the round, the coach of the engagement) gets one short DM. Nothing here holds anyone's words: ids, kinds
and error kinds only, so the table and the logs can be read by an operator."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session, col, delete, select

from bot.slack.effects import Rendered, enqueue_dm
from bot.slack.errors import Failure
from storage.db import Database
from storage.platform import FailedWork

log = logging.getLogger(__name__)

# Tries before an item counts as failed for good: 2 + 4 + 8 + 16 s of backoff between them.
MAX_ATTEMPTS = 5
MAX_BACKOFF = timedelta(minutes=5)
# Notices about failures are themselves never reported, so one failure cannot breed another.
NOTICE_PREFIX = "failure-notice:"
# last_error of a thread message whose card failed for good; retrying the card sends them again.
CARD_NOT_POSTED = "card_not_posted"


class Kind(StrEnum):
    MESSAGE = "message"  # an outbox row: a thread post, a DM, an ephemeral
    CARD = "card"  # a live card, posted or edited
    ROUND = "round"  # a round's phase change
    COACH_DUE = "coach_due"  # a nudge, check-in prompt, reminder or summary of /coach
    SERIES_DUE = "series_due"  # a reminder of a planned /assess series
    UPLOAD = "upload"  # a chart


class Status(StrEnum):
    RETRYING = "retrying"
    FAILED = "failed"
    RETRIED = "retried"


@dataclass(frozen=True)
class Concerns:
    """Who is told about a failed item, and how the item is named to them (ids and mentions only)."""

    user_id: str
    what: str


# Resolvers by item-key prefix, added by each programme: (session, item key) -> who it concerns.
Resolver = Callable[[Session, str], Concerns | None]
_RESOLVERS: list[tuple[str, Resolver]] = []


def resolves(prefix: str) -> Callable[[Resolver], Resolver]:
    """Register a resolver for item keys starting with `prefix` (the longest matching prefix wins)."""

    def add(resolver: Resolver) -> Resolver:
        _RESOLVERS.append((prefix, resolver))
        _RESOLVERS.sort(key=lambda pair: -len(pair[0]))
        return resolver

    return add


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2**attempts), MAX_BACKOFF)


def error_kind(exc: BaseException) -> str:
    """What went wrong, without the message (which may quote the text that did not fit)."""
    return type(exc).__name__


def record_attempt(
    s: Session,
    *,
    kind: Kind,
    item: str,
    team_id: str,
    error: str,
    now: datetime,
    first_at: datetime | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> FailedWork:
    """One more failed attempt at `item`. Returns its row: `status` says whether to retry (after
    `backoff(row.attempts)`) or whether it has now failed for good, in which case it is reported."""
    row = s.get(FailedWork, f"{kind}:{item}")
    if row is None:
        row = FailedWork(
            key=f"{kind}:{item}",
            kind=kind.value,
            item=item,
            team_id=team_id,
            error=error,
            first_attempt_at=first_at or now,
            last_attempt_at=now,
        )
    row.attempts += 1
    row.error, row.last_attempt_at = error, now
    row.status = Status.FAILED if row.attempts >= max_attempts else Status.RETRYING
    s.add(row)
    if row.status == Status.FAILED:
        log.warning("%s %s failed for good after %d attempts: %s", kind, item, row.attempts, error)
        _report(s, row, now)
    else:
        log.warning("%s %s failed (attempt %d), retrying: %s", kind, item, row.attempts, error)
    return row


class DueRow(Protocol):
    """A programme's due row: its key, status, and when it is due (the next try, after a failure)."""

    key: str
    status: str
    due_at: datetime


def due_row_failed(
    s: Session, due: DueRow, exc: Exception, *, kind: Kind, team_id: str, now: datetime
) -> None:
    """A due row that raised while being turned into its message: due again after the backoff, or, after a
    few tries, `failed` (and reported). The other rows of its batch go out as usual."""
    failed = record_attempt(
        s, kind=kind, item=due.key, team_id=team_id, error=error_kind(exc), now=now, first_at=due.due_at
    )
    if failed.status == Status.FAILED:
        due.status = Status.FAILED.value
    else:
        due.due_at = now + backoff(failed.attempts)
    s.add(due)


def record_failed(
    s: Session, *, kind: Kind, item: str, team_id: str, error: str, now: datetime, first_at: datetime | None
) -> FailedWork:
    """The item failed for good at once (Slack said a definite no, or its tries are used up)."""
    return record_attempt(
        s, kind=kind, item=item, team_id=team_id, error=error, now=now, first_at=first_at, max_attempts=1
    )


def retry_after_failure(
    s: Session,
    failure: Failure,
    *,
    kind: Kind,
    item: str,
    team_id: str,
    now: datetime,
    first_at: datetime | None,
) -> timedelta | None:
    """When to try `item` again after a send failed: after Slack's Retry-After (its pace is not the item's
    fault: a 429 never counts as an attempt), or after a backoff; None once it has failed for good (a
    definite no from Slack, or its tries used up), which is recorded and reported."""
    if failure.retry_after is not None:
        return failure.retry_after
    record = record_failed if failure.permanent else record_attempt
    tried = record(s, kind=kind, item=item, team_id=team_id, error=failure.reason, now=now, first_at=first_at)
    return None if tried.status == Status.FAILED else backoff(tried.attempts)


def cleared(s: Session, *, kind: Kind, item: str) -> None:
    """The item went through after failed attempts: it is no longer anyone's concern."""
    row = s.get(FailedWork, f"{kind}:{item}")
    if row is not None and row.status == Status.RETRYING:
        s.delete(row)


def _report(s: Session, row: FailedWork, now: datetime) -> None:
    if row.item.startswith(NOTICE_PREFIX) or row.notified_at is not None:
        return
    concerns = _concerns(s, row.item)
    if concerns is None:
        return
    row.owner_id, row.notified_at = concerns.user_id, now
    enqueue_dm(
        s,
        dedupe_key=f"{NOTICE_PREFIX}{row.key}",
        team_id=row.team_id,
        user_id=concerns.user_id,
        message=notice(concerns.what, row.error),
        now=now,
    )


def _concerns(s: Session, item: str) -> Concerns | None:
    for prefix, resolver in _RESOLVERS:
        if item.startswith(prefix):
            try:
                return resolver(s, item)
            except (LookupError, ValueError):  # a key of an unexpected shape: nobody to tell
                return None
    return None


# What the person can do about a failure, by Slack's error; anything else is the operator's to look at.
ADVICE = {
    "not_in_channel": "Invite me to that channel (`/invite @coachbot`), then ask your coachbot operator to "
    "send it again.",
    "channel_not_found": "The channel may have been deleted, or I was never invited to it.",
    "is_archived": "The channel is archived: unarchive it, then ask your coachbot operator to send it again.",
    "user_not_found": "That person may have left the workspace.",
    "user_disabled": "That person's account has been deactivated.",
    "cannot_dm_bot": "That is a bot, not a person.",
}
OPERATOR = (
    "Nothing else was held up. Your coachbot operator can see it with `coachbot failed` and send it again; "
    "if it keeps happening, tell whoever installed coachbot."
)


def notice(what: str, error: str) -> Rendered:
    # Slack's errors are snake_case words; anything else is the name of an exception on our side.
    said = f"Slack said `{error}`" if error.islower() else "something went wrong on my side"
    advice = ADVICE.get(error, OPERATOR)
    return Rendered(text=f":warning: I could not send {what} ({said}). {advice}")


def failures(s: Session, *, include_retried: bool = False) -> list[FailedWork]:
    query = select(FailedWork).order_by(col(FailedWork.last_attempt_at).desc())
    if not include_retried:
        query = query.where(FailedWork.status != Status.RETRIED)
    return list(s.exec(query).all())


def database_down(exc: BaseException) -> bool:
    """The database itself is away or busy: not the item's fault, so nothing is counted against it."""
    return isinstance(exc, OperationalError | InterfaceError)


Item = TypeVar("Item")
Loaded = tuple[Sequence[Item], object]  # the batch, and whatever must stay loaded while it is handled


def each_apart(
    db: Database,
    *,
    kind: Kind,
    key: Callable[[Item], str],
    load: Callable[[Session], Loaded[Item]],
    handle: Callable[[Session, Item], None],
    fail: Callable[[Session, Item, Exception], None],
) -> int:
    """Handle a batch in one transaction; should any item raise, roll it all back and handle each item in
    a savepoint of its own, passing the ones that raise to `fail` (which records them), so one bad item
    never holds back the rest. The common case pays for no savepoints. Items that went through are no
    longer retrying (`key` names them as `record_attempt` did). Returns the batch's size."""
    try:
        with db.session() as s:
            items, held = load(s)
            for item in items:
                handle(s, item)
            recovered(s, kind, [key(item) for item in items])
            del held
            return len(items)
    except Exception as exc:
        if database_down(exc):
            raise
    with db.session() as s:
        items, held = load(s)
        went = []
        for item in items:
            try:
                with s.begin_nested():
                    handle(s, item)
                went.append(key(item))
            except Exception as exc:
                if database_down(exc):
                    raise
                fail(s, item, exc)
        recovered(s, kind, went)
        del held
        return len(items)


def recovered(s: Session, kind: Kind, items: list[str]) -> None:
    if items:
        s.exec(
            delete(FailedWork).where(
                col(FailedWork.kind) == kind,
                col(FailedWork.status) == Status.RETRYING,
                col(FailedWork.item).in_(items),
            )
        )
