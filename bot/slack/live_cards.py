"""Live cards (MessageAnchor rows): posted once, then re-rendered from the database and edited in budget.
What a card says is card_render.py's; who is sending it, and what a failure leaves, card_claims.py's."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlmodel import col, select

from bot.privacy.workspace import stopped_teams
from bot.slack.budget import CARD_UPDATES, PRESS_RESERVE, URGENT_RESERVE, Budget
from bot.slack.card_claims import EditedCards, claim, claim_many, done, failed, release
from bot.slack.card_render import CardRenderer, plain_may_help
from bot.slack.delivery import FlushReport, Renderer, in_parallel, take_post_budget
from bot.slack.effects import Rendered
from bot.slack.errors import classify_any
from bot.slack.lanes import DEFAULT_SEND_WORKERS
from bot.slack.lookup import find_sent, marker
from bot.slack.tokens import Workspaces
from bot.watch.metrics import Metrics
from storage.db import Database
from storage.platform import MessageAnchor

# Card edits go out this many at a time; between slices they give way to due work (phase changes).
EDIT_SLICE = 10
# How long edits wait for due work at most, per slice: a card must not fall behind for good.
MAX_GIVE_WAY_SECONDS = 0.5
GiveWay = Callable[[], bool] | None


@dataclass(frozen=True)
class CardPost:
    """What became of a card posted at once: in Slack, left to the next flush, or refused for good."""

    posted: bool
    refused: str | None = None  # Slack's error when it said a definite no


def wait_while(give_way: Callable[[], bool], *, at_most: float = MAX_GIVE_WAY_SECONDS) -> None:
    """Sleep while `give_way()` says more urgent work is running or about to, for `at_most` seconds."""
    until = time.monotonic() + at_most
    while give_way() and time.monotonic() < until:
        time.sleep(0.01)


class LiveCards:
    def __init__(
        self,
        *,
        db: Database,
        workspaces: Workspaces,
        renderers: Mapping[str, Renderer],
        budget: Budget,
        workers: int = DEFAULT_SEND_WORKERS,
        fallbacks: Mapping[str, Renderer] | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.db, self.workspaces, self.budget = db, workspaces, budget
        self.metrics = metrics or Metrics()
        self.renderer = CardRenderer(db=db, renderers=renderers, fallbacks=fallbacks or {})
        self.workers = workers  # cards are in different channels: several go at once

    def post_new(self, now: datetime, report: FlushReport, *, until: float | None = None) -> None:
        """Cards queued without a ts (a round started by a button or a job) are posted here, until the
        monotonic instant `until`; the rest wait for the next flush."""
        with self.db.read() as s:
            keys = s.exec(
                select(MessageAnchor.key)
                .where(col(MessageAnchor.ts).is_(None))
                .where(col(MessageAnchor.failed_at).is_(None))
                .where((col(MessageAnchor.not_before).is_(None)) | (col(MessageAnchor.not_before) <= now))
                .where(col(MessageAnchor.team_id).not_in(stopped_teams(s)))
            ).all()

        def post(key: str, report: FlushReport) -> None:
            if until is not None and time.monotonic() > until:
                report.deferred += 1
                return
            self._post_one(key, now, report)

        in_parallel(keys, post, workers=self.workers, report=report)

    def _post_one(self, key: str, now: datetime, report: FlushReport) -> None:
        with self.db.read() as s:
            before = s.get(MessageAnchor, key)
            stale_claim = before is not None and before.claimed_until is not None
        claimed = claim(self.db, key, now)
        if claimed is None:
            return
        if take_post_budget(self.budget, claimed.team_id, claimed.channel_id, now) is not None:
            release(self.db, key)
            return
        seq = claimed.wanted_seq
        message, plain = self.renderer.render(claimed, now)
        try:
            ts = self._already_posted(claimed, stale_claim)
            if ts is None:
                ts = self._post(claimed, message)
        except Exception as exc:  # classified: retried later, looked up, sent plain, or recorded as failed
            failure = classify_any(exc)
            if plain or not plain_may_help(failure):
                failed(self.db, self.budget, claimed, failure, now, report)
                return
            try:
                ts = self._post(claimed, self.renderer.render(claimed, now, plain=True)[0])
            except Exception as again:
                failed(self.db, self.budget, claimed, classify_any(again), now, report)
                return
        done(self.db, key, seq, ts=ts)
        report.posted += 1

    def post_now(self, key: str, now: datetime) -> CardPost:
        """Post one new card at once, from the caller's thread (the listener after `/assess`), by the same
        path as `post_new`. A definite "no" from Slack is returned, not recorded: the caller undoes what
        the card was for. Anything else leaves the card to `post_new`: over budget, busy or unreachable."""
        claimed = claim(self.db, key, now, ignore_hold=True)
        if claimed is None:  # another sender has it (a hold that ran out): it posts the card
            return CardPost(posted=False)
        if take_post_budget(self.budget, claimed.team_id, claimed.channel_id, now) is not None:
            # Slack is not asked over our budget: `post_new` posts it as soon as the budget allows.
            release(self.db, key, unhold=True)
            return CardPost(posted=False)
        seq = claimed.wanted_seq
        message, plain = self.renderer.render(claimed, now)
        try:
            ts = self._post(claimed, message)
        except Exception as exc:  # classified: a definite no is the caller's, the rest is retried
            failure = classify_any(exc)
            if not plain and plain_may_help(failure):
                try:
                    ts = self._post(claimed, self.renderer.render(claimed, now, plain=True)[0])
                except Exception as again:
                    failure = classify_any(again)
                else:
                    done(self.db, key, seq, ts=ts)
                    return CardPost(posted=True)
            if failure.permanent:
                release(self.db, key, unhold=True)
                return CardPost(posted=False, refused=failure.reason)
            failed(self.db, self.budget, claimed, failure, now, FlushReport())
            return CardPost(posted=False)
        done(self.db, key, seq, ts=ts)
        return CardPost(posted=True)

    def _post(self, anchor: MessageAnchor, message: Rendered) -> str:
        try:
            response = self.workspaces.client(anchor.team_id).chat_postMessage(
                channel=anchor.channel_id,
                text=message.text,
                blocks=message.wire,
                metadata=marker(anchor.key),
            )
        except Exception as exc:
            self._not_sent(exc)
            raise
        self.metrics.sent("card")
        return str(response["ts"])

    def _already_posted(self, anchor: MessageAnchor, stale_claim: bool) -> str | None:
        """A previous attempt timed out, or its replica died holding the claim: the card may be in Slack."""
        if not anchor.post_uncertain and not stale_claim:
            return None
        client = self.workspaces.client(anchor.team_id)
        return find_sent(client, channel=anchor.channel_id, key=anchor.key, since=anchor.updated_at)

    def refresh(self, now: datetime, report: FlushReport, *, give_way: GiveWay = None) -> None:
        """Edit cards whose state changed: pressed ones first (a person is watching), then urgent ones (phase
        changes), then by age; each rank leaves budget to those above it (bot/slack/budget.py). Several
        changes since the last edit merge into one, because the card is rendered as it is now. Between
        slices of edits, `give_way()` may hold them back while more urgent work runs (see wait_while)."""
        with self.db.read() as s:
            rows = s.exec(
                select(MessageAnchor)
                .where(col(MessageAnchor.ts).is_not(None))
                .where(col(MessageAnchor.wanted_seq) > col(MessageAnchor.rendered_seq))
                .where(col(MessageAnchor.failed_at).is_(None))
                .where(col(MessageAnchor.team_id).not_in(stopped_teams(s)))  # uninstalled: held
                .order_by(
                    col(MessageAnchor.pressed).desc(),
                    col(MessageAnchor.urgent).desc(),
                    col(MessageAnchor.updated_at),
                )
            ).all()
        chosen: list[MessageAnchor] = []  # in order, as far as the chat.update budget allows now
        for row in rows:
            if row.not_before is not None and row.not_before > now:
                continue
            keep = _keep_for(row)
            if not self.budget.try_take(f"update:{row.team_id}", CARD_UPDATES, now, keep=keep):
                report.deferred += 1
                continue
            chosen.append(row)
        held = claim_many(self.db, [row.key for row in chosen], now)
        for row in chosen:
            if row.key not in held:  # another replica is editing it
                self.budget.give_back(f"update:{row.team_id}", CARD_UPDATES, now)
        edited = EditedCards()
        edits = [(row, held[row.key]) for row in chosen if row.key in held]
        edit = partial(self._edit_one, now=now, edited=edited)
        # A pressed card's edit does not give way: a person is watching for it, and it is one chat.update
        # (a kick runs due work and card edits together, so the press waited for the tick it caused).
        pressed = [e for e in edits if e[0].pressed]
        if pressed:
            in_parallel(pressed, edit, workers=self.workers, report=report)
        others = [e for e in edits if not e[0].pressed]
        for first in range(0, len(others), EDIT_SLICE):
            if give_way is not None:
                wait_while(give_way)
            in_parallel(others[first : first + EDIT_SLICE], edit, workers=self.workers, report=report)
        edited.write(self.db)

    def _edit_one(
        self, edit: tuple[MessageAnchor, int], report: FlushReport, *, now: datetime, edited: EditedCards
    ) -> None:
        card, seq = edit
        message, plain = self.renderer.render(card, now)
        try:
            self._update(card, message)
        except Exception as exc:  # classified: an edit is safe to repeat, so it is retried or sent plain
            failure = classify_any(exc)
            if plain or not plain_may_help(failure):
                failed(self.db, self.budget, card, failure, now, report)
                return
            try:
                self._update(card, self.renderer.render(card, now, plain=True)[0])
            except Exception as again:
                failed(self.db, self.budget, card, classify_any(again), now, report)
                return
        edited.add(card.key, seq)
        report.updated += 1

    def _update(self, card: MessageAnchor, message: Rendered) -> None:
        try:
            self.workspaces.client(card.team_id).chat_update(
                channel=card.channel_id, ts=card.ts or "", text=message.text, blocks=message.wire
            )
        except Exception as exc:
            self._not_sent(exc)
            raise
        self.metrics.sent("card")

    def _not_sent(self, exc: Exception) -> None:
        """Counted where the call is made: a card's plain retry and a listener's own post count too."""
        self.metrics.not_sent("card", classify_any(exc))


def _keep_for(card: MessageAnchor) -> int:
    """The chat.update tokens an edit of this card leaves to more urgent ones."""
    if card.pressed:
        return 0
    if card.urgent:
        return PRESS_RESERVE
    return PRESS_RESERVE + URGENT_RESERVE
