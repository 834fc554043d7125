"""P8's harness: the installations it seeds are what coachbot's token look-up finds for each workspace, and
its count of calls made with another workspace's token catches one."""

from __future__ import annotations

import contextlib

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bench.common import add_room
from bench.p8_scale import CLIENT_ID, Watch, install, owners, team_id, token
from bot.clock import FakeClock
from bot.slack.tokens import Installed
from localslack import LocalSlack
from storage.db import Database


def test_each_seeded_workspace_is_found_with_its_own_token(database: Database, clock: FakeClock) -> None:
    slack = LocalSlack(clock=clock)
    spaces = install(slack, database.url, 3)
    assert len({team_id(n)[-2:] for n in range(500)}) == 500  # no two workspaces hand out the same ids
    installed = Installed(
        db=database,
        store=SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=database.engine),
        clock=clock,
        make_client=lambda t: WebClient(token=t),
    )
    assert [installed.client(ws.team_id).token for ws in spaces] == [token(n) for n in range(3)]


def test_a_call_with_another_workspaces_token_is_counted_once() -> None:
    with LocalSlack() as slack:
        first, second = (
            slack.add_workspace(team_id=team_id(n), name=f"W{n}", bot_token=token(n)) for n in range(2)
        )
        room_1, _ = add_room(first, 0)
        room_2, _ = add_room(second, 0)
        watch = Watch(slack, {token(n): team_id(n) for n in range(2)}, owners([first, second]))

        def post(tok: str, channel: str, key: str) -> None:
            client = WebClient(token=tok, base_url=slack.api_url, retry_handlers=[])
            metadata = {"event_type": "coachbot", "event_payload": {"key": key}}
            with contextlib.suppress(SlackApiError):
                client.chat_postMessage(channel=channel, text="hi", metadata=metadata)

        post(token(0), room_1, "a")
        post(token(1), room_2, "b")
        post(token(1), room_2, "b")  # the same key twice: a duplicate
        post(token(0), room_2, "c")  # the first workspace's token in the second's channel
        watch.update()
    assert (watch.calls, watch.foreign, watch.duplicates()) == (4, 1, 1)
    assert set(watch.seen) == {"a", "b"}
