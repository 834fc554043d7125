"""PostgreSQL unreachable for 30 s mid-round: people are told nothing was saved (never a false success),
thread replies are delivered again by Slack and kept, and the round's timers resume when it is back."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from bot.clock import FakeClock
from bot.ids import AssessAction
from localslack import LocalSlack, Workspace
from scheduler.ticker import Ticker
from storage.db import Database
from tests.faults.tcp_proxy import TcpProxy
from tests.harness import ANA, CHANNEL, FAC, PIA, BotUnderTest, block_text, running_bot

PG_URL = os.environ.get("COACHBOT_TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(PG_URL is None, reason="needs PostgreSQL: set COACHBOT_TEST_DATABASE_URL")


@pytest.fixture
def proxied(
    local_slack: tuple[LocalSlack, Workspace], postgres_ready: str, clock: FakeClock
) -> Iterator[tuple[BotUnderTest, TcpProxy]]:
    url = make_url(postgres_ready)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432)).start()
    db = Database(url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
    with db.engine.begin() as conn:  # a clean slate: other tests share this database
        tables = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)  # every table, caches too
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    try:
        with running_bot(*local_slack, db, clock) as bot:
            yield bot, proxy
    finally:
        proxy.stop()
        db.dispose()


def _health(bot: BotUnderTest) -> int:
    try:
        with urllib.request.urlopen(f"{bot.server.url}/healthz", timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _latest_ephemeral(bot: BotUnderTest, user: str) -> str:
    shown = bot.ws.ephemerals(user_id=user)
    return shown[-1].text or "" if shown else ""


def test_thirty_seconds_without_the_database(proxied: tuple[BotUnderTest, TcpProxy]) -> None:
    bot, proxy = proxied
    ticker = Ticker(bot.services)  # its tick, not the test's: a failed tick must not stop the next
    bot.command(f"<@{ANA}> timing=20s,20s,20s,20s,20s")
    ticker.tick()
    card = bot.card()
    bot.clock.advance(10)
    ticker.tick()

    proxy.cut()
    assert _health(bot) == 503
    status = bot.command("status")
    assert "cannot reach my database" in json.dumps(status.json or {}) + _latest_ephemeral(bot, FAC)
    bot.ws.click_button(FAC, CHANNEL, card.ts, AssessAction.PAUSE)
    assert "nothing was saved" in _latest_ephemeral(bot, FAC)
    _, reply = bot.ws.post_message(PIA, CHANNEL, "Asked while the database was down", thread_ts=card.ts)
    assert reply.status != 200  # not acknowledged, so Slack will deliver it again
    for _ in range(30):  # the scheduler keeps trying every second
        bot.clock.advance(1)
        ticker.tick()

    proxy.restore()
    assert _health(bot) == 200
    ticker.tick()
    ticker.refresh_cards()  # the card's own job, beside due work
    text = block_text(bot.message(card.ts).blocks)
    assert "*Now: Peer feedback*" in text  # the phase that ended during the outage (at 0:40) did end
    assert "Paused" not in text  # the pause that was refused did not half-happen
    bot.ws.redeliver(reply, reason="http_error", retry_num=1)
    for _ in range(70):  # to the end of the round, a tick a second
        bot.clock.advance(1)
        ticker.tick()
    digest = "\n".join(block_text(m.blocks) for m in bot.ws.dm_with(ANA))
    assert "Asked while the database was down" in digest
    thread = "\n".join(bot.thread_texts(card))
    assert [thread.count(f"Phase {n} of 5") for n in range(1, 6)] == [1, 1, 1, 1, 1]
