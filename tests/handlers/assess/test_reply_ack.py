"""Thread replies in the app as `coachbot serve` builds it, where Bolt acknowledges events itself: the ack
comes only once the reply is stored, so a reply Slack has seen acknowledged is never lost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import select

from bot.app import build_app
from bot.httpserver import BackgroundServer, CoachbotWsgi
from storage.assess import CapturedReply
from tests.harness import ANA, CHANNEL, PIA, SECRET, BotUnderTest


@pytest.fixture
def served(bot: BotUnderTest) -> Iterator[tuple[BotUnderTest, str]]:
    """A live round's card, then Slack pointed at the app built with serve's defaults."""
    bot.command(f"<@{ANA}> timing=20s,20s,20s,20s,20s")
    bot.tick()
    card_ts = str(bot.card().ts)
    server = BackgroundServer(CoachbotWsgi(build_app(bot.services, signing_secret=SECRET), bot.db)).start()
    bot.ws.request_url = f"{server.url}/slack/events"
    try:
        yield bot, card_ts
    finally:
        server.stop()


def stored(bot: BotUnderTest) -> list[str]:
    with bot.db.read() as s:
        return [r.text for r in s.exec(select(CapturedReply)).all()]


def test_a_reply_is_stored_by_the_time_it_is_acknowledged(served: tuple[BotUnderTest, str]) -> None:
    bot, card_ts = served
    _, delivery = bot.ws.post_message(PIA, CHANNEL, "stored first", thread_ts=card_ts)
    assert delivery.status == 200
    assert stored(bot) == ["stored first"]  # no waiting: the ack came after the commit
    again = bot.ws.redeliver(delivery, reason="http_timeout", retry_num=1)
    assert again.status == 200
    assert stored(bot) == ["stored first"]


def test_a_reply_that_could_not_be_stored_is_not_acknowledged(served: tuple[BotUnderTest, str]) -> None:
    bot, card_ts = served
    with bot.db.engine.begin() as conn:  # the database refuses the write, as it would when full or failing
        conn.execute(text("ALTER TABLE captured_reply RENAME TO captured_reply_away"))
    try:
        _, delivery = bot.ws.post_message(PIA, CHANNEL, "kept on the retry", thread_ts=card_ts)
    finally:
        with bot.db.engine.begin() as conn:
            conn.execute(text("ALTER TABLE captured_reply_away RENAME TO captured_reply"))
    assert delivery.status == 500  # so Slack delivers it again
    assert bot.ws.redeliver(delivery, reason="http_error", retry_num=1).status == 200
    assert stored(bot) == ["kept on the retry"]


def test_a_reply_is_stored_in_one_statement_and_no_replay_lookup(served: tuple[BotUnderTest, str]) -> None:
    """Every reply's ack waits for its storing: one INSERT (which finds the round and the phase itself), no
    look-up by trigger_id in seen_event (events carry none; Slack's retries are caught by the reply's
    unique (channel, ts)) and no transaction for anything else."""
    bot, card_ts = served
    bot.ws.post_message(PIA, CHANNEL, "warm", thread_ts=card_ts)  # the uninstalled-workspace cache fills
    statements: list[str] = []

    def keep(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()[:3]))

    event.listen(bot.db.engine, "before_cursor_execute", keep)
    try:
        _, delivery = bot.ws.post_message(PIA, CHANNEL, "one statement", thread_ts=card_ts)
    finally:
        event.remove(bot.db.engine, "before_cursor_execute", keep)
    assert delivery.status == 200
    # BEGIN is a statement of its own on SQLite only; the cache re-reads uninstalled workspaces every 5 s.
    ours = [s for s in statements if not s.startswith("BEGIN") and "uninstalled_team" not in s]
    assert ours == ["INSERT INTO captured_reply"]
    assert stored(bot) == ["warm", "one statement"]
