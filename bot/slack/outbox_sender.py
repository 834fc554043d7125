"""The outbox: one-shot messages sent exactly once in effect, in order within each channel or DM."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from functools import partial

from slack_sdk.web import SlackResponse
from sqlalchemy import and_, or_
from sqlmodel import col, select, update

from bot.failures import CARD_NOT_POSTED, Kind, record_failed
from bot.privacy.workspace import stopped_teams
from bot.slack.budget import Budget
from bot.slack.delivery import (
    CLAIM_FOR,
    FlushReport,
    NoBudget,
    backoff,
    give_back_post_budget,
    in_parallel,
    take_post_budget,
)
from bot.slack.effects import PRIORITY_LIVE, WAITING, OutboxKind, OutboxStatus, load_payload
from bot.slack.errors import Failure, classify_any
from bot.slack.lanes import DEFAULT_SEND_WORKERS, LaneFlush, by_priority, group_lanes
from bot.slack.lookup import find_sent, marker
from bot.slack.tokens import Workspaces
from bot.watch.metrics import Metrics
from storage.db import Database
from storage.platform import DirectChannel, MessageAnchor, Outbox
from storage.types import row_id

log = logging.getLogger(__name__)

# After this many failed look-ups an unknown outcome is recorded rather than retried forever.
MAX_LOOKUPS = 5
# Tries before a message that Slack keeps failing (5xx, time-outs) is failed for good: with backoff
# (2, 4 ... 256 s) that is about eight minutes. 429s do not count.
MAX_SEND_ATTEMPTS = 8
# Lanes claimed (in one statement) and sent per batch: a bound on the rows a flush holds at once, so a
# long backlog that the budget lets out slowly is not claimed and given back whole every tick.
CLAIM_BATCH = 100


class OutboxSender:
    def __init__(
        self,
        *,
        db: Database,
        workspaces: Workspaces,
        budget: Budget,
        workers: int = DEFAULT_SEND_WORKERS,
        metrics: Metrics | None = None,
    ) -> None:
        self.db, self.workspaces, self.budget = db, workspaces, budget
        self.workers = workers
        self.metrics = metrics or Metrics()
        self._dm_channels: dict[tuple[str, str], str] = {}

    def send_due(
        self, now: datetime, report: FlushReport, *, until: float | None = None, began: float | None = None
    ) -> None:
        """Send waiting rows in lane order until the budget or `until` (monotonic) runs out. Budgets refill
        by the time actually spent here, so a long backlog drains at the allowed rate, not in bursts.
        Lanes go out on up to `workers` threads, each lane on one thread at a time, so order holds."""
        rows, thread_ts, lost_threads = self._waiting_rows()
        # A message whose thread's card could never be posted cannot go where it belongs: it leaves its
        # lane rather than hold every later message in the channel (the card's failure was reported).
        orphans = [row for row in rows if row.thread_anchor in lost_threads]
        if orphans:
            self._orphaned(orphans, report)
            rows = [row for row in rows if row.thread_anchor not in lost_threads]
        started = time.monotonic() if began is None else began
        flush = LaneFlush(now=now, started=started, until=until, thread_ts=thread_ts)
        lanes = group_lanes(rows)
        try:
            self._send_lanes(lanes, flush, report)
        finally:
            flush.sent.write(self.db)

    def _send_lanes(self, lanes: list[list[Outbox]], flush: LaneFlush, report: FlushReport) -> None:
        # A priority level finishes before the next starts, so a bulk lane never overtakes a live one.
        for level in by_priority(lanes):
            for first in range(0, len(level), CLAIM_BATCH):
                if flush.out_of_time():
                    report.deferred += sum(len(lane) for lane in level[first:])
                    return
                batch = level[first : first + CLAIM_BATCH]
                ready = [rows for lane in batch if (rows := self._ready(lane, flush))]
                claimed = self._claim(ready, flush.now)
                heads = [rows for lane in ready if (rows := _claimed_prefix(lane, claimed))]
                in_parallel(heads, partial(self._send_lane, flush=flush), workers=self.workers, report=report)
                # Marks what was sent, and gives back the claims of rows that did not go, so that they are
                # not taken for a dead sender's; before the next batch, so a crash loses the fewest marks.
                flush.sent.write(self.db, release=claimed, held_until=flush.now + CLAIM_FOR)

    def _ready(self, lane: list[Outbox], flush: LaneFlush) -> list[Outbox]:
        """The rows at the head of the lane that may go now: due, and their thread's card posted."""
        ready = []
        for row in lane:
            if flush.closed(row.team_id) or row.not_before > flush.now:
                break
            if row.thread_anchor and not flush.thread_ts.get(row.thread_anchor):
                break
            ready.append(row)
        return ready

    def _send_lane(self, lane: list[Outbox], report: FlushReport, *, flush: LaneFlush) -> None:
        """The lane's claimed rows in order; the first that does not go out now stops the lane."""
        now = flush.now
        for row in lane:
            if flush.out_of_time():
                report.deferred += 1
                return
            if flush.closed(row.team_id):
                return
            anchor_ts = flush.thread_ts.get(row.thread_anchor or "")
            budget_now = flush.budget_now()
            refused = self._take_budget(row, budget_now)
            if refused is NoBudget.WORKSPACE:
                flush.close(row.team_id)  # nothing else in the workspace may go out now either
                report.deferred += 1
                return
            if refused is NoBudget.CHANNEL:
                report.deferred += 1
                return
            if row.claimed_until is not None and row.channel_id and row.kind != OutboxKind.EPHEMERAL:
                # An expired claim: the replica that held it died mid-send, so the message may be in
                # Slack already. Look before sending again.
                row.status = OutboxStatus.UNCERTAIN
            if row.status == OutboxStatus.UNCERTAIN:
                self._give_back(row, budget_now)  # a look-up is not a post
                self._resolve(row, anchor_ts, now, report)
                return
            if not self._deliver(row, anchor_ts, flush, report):
                return

    def _waiting_rows(self) -> tuple[list[Outbox], dict[str, str], set[str]]:
        """Waiting rows in id order; the ts of each thread they go into; threads whose card failed."""
        with self.db.read() as s:
            rows = list(
                s.exec(select(Outbox).where(col(Outbox.status).in_(WAITING)).order_by(col(Outbox.id))).all()
            )
            stopped = stopped_teams(s)  # uninstalled workspaces: their rows wait, unsent and unfailed
            rows = [r for r in rows if r.team_id not in stopped] if stopped else rows
            keys = {r.thread_anchor for r in rows if r.thread_anchor}
            anchors = (
                s.exec(select(MessageAnchor).where(col(MessageAnchor.key).in_(keys))).all() if keys else []
            )
        lost = {a.key for a in anchors if a.ts is None and a.failed_at is not None}
        return rows, {a.key: a.ts for a in anchors if a.ts}, lost

    def _orphaned(self, rows: list[Outbox], report: FlushReport) -> None:
        report.failed += len(rows)
        with self.db.session() as s:
            s.exec(
                update(Outbox)
                .where(col(Outbox.id).in_([r.id for r in rows]))
                .values(status=OutboxStatus.FAILED, last_error=CARD_NOT_POSTED, claimed_until=None)
            )

    def _deliver(self, row: Outbox, thread_ts: str | None, flush: LaneFlush, report: FlushReport) -> bool:
        now = flush.now
        try:
            message = load_payload(row)
            channel = self._channel_for(row)
        except Exception as exc:  # opening a DM changes nothing people see: always safe to retry
            self._failed(row, classify_any(exc), now, report, may_have_sent=False)
            return False
        try:
            response = self._post(row, channel, thread_ts, message.text, message.blocks)
        except Exception as exc:  # classified: retried, looked up, or recorded as failed
            self._failed(row, classify_any(exc), now, report, may_have_sent=True)
            return False
        flush.sent.add(row_id(row), response.get("ts") or response.get("message_ts"), now, row.attempts + 1)
        report.sent += 1
        # A live message (a phase announcement) is as late as the instant it reports: its created_at.
        late = flush.budget_now() - row.created_at if row.priority == PRIORITY_LIVE else None
        self.metrics.sent("message", late=late)
        return True

    def _post(
        self, row: Outbox, channel: str, thread_ts: str | None, text: str, blocks: list[dict[str, object]]
    ) -> SlackResponse:
        client = self.workspaces.client(row.team_id)
        if row.kind == OutboxKind.EPHEMERAL:
            return client.chat_postEphemeral(
                channel=channel, user=row.user_id or "", text=text, blocks=blocks
            )
        return client.chat_postMessage(
            channel=channel, text=text, blocks=blocks, thread_ts=thread_ts, metadata=marker(row.dedupe_key)
        )

    def _resolve(self, row: Outbox, thread_ts: str | None, now: datetime, report: FlushReport) -> None:
        """A send timed out after it left: look for the message before deciding to send it again."""
        try:
            ts = find_sent(
                self.workspaces.client(row.team_id),
                channel=row.channel_id or "",
                key=row.dedupe_key,
                since=row.created_at,
                thread_ts=thread_ts,
            )
        except Exception:  # Slack could not be asked; try again later, record after MAX_LOOKUPS
            lookups = row.attempts + 1
            if lookups > MAX_LOOKUPS + 1:
                log.error("message %s: outcome unknown after %d look-ups", row.dedupe_key, MAX_LOOKUPS)
                self._fail_for_good(row, "outcome_unknown", now, report, attempts=lookups)
            else:
                self._update(row, attempts=lookups, not_before=now + backoff(lookups))
            return
        if ts is not None:
            self._mark_sent(row, ts, now, attempts=row.attempts)
            report.resolved += 1
        else:
            self._update(row, status=OutboxStatus.PENDING, not_before=now)  # it never arrived: send it again

    def _failed(
        self, row: Outbox, failure: Failure, now: datetime, report: FlushReport, *, may_have_sent: bool
    ) -> None:
        self.metrics.not_sent("message", failure)
        attempts = row.attempts + 1
        if row.kind == OutboxKind.DM and failure.reason == "channel_not_found" and row.attempts == 0:
            self._forget_dm_channel(row)  # a remembered DM id Slack no longer knows: open the DM afresh
            self._update(row, attempts=attempts, channel_id=None, last_error=failure.reason, not_before=now)
            report.deferred += 1
            log.warning(
                "message %s: DM channel %s unknown to Slack, opening it again", row.dedupe_key, row.channel_id
            )
            return
        if failure.retry_after is not None and row.kind != OutboxKind.EPHEMERAL:
            # The same key the budget is taken under (the lane's channel or person), so the wait
            # applies to every later message in the lane, including DMs whose channel is not known yet.
            self.budget.block(f"post:{_lane_target(row)}", now + failure.retry_after)
        report.errors.append(f"outbox {row.dedupe_key}: {failure.reason}")
        log.warning("message %s not sent (attempt %d): %s", row.dedupe_key, attempts, failure.reason)
        # Slack's pace is not the message's fault: a 429 never counts towards giving up.
        used_up = failure.retry_after is None and attempts >= MAX_SEND_ATTEMPTS
        if failure.permanent or used_up:
            self._fail_for_good(row, failure.reason, now, report, attempts=attempts)
            return
        values: dict[str, object] = {"attempts": attempts, "last_error": failure.reason}
        if failure.uncertain and may_have_sent:
            if row.kind == OutboxKind.EPHEMERAL:  # cannot be looked up, and must not be shown twice
                self._fail_for_good(row, "outcome_unknown", now, report, attempts=attempts)
                return
            values |= {"status": OutboxStatus.UNCERTAIN, "not_before": now + timedelta(seconds=2)}
        else:
            values["not_before"] = now + (failure.retry_after or backoff(attempts))
        report.deferred += 1
        self._update(row, **values)

    def _fail_for_good(
        self, row: Outbox, reason: str, now: datetime, report: FlushReport, *, attempts: int
    ) -> None:
        """The message will not be sent: it leaves its lane (later messages go on) and is recorded, which
        tells the person it concerns once (bot/failures.py)."""
        report.failed += 1
        with self.db.session() as s:
            s.exec(
                update(Outbox)
                .where(col(Outbox.id) == row.id)
                .values(status=OutboxStatus.FAILED, attempts=attempts, last_error=reason, claimed_until=None)
            )
            record_failed(
                s,
                kind=Kind.MESSAGE,
                item=row.dedupe_key,
                team_id=row.team_id,
                error=reason,
                now=now,
                first_at=row.created_at,
            )

    def _channel_for(self, row: Outbox) -> str:
        if row.kind != OutboxKind.DM:
            return row.channel_id or ""
        if row.channel_id:
            return row.channel_id
        channel = self._dm_channel(row.team_id, row.user_id or "")
        with self.db.session() as s:  # so a look-up after a timeout knows where to look; the claim stays
            s.exec(update(Outbox).where(col(Outbox.id) == row.id).values(channel_id=channel))
        row.channel_id = channel
        return channel

    def _dm_channel(self, team_id: str, user_id: str) -> str:
        cached = self._dm_channels.get((team_id, user_id))
        if cached is not None:
            return cached
        channel_id = self._open_dm(team_id, user_id)
        self._dm_channels[(team_id, user_id)] = channel_id  # a person's DM with the bot never changes
        return channel_id

    def _forget_dm_channel(self, row: Outbox) -> None:
        key = (row.team_id, row.user_id or "")
        self._dm_channels.pop(key, None)
        with self.db.session() as s:
            known = s.get(DirectChannel, key)
            if known is not None and known.channel_id == row.channel_id:
                s.delete(known)

    def _open_dm(self, team_id: str, user_id: str) -> str:
        with self.db.read() as s:
            known = s.get(DirectChannel, (team_id, user_id))
            if known is not None:
                return known.channel_id
        opened = self.workspaces.client(team_id).conversations_open(users=user_id)
        channel_id = str(opened["channel"]["id"])
        with self.db.session() as s:
            if s.get(DirectChannel, (team_id, user_id)) is None:
                s.add(DirectChannel(team_id=team_id, user_id=user_id, channel_id=channel_id))
        return channel_id

    def _take_budget(self, row: Outbox, now: datetime) -> NoBudget | None:
        if row.kind == OutboxKind.EPHEMERAL:
            return None  # Tier 4, one person at a time: no channel pacing applies
        return take_post_budget(self.budget, row.team_id, _lane_target(row), now)

    def _give_back(self, row: Outbox, now: datetime) -> None:
        if row.kind != OutboxKind.EPHEMERAL:
            give_back_post_budget(self.budget, row.team_id, _lane_target(row), now)

    def _claim(self, lanes: list[list[Outbox]], now: datetime) -> set[int]:
        """Claim the rows in one statement; returns the ids this sender now holds. A row is taken only in
        the status it was read in, so one another sender has since marked uncertain is looked up, not
        sent blind, and only when no live claim holds it."""
        rows = [row for lane in lanes for row in lane]
        if not rows:
            return set()
        table = Outbox.__table__  # type: ignore[attr-defined]
        as_read = [
            and_(table.c.id.in_([r.id for r in rows if r.status == status]), table.c.status == status)
            for status in WAITING
        ]
        free = or_(table.c.claimed_until.is_(None), table.c.claimed_until < now)
        statement = (
            update(table)
            .where(or_(*as_read))
            .where(free)
            .values(claimed_until=now + CLAIM_FOR)
            .returning(table.c.id)
        )
        with self.db.session() as s:
            return set(s.connection().execute(statement).scalars())

    def _mark_sent(self, row: Outbox, ts: str | None, now: datetime, *, attempts: int) -> None:
        self._update(
            row, status=OutboxStatus.SENT, sent_at=now, result_ts=ts, claimed_until=None, attempts=attempts
        )

    def _update(self, row: Outbox, **values: object) -> None:
        values.setdefault("claimed_until", None)
        with self.db.session() as s:
            s.exec(update(Outbox).where(col(Outbox.id) == row.id).values(**values))


def _claimed_prefix(lane: list[Outbox], claimed: set[int]) -> list[Outbox]:
    """The lane up to its first row this sender could not claim: order within a lane holds."""
    prefix = []
    for row in lane:
        if row.id not in claimed:
            break
        prefix.append(row)
    return prefix


def _lane_target(row: Outbox) -> str:
    """The channel id (channel:C…) or person (dm:U…) a lane sends to: the key of its post budget."""
    return row.lane.split(":", 1)[1]
