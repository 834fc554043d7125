"""Several lanes sent at once: order within each lane, priorities between them, and no row sent twice."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from sqlmodel import select

from bot.clock import FakeClock
from bot.runtime import RENDERERS, make_client
from bot.slack.effects import PRIORITY_BULK, PRIORITY_LIVE, Rendered, enqueue_post
from bot.slack.gateway import Gateway
from storage.db import Database
from storage.platform import Outbox
from tests.harness import ANA, TEAM, TOKEN

CHANNELS = [f"C_LANE{n}" for n in range(8)]


def gateway(database: Database, slack: Any, workers: int) -> Gateway:
    client = make_client(TOKEN, slack.api_url, timeout=5)
    return Gateway(db=database, client=client, renderers=RENDERERS, send_workers=workers)


def fill(database: Database, clock: FakeClock, ws: Any, per_channel: int, priority: int = 1) -> None:
    for channel in CHANNELS:
        if channel not in ws.channels:
            ws.add_channel(channel, channel.lower(), members=[ANA])
    with database.session() as s:
        for n in range(per_channel):
            for channel in CHANNELS:  # interleaved ids, as rounds in many channels write them
                key = f"{channel}:{priority}:{n}"
                message = Rendered(text=key)
                enqueue_post(
                    s,
                    dedupe_key=key,
                    team_id=TEAM,
                    channel_id=channel,
                    message=message,
                    now=clock.now(),
                    priority=priority,
                )


def test_each_lane_keeps_its_order_with_several_workers(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    fill(database, clock, ws, per_channel=6)
    out = gateway(database, slack, workers=4)
    for _ in range(8):  # about one a second per channel: six messages need a few flushes
        out.flush(clock.now())
        clock.advance(1)
    for channel in CHANNELS:
        assert [m.text for m in ws.messages(channel)] == [f"{channel}:1:{n}" for n in range(6)]
    assert all(c.status == 200 for c in slack.calls_to("chat.postMessage"))


def test_live_lanes_all_go_before_any_bulk_lane_with_several_workers(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    ws.add_channel("C_BULK", "bulk", members=[ANA])
    with database.session() as s:
        enqueue_post(
            s,
            dedupe_key="bulk",
            team_id=TEAM,
            channel_id="C_BULK",
            message=Rendered(text="bulk"),
            now=clock.now(),
            priority=PRIORITY_BULK,
        )
    fill(database, clock, ws, per_channel=1, priority=PRIORITY_LIVE)
    gateway(database, slack, workers=4).flush(clock.now())
    texts = [c.params.get("text") for c in slack.calls_to("chat.postMessage")]
    assert len(texts) == len(CHANNELS) + 1
    assert texts[-1] == "bulk"


def test_two_senders_flushing_at_once_never_send_a_row_twice(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    fill(database, clock, ws, per_channel=3)
    senders = [gateway(database, slack, workers=4) for _ in range(2)]
    threads = [threading.Thread(target=g.flush, args=(clock.now(),)) for g in senders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    # A flush cut short on a loaded machine leaves the rest to later flushes: once claims have expired,
    # rows are looked up in Slack before any resend, so the total is still one of each.
    for _ in range(3):
        clock.advance(31)
        senders[0].flush(clock.now())
    sent = Counter(c.params.get("text") for c in slack.calls_to("chat.postMessage"))
    assert set(sent.values()) == {1}
    assert len(sent) == 3 * len(CHANNELS)
    with database.read() as s:
        rows = s.exec(select(Outbox)).all()
    # Marked together after the sends: each with its own ts, none left claimed.
    assert {(r.status, r.claimed_until, r.attempts) for r in rows} == {("sent", None, 1)}
    assert len({r.result_ts for r in rows if r.result_ts}) == len(rows)
    for channel in CHANNELS:
        assert [m.text for m in ws.messages(channel)] == [f"{channel}:1:{n}" for n in range(3)]


def test_rows_claimed_but_not_sent_are_given_back_at_once(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    """Six messages a channel, about one a second allowed: the rest were claimed with their lane and must
    not stay held for the claim's 30 s (they would then be looked up as a dead sender's)."""
    slack, ws = local_slack
    fill(database, clock, ws, per_channel=6)
    report = gateway(database, slack, workers=4).flush(clock.now())
    with database.read() as s:
        rows = s.exec(select(Outbox)).all()
    waiting = [r for r in rows if r.status == "pending"]
    assert report.sent == len(rows) - len(waiting) > 0
    assert waiting
    assert all(r.claimed_until is None for r in rows)


def test_a_row_another_sender_marked_uncertain_is_looked_up_not_sent_again(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    """Read as pending, then marked uncertain by another sender before the claim: claiming it as pending
    would post it blind a second time."""
    slack, ws = local_slack
    fill(database, clock, ws, per_channel=1)
    out = gateway(database, slack, workers=4)
    rows, _, _ = out.outbox._waiting_rows()
    with database.session() as s:
        for row in s.exec(select(Outbox)).all():
            row.status = "uncertain"
            s.add(row)
    lanes = [[row] for row in rows]
    assert out.outbox._claim(lanes, clock.now()) == set()
    assert slack.calls_to("chat.postMessage") == []
