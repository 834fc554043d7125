"""Homes as effects (bot/slack/homes.py): asks merge into one views.publish after the settle; a Home that
cannot be built goes out plain; one Slack refuses waits for the next change; an uninstalled workspace gets
none."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from slack_sdk.models.views import View
from sqlmodel import Session

from bot.clock import FakeClock
from bot.home.service import home_tab
from bot.privacy.workspace import mark_uninstalled
from bot.runtime import make_client
from bot.slack.budget import Budget
from bot.slack.delivery import FlushReport
from bot.slack.homes import PLAIN_HOME, SETTLE, Homes, want_homes
from bot.slack.tokens import OneToken
from storage.db import Database
from storage.platform import HomeTab
from tests.harness import ANA, BEN, TEAM, TOKEN


def homes(database: Database, slack: Any, render: Any = home_tab) -> Homes:
    client = make_client(TOKEN, slack.api_url, timeout=2)
    return Homes(db=database, workspaces=OneToken(client), budget=Budget(), render=render)


def ask(database: Database, now: datetime, *users: str) -> None:
    with database.session() as s:
        want_homes(s, team_id=TEAM, user_ids=users, now=now)


def published(slack: Any) -> list[str]:
    return [str(c.params["user_id"]) for c in slack.calls_to("views.publish")]


def row(database: Database, user: str) -> HomeTab:
    with database.session() as s:
        found = s.get(HomeTab, (TEAM, user))
        assert found is not None
        return found


def test_asks_before_the_settle_merge_into_one_publish(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, _ws = local_slack
    sender, now = homes(database, slack), clock.now()
    ask(database, now, ANA, BEN)
    ask(database, now + timedelta(seconds=1), ANA)
    ask(database, now + timedelta(seconds=1), ANA, ANA)
    sender.publish_due(now + timedelta(seconds=1), FlushReport())
    assert published(slack) == []  # still settling
    report = FlushReport()
    sender.publish_due(now + SETTLE, report)  # the first ask's settle, not the last's
    assert sorted(published(slack)) == [ANA, BEN]
    assert report.homes == 2
    sender.publish_due(now + SETTLE * 3, FlushReport())
    assert len(published(slack)) == 2  # nothing new was asked for
    assert row(database, ANA).published_seq == row(database, ANA).wanted_seq == 3


def test_a_home_that_cannot_be_built_goes_out_plain(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, ws = local_slack

    def broken(s: Session, team_id: str, user_id: str, now: datetime) -> View:
        raise ValueError("a bug")

    assert homes(database, slack, broken).publish_now(team_id=TEAM, user_id=ANA, now=clock.now())
    assert PLAIN_HOME in str(ws.home(ANA)["blocks"])


def test_a_home_slack_refuses_waits_for_the_next_change(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, _ws = local_slack
    sender, now = homes(database, slack), clock.now()
    ask(database, now, "U0NOBODY")
    report = FlushReport()
    sender.publish_due(now + SETTLE, report)
    assert report.failed == 1  # user_not_found: permanent
    assert "U0NOBODY" not in " ".join(report.errors)  # no person in the logs
    sender.publish_due(now + SETTLE * 10, FlushReport())
    assert published(slack) == ["U0NOBODY"]  # not asked again until something changes
    ask(database, now + SETTLE * 10, "U0NOBODY")
    sender.publish_due(now + SETTLE * 11, FlushReport())
    assert published(slack) == ["U0NOBODY", "U0NOBODY"]


def test_an_uninstalled_workspace_gets_no_home(
    database: Database, local_slack: tuple[Any, Any], clock: FakeClock
) -> None:
    slack, _ws = local_slack
    mark_uninstalled(database, team_id=TEAM, event="app_uninstalled", now=clock.now())
    ask(database, clock.now(), ANA)
    sender = homes(database, slack)
    sender.publish_due(clock.now() + SETTLE, FlushReport())
    assert not sender.publish_now(team_id=TEAM, user_id=ANA, now=clock.now())
    assert published(slack) == []
