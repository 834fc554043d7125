"""The services a running coachbot shares: database, clock, Slack client, gateway, and the due-work loop."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient

from bot.clock import Clock
from bot.failures import database_down
from bot.home.service import home_tab
from bot.housekeeping import forget_old_event_ids
from bot.platform import due as registry
from bot.privacy.retention import retention_due
from bot.slack.budget import Budget
from bot.slack.gateway import FlushReport, Gateway
from bot.slack.lanes import DEFAULT_SEND_WORKERS
from bot.slack.tokens import Workspaces
from bot.watch.metrics import Metrics
from storage.db import Database

log = logging.getLogger(__name__)

# How long a Web API call may take before it counts as failed (Slack answers in well under a second).
API_TIMEOUT_SECONDS = 10

# Every programme registers its own due work, renderers and deadlines (bot/platform/due.py) when its
# `due` module is imported: here they all are.
PROGRAMMES = registry.load_programmes()
RENDERERS = registry.RENDERERS
FALLBACKS = registry.FALLBACKS
# The house's own due work, after every programme's: nothing of it belongs to one programme.
HOUSEKEEPING: tuple[registry.DueWork, ...] = (forget_old_event_ids, retention_due)


def _apart(work: Callable[..., object], *args: object) -> None:
    """Each kind of due work on its own: one that fails (its items record their own failures; this is a
    bug's last stop) does not keep the others, or the sending, from running. A database that is away
    stops the tick, as before: nothing can be done until it is back."""
    try:
        work(*args)
    except Exception as exc:
        if database_down(exc):
            raise
        log.warning("due work %s failed: %s", getattr(work, "__name__", work), type(exc).__name__)
        log.debug("the failure of due work", exc_info=exc)  # its message may quote what was typed


def make_client(token: str | None, api_url: str, *, timeout: int = API_TIMEOUT_SECONDS) -> WebClient:
    # No retry handlers: the gateway owns retries, so a 429 reschedules the work instead of
    # blocking a thread, and a listener's call fails fast so the user hears about it.
    return WebClient(token=token, base_url=api_url, timeout=timeout, retry_handlers=[])


@dataclass
class Services:
    db: Database
    clock: Clock
    client: WebClient
    gateway: Gateway
    metrics: Metrics
    # Set by the scheduler: asks for due work to run now rather than at the next tick.
    kick: Callable[[], None] = field(default=lambda: None)
    # Where `serve --http` is reached from outside (COACHBOT_PUBLIC_URL): calendar feed links. None: no feeds.
    public_url: str | None = None

    def run_due(self, now: datetime | None = None, *, cards: bool = True) -> FlushReport:
        """Everything due at `now`: advance rounds, then send what they produced. `cards=False` leaves
        card edits to a caller that refreshes them on their own (the scheduler does, in parallel)."""
        at = now or self.clock.now()
        began = time.monotonic()  # the instant `at` was read: budgets count real time from here
        for work in (*registry.registered_due_work(), *HOUSEKEEPING):
            _apart(work, self.db, at)
        report = self.gateway.flush(at, began=began, cards=cards)
        _apart(self.gateway.send_uploads, at)
        return report


def build_services(
    *,
    db: Database,
    clock: Clock,
    client: WebClient,
    budget: Budget | None = None,
    send_workers: int = DEFAULT_SEND_WORKERS,
    workspaces: Workspaces | None = None,
) -> Services:
    """`client` talks to Slack for the app itself; `workspaces` (OAuth installs) gives each workspace's own
    client for sends; without it every send takes `client`'s one token."""
    metrics = Metrics()
    metrics.watch(db, clock)
    gateway = Gateway(
        db=db,
        client=client,
        workspaces=workspaces,
        renderers=RENDERERS,
        fallbacks=FALLBACKS,
        budget=budget,
        send_workers=send_workers,
        metrics=metrics,
        home=home_tab,
    )
    return Services(db=db, clock=clock, client=client, gateway=gateway, metrics=metrics)
