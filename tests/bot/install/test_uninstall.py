"""Uninstalling stops every send to that workspace at once (held, not failed), deletes its tokens and starts
its retention clock; installing again sends what was held with the new token. Org-wide installs too."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot.clock import FakeClock
from storage.db import Database
from storage.platform import Outbox
from storage.privacy import UninstalledTeam
from tests.install_harness import installs


def outbox(database: Database, team_id: str) -> list[Outbox]:
    with database.read() as s:
        return list(s.exec(select(Outbox).where(col(Outbox.team_id) == team_id)).all())


@pytest.mark.slow  # about a second on SQLite, five on PostgreSQL: two installs, two rounds, a reinstall
def test_uninstall_holds_its_sends_and_a_reinstall_resumes_them(database: Database, clock: FakeClock) -> None:
    with installs(database, clock) as world:
        world.add_to_slack("T0ONE")
        world.add_to_slack("T0SOLO")
        world.start_round("T0ONE")
        world.start_round("T0SOLO")
        world.advance(1)
        deliveries = world.slack.uninstall(world.ws("T0ONE"))
        assert [d.status for d in deliveries] == [200, 200]
        with database.read() as s:
            mark = s.get(UninstalledTeam, "T0ONE")
            assert mark is not None  # the retention clock runs from here
            assert mark.at == clock.now()
        assert world.install.store.find_bot(enterprise_id=None, team_id="T0ONE") is None  # tokens gone
        before = len(world.slack.calls)
        world.advance(45)  # two phase changes in each round
        after = world.slack.calls[before:]
        assert [c.method for c in after if c.team_id == "T0ONE"] == []
        assert any(c.team_id == "T0SOLO" and c.method == "chat.postMessage" for c in after)
        held = [r for r in outbox(database, "T0ONE") if r.status != "sent"]
        assert held
        assert {r.status for r in held} == {"pending"}
        assert {r.last_error for r in held} == {None}  # not retried into errors
        # Installed again: the held announcements go out with the new token.
        page = world.add_to_slack("T0ONE")
        assert "coachbot is installed" in page.text
        with database.read() as s:
            assert s.get(UninstalledTeam, "T0ONE") is None
        world.advance(2)
        assert {r.status for r in outbox(database, "T0ONE")} == {"sent"}
        assert any("Phase 3 of 5" in t for t in world.bot_texts("T0ONE"))
        assert world.wrong_token_calls() == []
        assert [c for c in world.token_calls() if not c.response.get("ok")] == []


def test_an_org_wide_install_serves_each_workspace_of_the_org_and_its_uninstall_stops_them_all(
    database: Database, clock: FakeClock
) -> None:
    with installs(database, clock, org_deploy=True) as world:
        page = world.add_to_slack("org:E0ORG")
        assert "coachbot is installed" in page.text
        bot = world.install.store.find_bot(enterprise_id="E0ORG", team_id=None, is_enterprise_install=True)
        assert bot is not None
        assert bot.is_enterprise_install
        for team in ("T0ONE", "T0TWO"):
            world.start_round(team)
        world.advance(21)
        for team in ("T0ONE", "T0TWO"):
            assert any("Phase 2 of 5" in t for t in world.bot_texts(team)), team
        calls = world.token_calls()
        assert {c.team_id for c in calls} == {"T0ONE", "T0TWO"}
        assert {c.token for c in calls} == {
            bot.bot_token
        }  # one token for the org, each call in its workspace
        assert world.wrong_token_calls() == []
        assert [c for c in calls if not c.response.get("ok")] == []
        world.slack.uninstall(world.ws("T0ONE"))
        with database.read() as s:
            assert {t.team_id for t in s.exec(select(UninstalledTeam)).all()} == {"T0ONE", "T0TWO"}
        before = len(world.slack.calls)
        world.advance(21)
        assert world.slack.calls[before:] == []
