"""The one way out to Slack for queued effects: live cards first, then the outbox, within shared budgets."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import uploads
from bot.slack.budget import Budget
from bot.slack.delivery import FlushReport, Renderer
from bot.slack.homes import HomeRenderer, Homes
from bot.slack.lanes import DEFAULT_SEND_WORKERS
from bot.slack.live_cards import CardPost, GiveWay, LiveCards
from bot.slack.outbox_sender import OutboxSender
from bot.slack.people import person
from bot.slack.tokens import OneToken, Workspaces
from bot.watch.metrics import Metrics
from storage.db import Database

__all__ = ["Answering", "CardPost", "FlushReport", "Gateway", "Renderer"]

# One flush sends for at most this long; the rest waits for the next tick (a second later).
MAX_FLUSH_SECONDS = 3.0


class Gateway:
    def __init__(
        self,
        *,
        db: Database,
        client: WebClient | None = None,
        renderers: Mapping[str, Renderer],
        budget: Budget | None = None,
        send_workers: int = DEFAULT_SEND_WORKERS,
        fallbacks: Mapping[str, Renderer] | None = None,
        metrics: Metrics | None = None,
        workspaces: Workspaces | None = None,
        home: HomeRenderer | None = None,
    ) -> None:
        """`workspaces` gives each workspace's client (OAuth installs); without it every send takes
        `client`, the one token of a single-workspace install."""
        self.db = db
        if workspaces is None:
            assert client is not None, "a gateway needs a client or the installed workspaces"
            workspaces = OneToken(client)
        self.workspaces = workspaces
        self.budget = budget or Budget()
        self.metrics = metrics or Metrics()  # a registry of its own: nothing global
        self.cards = LiveCards(
            db=db,
            workspaces=workspaces,
            renderers=renderers,
            budget=self.budget,
            workers=send_workers,
            fallbacks=fallbacks,
            metrics=self.metrics,
        )
        self.outbox = OutboxSender(
            db=db, workspaces=workspaces, budget=self.budget, workers=send_workers, metrics=self.metrics
        )
        self.homes = Homes(db=db, workspaces=workspaces, budget=self.budget, render=home)

    def flush(
        self,
        now: datetime,
        *,
        max_seconds: float = MAX_FLUSH_SECONDS,
        began: float | None = None,
        cards: bool = True,
    ) -> FlushReport:
        """Send whatever is due at `now`, within budget. Safe to call again at any time, from any replica.
        A long backlog is worked off over several calls, so the caller's tick (and its lease) stays short.
        `cards=False` leaves out card edits, for a caller that runs `refresh_cards` on its own."""
        report = FlushReport()
        until = time.monotonic() + max_seconds
        # New cards first: announcements are posted in their threads.
        self.cards.post_new(now, report, until=until)
        # Announcements and digests before card edits: the room waits for "Phase 2 starts now", while a
        # card edit is merged with the next one if it waits (P2 in bench/ measured edits delaying them).
        # `began`: the monotonic instant `now` was read. Budgets refill by time since then, not since the
        # flush started: due work before the flush takes a varying while, and counting from the flush
        # made the budget's minute shorter than Slack's (P4 in bench/ drew 429s at 290 a minute).
        self.outbox.send_due(now, report, until=until, began=began)
        # Homes after messages: a Home that waits a tick shows the same thing, a DM that waits is late.
        self.homes.publish_due(now, report)
        if cards:
            self.cards.refresh(now, report)
        return report

    def refresh_cards(self, now: datetime, *, give_way: GiveWay = None) -> FlushReport:
        """Edit live cards whose state changed, within the chat.update budget, giving way to more urgent
        work while `give_way()` says so."""
        report = FlushReport()
        self.cards.refresh(now, report, give_way=give_way)
        return report

    def send_uploads(self, now: datetime) -> int:
        """Upload the files the programmes have due (bot/slack/uploads.py), after the flush."""
        return uploads.send_due(self.db, self.workspaces, now)

    # Calls made at once from a listener's thread, after its ack: the person is waiting for the answer.

    def post_card_now(self, key: str, now: datetime) -> CardPost:
        """A new live card (written by a use case, held for its listener) posted now, within budget."""
        return self.cards.post_now(key, now)

    def publish_home_now(self, *, team_id: str, user_id: str, now: datetime) -> bool:
        """The person is looking at their Home: published at once (bot/slack/homes.py), within budget."""
        return self.homes.publish_now(team_id=team_id, user_id=user_id, now=now)

    def answering(self, client: WebClient) -> Answering:
        """The gateway as one listener's use case sees it: its look-ups take that listener's client (paced
        by the Tier 4 budget, bot/slack/handler_calls.py), its cards the gateway's post budget."""
        return Answering(self, client)

    def send_file_now(self, *, team_id: str, user_id: str, filename: str, content: str, comment: str) -> None:
        """A file a person asked for (an export), to their DM at once, with their workspace's token."""
        uploads.send_file_now(
            self.workspaces.client(team_id),
            user_id=user_id,
            filename=filename,
            content=content,
            comment=comment,
        )


class Answering:
    """bot/slack/port.py's `Slack` for one request, from the listener's thread after its ack."""

    def __init__(self, gateway: Gateway, client: WebClient) -> None:
        self.gateway, self.client = gateway, client

    def person(self, user_id: str) -> dict[str, Any]:
        return person(self.client, user_id)

    def channel(self, channel_id: str) -> dict[str, Any]:
        """conversations.info's channel; empty when the bot cannot see it (a private channel it is not in)."""
        try:
            return dict(self.client.conversations_info(channel=channel_id)["channel"])
        except SlackApiError as exc:
            if exc.response.get("error") == "channel_not_found":
                return {}
            raise

    def post_card_now(self, key: str, now: datetime) -> CardPost:
        return self.gateway.post_card_now(key, now)
