"""Shared pieces of outbound delivery: the flush report, renderer type, claim length and post budgets."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import TypeVar

from sqlmodel import Session

from bot.slack.budget import CHANNEL_POSTS, Budget
from bot.slack.effects import Rendered

log = logging.getLogger(__name__)

# A claimed row is ours for this long; a replica that dies mid-send lets another take it after that.
CLAIM_FOR = timedelta(seconds=30)
MAX_BACKOFF = timedelta(minutes=5)

# Renders a live message from the database as it is at `now`: (session, render_ref, now) -> message.
Renderer = Callable[[Session, str, datetime], Rendered]


@dataclass
class FlushReport:
    posted: int = 0
    updated: int = 0
    sent: int = 0
    resolved: int = 0
    deferred: int = 0
    failed: int = 0
    homes: int = 0  # App Home tabs published
    errors: list[str] = field(default_factory=list)

    def merge(self, other: FlushReport) -> None:
        """Add a lane's report (each sending thread keeps its own) to this one."""
        self.posted += other.posted
        self.updated += other.updated
        self.sent += other.sent
        self.resolved += other.resolved
        self.deferred += other.deferred
        self.failed += other.failed
        self.errors.extend(other.errors)


Item = TypeVar("Item")


def in_parallel(
    items: Sequence[Item], work: Callable[[Item, FlushReport], None], *, workers: int, report: FlushReport
) -> None:
    """`work` for each item on up to `workers` threads, each item with a report of its own, merged into
    `report` at the end. One Web API call mostly waits on Slack: a few at once hide that wait."""
    if workers <= 1 or len(items) <= 1:
        for item in items:
            _isolated(work, item, report)
        return

    def apart(item: Item) -> FlushReport:
        own = FlushReport()  # the counters are not shared between threads
        _isolated(work, item, own)
        return own

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="send") as pool:
        for own in pool.map(apart, items):
            report.merge(own)


def _isolated(work: Callable[[Item, FlushReport], None], item: Item, report: FlushReport) -> None:
    """One item's unexpected error is that item's: the others in the flush still go out. What it was
    meant to send stays wanted in the database, so the next flush tries it again."""
    try:
        work(item, report)
    except Exception as exc:
        log.warning("sending one item failed unexpectedly: %s", type(exc).__name__)
        log.debug("the unexpected failure", exc_info=exc)  # its message may quote what was typed
        report.errors.append(f"unexpected: {type(exc).__name__}")


class NoBudget(Enum):
    CHANNEL = "channel"  # this channel must wait; others may go
    WORKSPACE = "workspace"  # nothing more may be posted in this workspace for now


def take_post_budget(budget: Budget, team_id: str, channel_id: str, now: datetime) -> NoBudget | None:
    """chat.postMessage: about one a second per channel, and a workspace-wide cap. None when both
    allow one more message (and it is counted); otherwise which of them said no."""
    channel_key = f"post:{channel_id}"
    if not budget.try_take(channel_key, CHANNEL_POSTS, now):
        return NoBudget.CHANNEL
    if not budget.try_take(f"posts:{team_id}", budget.workspace_posts, now):
        budget.give_back(channel_key, CHANNEL_POSTS, now)
        return NoBudget.WORKSPACE
    return None


def give_back_post_budget(budget: Budget, team_id: str, channel_id: str, now: datetime) -> None:
    budget.give_back(f"post:{channel_id}", CHANNEL_POSTS, now)
    budget.give_back(f"posts:{team_id}", budget.workspace_posts, now)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2**attempts), MAX_BACKOFF)
