"""A rotating token is refreshed before it expires, by slack_sdk's TokenRotator, once however many senders
need it at the same moment; every call still takes a live token of its own workspace."""

from __future__ import annotations

import threading
from datetime import timedelta

from bot.clock import FakeClock
from bot.oauth import OAuthConfig, build_install
from bot.runtime import make_client
from bot.slack.tokens import REFRESH_BEFORE
from localslack import Call
from storage.db import Database
from tests.install_harness import CLIENT_ID, CLIENT_SECRET, Installs, installs


def refreshes(world: Installs) -> list[Call]:
    calls = world.slack.calls_to("oauth.v2.access")
    return [c for c in calls if c.params.get("grant_type") == "refresh_token"]


def test_a_background_send_refreshes_an_expiring_token_and_stores_it(
    database: Database, clock: FakeClock
) -> None:
    with installs(database, clock, rotation=True) as world:
        world.add_to_slack("T0SOLO")
        first = world.install.store.find_bot(enterprise_id=None, team_id="T0SOLO")
        assert first is not None
        assert first.bot_token is not None
        assert first.bot_token.startswith("xoxe.xoxb-")
        assert first.bot_refresh_token
        world.start_round("T0SOLO")
        world.advance(1)
        assert refreshes(world) == []
        # Twelve hours on, less than the refresh margin: the next send refreshes first.
        clock.advance(
            (first.bot_token_expires_at or 0) - clock.now().timestamp() - REFRESH_BEFORE.total_seconds() + 60
        )
        world.start_round("T0SOLO")
        world.advance(21)
        assert len(refreshes(world)) == 1
        stored = world.install.store.find_bot(enterprise_id=None, team_id="T0SOLO")
        assert stored is not None
        assert stored.bot_token != first.bot_token
        assert stored.bot_token_expires_at is not None
        assert stored.bot_token_expires_at > clock.now().timestamp() + 11 * 3600
        later = [c for c in world.token_calls() if c.at > clock.now() - timedelta(seconds=20)]
        assert later
        assert {c.token for c in later} == {stored.bot_token}
        assert world.wrong_token_calls() == []
        assert [c for c in world.token_calls() if not c.response.get("ok")] == []


def test_a_request_and_a_background_send_racing_to_refresh_keep_one_live_token(
    database: Database, clock: FakeClock
) -> None:
    with installs(database, clock, rotation=True) as world:
        world.add_to_slack("T0SOLO")
        bot = world.install.store.find_bot(enterprise_id=None, team_id="T0SOLO")
        assert bot is not None
        clock.advance((bot.bot_token_expires_at or 0) - clock.now().timestamp() - 60)
        api_url = world.slack.api_url
        # A second replica: its own cache and refresh-lock holder, the same database and Slack.
        other = build_install(
            OAuthConfig(CLIENT_ID, CLIENT_SECRET, None, authorize_url=world.slack.authorize_url),
            db=database,
            clock=clock,
            api_url=api_url,
            make_client=lambda token: make_client(token, api_url, timeout=5),
        ).installed
        racers = [world.install.installed, other] * 3
        tokens: list[str] = []
        errors: list[BaseException] = []
        start = threading.Barrier(len(racers))

        def race(installed: object) -> None:
            try:
                start.wait()
                tokens.append(installed.client("T0SOLO").token or "")  # type: ignore[attr-defined]
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=race, args=(r,)) for r in racers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        assert len(refreshes(world)) == 1  # one refresher; the others read what it stored
        assert [c for c in refreshes(world) if not c.response.get("ok")] == []
        stored = world.install.store.find_bot(enterprise_id=None, team_id="T0SOLO")
        assert stored is not None
        assert set(tokens) == {stored.bot_token}
        # The stored token works, after the old one would have expired.
        clock.advance(120)
        world.start_round("T0SOLO")
        world.advance(1)
        assert world.wrong_token_calls() == []
        assert [c for c in world.token_calls() if not c.response.get("ok")] == []
