"""The gateway against the local Slack: order within a lane, priorities, retries, permanent failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

from bot.clock import FakeClock
from bot.runtime import RENDERERS, make_client
from bot.slack.effects import PRIORITY_BULK, PRIORITY_LIVE, Rendered, enqueue_dm, enqueue_post
from bot.slack.gateway import Gateway
from bot.slack.lookup import marker
from localslack import Faults
from storage.db import Database
from storage.platform import DirectChannel, Outbox
from tests.harness import ANA, CHANNEL, TEAM, TOKEN


def gateway(database: Database, slack: Any) -> Gateway:
    return Gateway(db=database, client=make_client(TOKEN, slack.api_url, timeout=2), renderers=RENDERERS)


def post(
    database: Database, clock: FakeClock, key: str, *, priority: int = 1, channel: str = CHANNEL
) -> None:
    with database.session() as s:
        enqueue_post(
            s,
            dedupe_key=key,
            team_id=TEAM,
            channel_id=channel,
            message=Rendered(text=key),
            now=clock.now(),
            priority=priority,
        )


def test_messages_in_a_channel_leave_in_order_and_once(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    for n in range(6):
        post(database, clock, f"m{n}")
    post(database, clock, "m0")  # the same effect written twice is one message
    out = gateway(database, slack)
    for _ in range(10):
        out.flush(clock.now())
        clock.advance(1)
    assert [m.text for m in ws.messages(CHANNEL)] == [f"m{n}" for n in range(6)]
    assert all(c.status == 200 for c in slack.calls_to("chat.postMessage"))


def test_live_lanes_go_before_bulk_lanes(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    ws.add_channel("C_OTHER", "other", members=[ANA])
    post(database, clock, "bulk", priority=PRIORITY_BULK, channel="C_OTHER")
    post(database, clock, "live", priority=PRIORITY_LIVE)
    gateway(database, slack).flush(clock.now())
    assert [c.params.get("text") for c in slack.calls_to("chat.postMessage")] == ["live", "bulk"]


def test_a_429_waits_for_retry_after_then_delivers(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    slack.faults = Faults(rate_limit_ratio=1.0, retry_after=3, methods={"chat.postMessage"})
    post(database, clock, "hello")
    out = gateway(database, slack)
    out.flush(clock.now())
    slack.faults = Faults()
    clock.advance(2)
    out.flush(clock.now())
    assert ws.messages(CHANNEL) == []  # Retry-After not yet over
    clock.advance(1.5)
    out.flush(clock.now())
    assert [m.text for m in ws.messages(CHANNEL)] == ["hello"]


def test_a_429_on_a_dm_holds_that_persons_dms_and_they_resume_one_at_a_time(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    slack.faults = Faults(rate_limit_ratio=1.0, retry_after=3, methods={"chat.postMessage"})
    with database.session() as s:
        for n in range(3):
            enqueue_dm(
                s, dedupe_key=f"dm{n}", team_id=TEAM, user_id=ANA, message=Rendered(f"dm{n}"), now=clock.now()
            )
    out = gateway(database, slack)
    out.flush(clock.now())
    slack.faults = Faults()
    clock.advance(3.5)
    out.flush(clock.now())
    # Slack asked us to wait on this DM: once the wait is over, one message goes, not a burst of three.
    assert [m.text for m in ws.dm_with(ANA)] == ["dm0"]
    clock.advance(1)
    out.flush(clock.now())
    assert [m.text for m in ws.dm_with(ANA)] == ["dm0", "dm1"]


def test_server_errors_back_off_and_permanent_errors_stop(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    post(database, clock, "nowhere", channel="C_MISSING")
    with database.session() as s:
        enqueue_dm(
            s, dedupe_key="dm", team_id=TEAM, user_id=ANA, message=Rendered(text="hi"), now=clock.now()
        )
    slack.faults = Faults(server_error_ratio=1.0, methods={"conversations.open"})
    out = gateway(database, slack)
    out.flush(clock.now())
    slack.faults = Faults()
    clock.advance(1)
    out.flush(clock.now())
    assert ws.dm_with(ANA) == []  # still backing off
    clock.advance(2)
    out.flush(clock.now())
    assert [m.text for m in ws.dm_with(ANA)] == ["hi"]
    with database.session() as s:
        failed = s.exec(select(Outbox).where(Outbox.dedupe_key == "nowhere")).one()
    assert (failed.status, failed.last_error) == ("failed", "channel_not_found")


def claimed_by_a_dead_sender(database: Database, slack: Any, clock: FakeClock, key: str) -> tuple[Any, str]:
    """A DM row as a sender left it when it died: claimed for 30 s, its DM channel known."""
    with database.session() as s:
        enqueue_dm(s, dedupe_key=key, team_id=TEAM, user_id=ANA, message=Rendered(text="hi"), now=clock.now())
    client = make_client(TOKEN, slack.api_url, timeout=2)
    channel = client.conversations_open(users=ANA)["channel"]["id"]
    with database.session() as s:
        row = s.exec(select(Outbox)).one()
        row.claimed_until, row.channel_id = clock.now() + timedelta(seconds=30), channel
        s.add(row)
    return client, channel


def test_a_sender_that_died_after_posting_is_not_repeated(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    """kill -9 between Slack's answer and the row being marked sent: the next sender looks, finds, stops."""
    slack, ws = local_slack
    # What the dead sender did: claim the row, post the message (with its marker), then die.
    client, channel = claimed_by_a_dead_sender(database, slack, clock, "nudge-1")
    client.chat_postMessage(channel=channel, text="hi", metadata=marker("nudge-1"))
    out = gateway(database, slack)
    out.flush(clock.now())
    assert len(ws.dm_with(ANA)) == 1  # the claim still holds: nobody touches the row
    clock.advance(31)
    out.flush(clock.now())
    clock.advance(5)
    out.flush(clock.now())
    assert [m.text for m in ws.dm_with(ANA)] == ["hi"]
    with database.session() as s:
        assert s.exec(select(Outbox)).one().status == "sent"


def test_a_sender_that_died_before_posting_is_finished_by_the_next(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    claimed_by_a_dead_sender(database, slack, clock, "nudge-2")
    out = gateway(database, slack)
    clock.advance(31)
    out.flush(clock.now())
    clock.advance(5)
    out.flush(clock.now())
    assert [m.text for m in ws.dm_with(ANA)] == ["hi"]


def test_a_stale_dm_channel_is_opened_afresh_and_the_dm_still_arrives(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    """A DM channel id remembered from before (another install, a restored backup) that Slack no longer
    knows must not lose the message: the sender forgets it, opens the DM again and delivers once."""
    slack, ws = local_slack
    with database.session() as s:
        s.add(DirectChannel(team_id=TEAM, user_id=ANA, channel_id="D0STALE"))
        enqueue_dm(
            s, dedupe_key="digest", team_id=TEAM, user_id=ANA, message=Rendered(text="hi"), now=clock.now()
        )
    out = gateway(database, slack)
    for _ in range(3):
        out.flush(clock.now())
        clock.advance(1)
    assert [m.text for m in ws.dm_with(ANA)] == ["hi"]
    with database.session() as s:
        remembered = s.get(DirectChannel, (TEAM, ANA))
        row = s.exec(select(Outbox)).one()
    assert remembered is not None
    assert remembered.channel_id == ws.dm_with(ANA)[0].channel
    assert row.status == "sent"


def test_the_same_effect_written_twice_in_one_transaction_is_one_row(
    database: Database, clock: FakeClock
) -> None:
    with database.session() as s:
        for _ in range(2):
            enqueue_dm(
                s, dedupe_key="twice", team_id=TEAM, user_id=ANA, message=Rendered(text="hi"), now=clock.now()
            )
        enqueue_post(
            s,
            dedupe_key="twice",
            team_id=TEAM,
            channel_id=CHANNEL,
            message=Rendered(text="hi"),
            now=clock.now(),
        )
    with database.read() as s:
        rows = s.exec(select(Outbox)).all()
    assert [(r.dedupe_key, r.kind, r.status) for r in rows] == [("twice", "dm", "pending")]
