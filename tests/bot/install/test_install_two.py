"""Two workspaces install coachbot through /slack/install and /slack/oauth_redirect, each runs a round, and
every Web API call takes that workspace's own token; an install that does not finish says why."""

from __future__ import annotations

from bot.clock import FakeClock
from localslack.browser import Browser
from storage.db import Database
from tests.install_harness import installs


def test_two_workspaces_install_and_each_round_uses_its_own_token(
    database: Database, clock: FakeClock
) -> None:
    with installs(database, clock) as world:
        for team in ("T0ONE", "T0SOLO"):
            page = world.add_to_slack(team)
            assert page.status == 200, page.text
            assert "coachbot is installed" in page.text
            assert world.ws(team).name in page.text
            assert "/assess help" in page.text  # what to do next
        for team in ("T0ONE", "T0SOLO"):
            world.start_round(team)
        world.advance(21)
        for team in ("T0ONE", "T0SOLO"):
            texts = world.bot_texts(team)
            assert any("Phase 2 of 5" in t for t in texts), texts
        calls = world.token_calls()
        assert {c.team_id for c in calls} == {"T0ONE", "T0SOLO"}
        assert {c.method for c in calls} >= {"auth.test", "users.info", "chat.postMessage", "chat.update"}
        assert world.wrong_token_calls() == []
        assert [c for c in calls if not c.response.get("ok")] == []
        tokens = {c.team_id: c.token for c in calls}
        assert tokens["T0ONE"] != tokens["T0SOLO"]


def test_a_cancelled_install_says_nothing_was_installed_and_where_to_start_again(
    database: Database, clock: FakeClock
) -> None:
    with installs(database, clock) as world:
        browser = Browser()
        authorize = browser.authorize_page(world.server.url + "/slack/install")
        assert authorize.status == 200
        page = browser.approve(authorize, "cancel")
        assert "coachbot was not installed" in page.text
        assert "cancelled" in page.text
        assert 'href="/slack/install"' in page.text
        assert world.install.store.find_bot(enterprise_id=None, team_id="T0SOLO") is None


def test_a_redirect_without_the_browser_that_started_it_is_refused(
    database: Database, clock: FakeClock
) -> None:
    with installs(database, clock) as world:
        browser = Browser()
        authorize = browser.authorize_page(world.server.url + "/slack/install")
        browser.cookies.clear()  # another browser: the state's cookie is not there
        page = browser.approve(authorize, "T0SOLO")
        assert "coachbot was not installed" in page.text
        assert "different browser" in page.text
        assert world.install.store.find_bot(enterprise_id=None, team_id="T0SOLO") is None


def test_a_forged_state_is_refused(database: Database, clock: FakeClock) -> None:
    with installs(database, clock) as world:
        browser = Browser()
        browser.get(world.server.url + "/slack/install")
        forged = "0f0f0f0f-0000-0000-0000-000000000000.deadbeef"
        browser.cookies["slack-app-oauth-state"] = forged
        page = browser.get(f"{world.server.url}/slack/oauth_redirect?code=x&state={forged}")
        assert "coachbot was not installed" in page.text
        assert "expired or was already used" in page.text
