"""Live cards (MessageAnchor rows): posted once, then re-rendered from the database and edited in budget."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from slack_sdk import WebClient
from sqlalchemy import BindParameter, bindparam, case, or_
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select, update

from bot.failures import Kind, Status, backoff, error_kind, record_attempt, record_failed, recovered
from bot.privacy.workspace import stopped_teams
from bot.slack.budget import CARD_UPDATES, URGENT_RESERVE, Budget
from bot.slack.delivery import CLAIM_FOR, FlushReport, Renderer, in_parallel, take_post_budget
from bot.slack.effects import Rendered
from bot.slack.errors import Failure, classify_any
from bot.slack.lanes import DEFAULT_SEND_WORKERS
from bot.slack.lookup import find_sent, marker
from storage.db import Database
from storage.platform import MessageAnchor

log = logging.getLogger(__name__)


# Card edits go out this many at a time; between slices they give way to due work (phase changes).
EDIT_SLICE = 10
# How long edits wait for due work at most, per slice: a card must not fall behind for good.
MAX_GIVE_WAY_SECONDS = 0.5
GiveWay = Callable[[], bool] | None
# Slack's answers that mean "not this content": the card's plain form is tried at once.
REFUSED_CONTENT = frozenset(
    {"invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long", "invalid_arguments"}
)
# The last resort when not even a card's plain form can be built.
UNSHOWABLE = "This card could not be shown. `/assess status` says where the round is."


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
                claimed_until=None,
                not_before=None,
            )
        )
        with db.session() as s:
            s.connection().execute(statement, self._done)
            recovered(s, Kind.CARD, [str(done["card"]) for done in self._done])


class LiveCards:
    def __init__(
        self,
        *,
        db: Database,
        client: WebClient,
        renderers: Mapping[str, Renderer],
        budget: Budget,
        workers: int = DEFAULT_SEND_WORKERS,
        fallbacks: Mapping[str, Renderer] | None = None,
    ) -> None:
        self.db, self.client, self.renderers, self.budget = db, client, renderers, budget
        self.fallbacks = fallbacks or {}
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
        claimed = self._claim(key, now)
        if claimed is None:
            return
        if take_post_budget(self.budget, claimed.team_id, claimed.channel_id, now) is not None:
            self._release(key)
            return
        seq = claimed.wanted_seq
        message, plain = self._render(claimed, now)
        try:
            ts = self._already_posted(claimed, stale_claim)
            if ts is None:
                ts = self._post(claimed, message)
        except Exception as exc:  # classified: retried later, looked up, sent plain, or recorded as failed
            failure = classify_any(exc)
            if plain or not _plain_may_help(failure):
                self._failed(claimed, failure, now, report)
                return
            try:
                ts = self._post(claimed, self._render(claimed, now, plain=True)[0])
            except Exception as again:
                self._failed(claimed, classify_any(again), now, report)
                return
        self._done(key, seq, ts=ts)
        report.posted += 1

    def post_now(self, key: str, now: datetime) -> CardPost:
        """Post one new card at once, from the caller's thread (the listener after `/assess`), by the same
        path as `post_new`. A definite "no" from Slack is returned, not recorded: the caller undoes what
        the card was for. Anything else leaves the card to `post_new`: over budget, busy or unreachable."""
        claimed = self._claim(key, now, ignore_hold=True)
        if claimed is None:  # another sender has it (a hold that ran out): it posts the card
            return CardPost(posted=False)
        if take_post_budget(self.budget, claimed.team_id, claimed.channel_id, now) is not None:
            # Slack is not asked over our budget: `post_new` posts it as soon as the budget allows.
            self._release(key, unhold=True)
            return CardPost(posted=False)
        seq = claimed.wanted_seq
        message, plain = self._render(claimed, now)
        try:
            ts = self._post(claimed, message)
        except Exception as exc:  # classified: a definite no is the caller's, the rest is retried
            failure = classify_any(exc)
            if not plain and _plain_may_help(failure):
                try:
                    ts = self._post(claimed, self._render(claimed, now, plain=True)[0])
                except Exception as again:
                    failure = classify_any(again)
                else:
                    self._done(key, seq, ts=ts)
                    return CardPost(posted=True)
            if failure.permanent:
                self._release(key, unhold=True)
                return CardPost(posted=False, refused=failure.reason)
            self._failed(claimed, failure, now, FlushReport())
            return CardPost(posted=False)
        self._done(key, seq, ts=ts)
        return CardPost(posted=True)

    def _post(self, anchor: MessageAnchor, message: Rendered) -> str:
        response = self.client.chat_postMessage(
            channel=anchor.channel_id, text=message.text, blocks=message.wire, metadata=marker(anchor.key)
        )
        return str(response["ts"])

    def _already_posted(self, anchor: MessageAnchor, stale_claim: bool) -> str | None:
        """A previous attempt timed out, or its replica died holding the claim: the card may be in Slack."""
        if not anchor.post_uncertain and not stale_claim:
            return None
        return find_sent(self.client, channel=anchor.channel_id, key=anchor.key, since=anchor.updated_at)

    def refresh(self, now: datetime, report: FlushReport, *, give_way: GiveWay = None) -> None:
        """Edit cards whose state changed: urgent ones (phase changes) first, then by age. Several changes
        since the last edit merge into one, because the card is rendered as it is now. Between slices of
        edits, `give_way()` may hold them back while more urgent work runs (see wait_while)."""
        with self.db.read() as s:
            rows = s.exec(
                select(MessageAnchor)
                .where(col(MessageAnchor.ts).is_not(None))
                .where(col(MessageAnchor.wanted_seq) > col(MessageAnchor.rendered_seq))
                .where(col(MessageAnchor.failed_at).is_(None))
                .where(col(MessageAnchor.team_id).not_in(stopped_teams(s)))  # uninstalled: held
                .order_by(col(MessageAnchor.urgent).desc(), col(MessageAnchor.updated_at))
            ).all()
        chosen: list[MessageAnchor] = []  # in order, as far as the chat.update budget allows now
        for row in rows:
            if row.not_before is not None and row.not_before > now:
                continue
            keep = 0 if row.urgent else URGENT_RESERVE
            if not self.budget.try_take(f"update:{row.team_id}", CARD_UPDATES, now, keep=keep):
                report.deferred += 1
                continue
            chosen.append(row)
        held = self._claim_many([row.key for row in chosen], now)
        for row in chosen:
            if row.key not in held:  # another replica is editing it
                self.budget.give_back(f"update:{row.team_id}", CARD_UPDATES, now)
        edited = EditedCards()
        edits = [(row, held[row.key]) for row in chosen if row.key in held]
        edit = partial(self._edit_one, now=now, edited=edited)
        for first in range(0, len(edits), EDIT_SLICE):
            if give_way is not None:
                wait_while(give_way)
            in_parallel(edits[first : first + EDIT_SLICE], edit, workers=self.workers, report=report)
        edited.write(self.db)

    def _edit_one(
        self, edit: tuple[MessageAnchor, int], report: FlushReport, *, now: datetime, edited: EditedCards
    ) -> None:
        card, seq = edit
        message, plain = self._render(card, now)
        try:
            self._update(card, message)
        except Exception as exc:  # classified: an edit is safe to repeat, so it is retried or sent plain
            failure = classify_any(exc)
            if plain or not _plain_may_help(failure):
                self._failed(card, failure, now, report)
                return
            try:
                self._update(card, self._render(card, now, plain=True)[0])
            except Exception as again:
                self._failed(card, classify_any(again), now, report)
                return
        edited.add(card.key, seq)
        report.updated += 1

    def _update(self, card: MessageAnchor, message: Rendered) -> None:
        self.client.chat_update(
            channel=card.channel_id, ts=card.ts or "", text=message.text, blocks=message.wire
        )

    def _claim_many(self, keys: list[str], now: datetime) -> dict[str, int]:
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
        with self.db.session() as s:
            return {key: seq for key, seq in s.connection().execute(statement)}

    def _render(self, anchor: MessageAnchor, now: datetime, *, plain: bool = False) -> tuple[Rendered, bool]:
        """The card as it is at `now`, and whether that is its plain form: used when asked for, or when
        the full card cannot be built (typed text beyond Slack's limits, a bug), so the round goes on."""
        if not plain:
            try:
                with self.db.read() as s:
                    message = self.renderers[anchor.render_kind](s, anchor.render_ref, now)
                message.wire  # noqa: B018 -- serialized here, so a block over Slack's limits is caught here
                return message, False
            except SQLAlchemyError:
                raise  # the database's trouble, not the card's
            except Exception as exc:
                log.warning(
                    "card %s could not be rendered (%s): sending it plain", anchor.key, error_kind(exc)
                )
        fallback = self.fallbacks.get(anchor.render_kind)
        if fallback is not None:
            try:
                with self.db.read() as s:
                    message = fallback(s, anchor.render_ref, now)
                message.wire  # noqa: B018
                return message, True
            except SQLAlchemyError:
                raise
            except Exception as exc:
                log.warning("card %s could not be rendered plain either (%s)", anchor.key, error_kind(exc))
        return Rendered(text=UNSHOWABLE), True

    def _claim(self, key: str, now: datetime, *, ignore_hold: bool = False) -> MessageAnchor | None:
        statement = (
            update(MessageAnchor)
            .where(col(MessageAnchor.key) == key)
            .where((col(MessageAnchor.claimed_until).is_(None)) | (col(MessageAnchor.claimed_until) < now))
        )
        if ignore_hold:  # only a card not yet posted, never one failed for good
            statement = statement.where(
                col(MessageAnchor.ts).is_(None), col(MessageAnchor.failed_at).is_(None)
            )
        with self.db.session() as s:
            result = s.exec(statement.values(claimed_until=now + CLAIM_FOR))
            if result.rowcount != 1:
                return None
            return s.get(MessageAnchor, key)

    def _release(self, key: str, *, unhold: bool = False) -> None:
        values: dict[str, object] = {"claimed_until": None}
        if unhold:  # the listener's hold ends: `post_new` may take the card now
            values["not_before"] = None
        with self.db.session() as s:
            s.exec(update(MessageAnchor).where(col(MessageAnchor.key) == key).values(**values))

    def _done(self, key: str, seq: int, ts: str | None = None) -> None:
        with self.db.session() as s:
            anchor = s.get(MessageAnchor, key)
            if anchor is None:
                return
            if ts is not None:
                anchor.ts = ts
                anchor.post_uncertain = False
            anchor.rendered_seq = max(anchor.rendered_seq, seq)
            if anchor.rendered_seq >= anchor.wanted_seq:
                anchor.urgent = False
            anchor.claimed_until = None
            anchor.not_before = None
            s.add(anchor)
            recovered(s, Kind.CARD, [key])

    def _failed(self, anchor: MessageAnchor, failure: Failure, now: datetime, report: FlushReport) -> None:
        """Retry later; after a definite no from Slack, or a few failed tries, the card is failed for good
        (recorded, its facilitator told) and left alone: its round carries on without it."""
        report.errors.append(f"{anchor.key}: {failure.reason}")
        log.warning("live message %s not sent: %s", anchor.key, failure.reason)
        if failure.retry_after is not None:
            # A card not yet posted waited on chat.postMessage (per channel); an edit on chat.update.
            bucket = f"post:{anchor.channel_id}" if anchor.ts is None else f"update:{anchor.team_id}"
            self.budget.block(bucket, now + failure.retry_after)
        with self.db.session() as s:
            row = s.get(MessageAnchor, anchor.key)
            if row is None:
                return
            row.claimed_until = None
            if failure.uncertain and row.ts is None:
                row.post_uncertain = True
            retry_in = failure.retry_after
            if retry_in is None:  # Slack's pace is not the card's fault: a 429 never counts
                record = record_failed if failure.permanent else record_attempt
                tried = record(
                    s,
                    kind=Kind.CARD,
                    item=row.key,
                    team_id=row.team_id,
                    error=failure.reason,
                    now=now,
                    first_at=row.updated_at,
                )
                retry_in = None if tried.status == Status.FAILED else backoff(tried.attempts)
            if retry_in is None:
                row.failed_at = now
                row.rendered_seq = row.wanted_seq  # nothing more can be done for this message
                report.failed += 1
            else:
                row.not_before = now + retry_in
                report.deferred += 1
            s.add(row)


def _plain_may_help(failure: Failure) -> bool:
    """Slack refused the card's content (or it could not be built): its plain form may well go through."""
    return failure.reason in REFUSED_CONTENT or not failure.reason.islower()
