"""A card posted at once by its listener through the gateway (the first card of `/assess`), and file
uploads from the sources programmes register."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.clock import FakeClock
from bot.runtime import make_client
from bot.slack import uploads
from bot.slack.budget import Budget
from bot.slack.effects import Rendered, create_anchor, hold_for_listener
from bot.slack.gateway import Gateway
from storage.db import Database
from storage.platform import FailedWork, MessageAnchor
from tests.harness import CHANNEL, TEAM, TOKEN


def note(s: Session, ref: str, now: datetime) -> Rendered:
    return Rendered(text=f"note {ref}")


def gateway(database: Database, slack: Any, budget: Budget | None = None) -> Gateway:
    client = make_client(TOKEN, slack.api_url, timeout=2)
    return Gateway(db=database, client=client, renderers={"note": note}, budget=budget)


def held_card(database: Database, clock: FakeClock, key: str, channel: str = CHANNEL) -> None:
    with database.session() as s:
        anchor = create_anchor(
            s, key=key, team_id=TEAM, channel_id=channel, render_kind="note", render_ref=key, now=clock.now()
        )
        hold_for_listener(anchor, now=clock.now())


def anchor(database: Database, key: str) -> MessageAnchor:
    with database.read() as s:
        row = s.get(MessageAnchor, key)
        assert row is not None
        return row


def test_a_held_card_is_left_to_its_listener_which_posts_it_once(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    held_card(database, clock, "card:1")
    out = gateway(database, slack)
    out.flush(clock.now())
    assert ws.messages(CHANNEL) == []  # the flush leaves it to the listener
    assert out.post_card_now("card:1", clock.now()).posted
    clock.advance(11)
    out.flush(clock.now())
    assert [m.text for m in ws.messages(CHANNEL)] == ["note card:1"]
    assert anchor(database, "card:1").ts is not None


def test_a_listener_that_never_posts_leaves_the_card_to_the_flush_after_the_hold(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    held_card(database, clock, "card:1")
    out = gateway(database, slack)
    clock.advance(11)
    out.flush(clock.now())
    assert [m.text for m in ws.messages(CHANNEL)] == ["note card:1"]


def test_a_definite_no_is_returned_to_the_caller_not_recorded_as_a_failure(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, _ = local_slack
    held_card(database, clock, "card:quiet", channel="C0QUIET")
    outcome = gateway(database, slack).post_card_now("card:quiet", clock.now())
    assert (outcome.posted, outcome.refused) == (False, "not_in_channel")
    row = anchor(database, "card:quiet")
    assert (row.ts, row.failed_at, row.claimed_until, row.not_before) == (None, None, None, None)
    with database.read() as s:
        assert s.exec(select(FailedWork)).all() == []  # the caller undoes the start: nobody is told


def test_over_the_post_budget_the_card_waits_for_the_flush(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack
    budget = Budget()
    out = gateway(database, slack, budget)
    for n in range(4):
        held_card(database, clock, f"card:{n}")
    for n in range(3):  # a burst of three, then about one post a second per channel
        assert out.post_card_now(f"card:{n}", clock.now()).posted
    last = out.post_card_now("card:3", clock.now())
    assert (last.posted, last.refused) == (False, None)
    assert anchor(database, "card:3").not_before is None  # the hold ends: the flush may post it
    clock.advance(1.5)
    out.flush(clock.now())
    assert [m.text for m in ws.messages(CHANNEL)] == [f"note card:{n}" for n in range(4)]


@pytest.fixture
def sources() -> Any:
    saved = list(uploads.SOURCES)
    uploads.SOURCES.clear()
    yield uploads.SOURCES
    uploads.SOURCES[:] = saved


def test_a_source_that_fails_does_not_hold_up_another_programmes_uploads(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock, sources: Any
) -> None:
    slack, ws = local_slack
    settled: list[tuple[str, str | None]] = []

    def broken(s: Session, now: datetime) -> list[uploads.Upload]:
        raise ValueError("a bug in one programme")

    def charts(s: Session, now: datetime) -> list[uploads.Upload]:
        return [
            uploads.Upload(
                key="chart:1",
                team_id=TEAM,
                channel_id=CHANNEL,
                user_id=None,
                filename="chart.png",
                title="A chart",
                draw=lambda: b"png",
                first_at=now,
                settle=lambda s, key, status, at: settled.append((key, status)),
            )
        ]

    uploads.register(broken)
    uploads.register(charts)
    uploads.register(charts)  # once only
    assert gateway(database, slack).send_uploads(clock.now()) == 1
    assert settled == [("chart:1", "sent")]
    assert [f for f in ws.files.values() if CHANNEL in f.channels] != []
