"""Building the Bolt app at start-up stays cheap."""

from __future__ import annotations

import inspect
from typing import NoReturn

import pytest

from bot.app import build_app
from bot.clock import FakeClock
from bot.runtime import build_services, make_client
from localslack import LocalSlack, Workspace
from storage.db import Database
from tests.harness import SECRET, TOKEN


def test_the_app_is_built_without_walking_the_call_stack(
    local_slack: tuple[LocalSlack, Workspace],
    database: Database,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bolt reads the source of every calling frame to name an unnamed app: 35 ms of start-up."""

    def no_stack(*_args: object, **_kwargs: object) -> NoReturn:
        raise AssertionError("inspect.stack() was called while building the app")

    slack, _ = local_slack
    services = build_services(db=database, clock=clock, client=make_client(TOKEN, slack.api_url))
    monkeypatch.setattr(inspect, "stack", no_stack)
    app = build_app(services, signing_secret=SECRET)
    assert app.name == "coachbot"
