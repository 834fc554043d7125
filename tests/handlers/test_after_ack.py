"""As `coachbot serve` runs it (the ack sent when the listener calls it, the work after): a form whose
checks ask Slack shows a working view at once, then the form again with its errors, or that it is done."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot.app import build_app
from bot.clock import FakeClock
from bot.httpserver import BackgroundServer, CoachbotWsgi
from bot.ids import SeriesView
from bot.runtime import build_services, make_client
from handlers.kit import shown_errors
from localslack import LocalSlack, Workspace
from storage.db import Database
from tests.bot.series.helpers import LEADERS, plan_values
from tests.harness import CHANNEL, FAC, SECRET, TOKEN


@pytest.fixture
def served(
    local_slack: tuple[LocalSlack, Workspace], database: Database, clock: FakeClock
) -> Iterator[Workspace]:
    slack, ws = local_slack
    services = build_services(db=database, clock=clock, client=make_client(TOKEN, slack.api_url, timeout=5))
    server = BackgroundServer(CoachbotWsgi(build_app(services, signing_secret=SECRET), database)).start()
    ws.request_url = f"{server.url}/slack/events"
    try:
        yield ws
    finally:
        server.stop()


def _eventually(check: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.02)  # the listener finishes on Bolt's thread after the ack
    raise AssertionError(f"never saw {what}")


def _plan_view(ws: Workspace) -> dict[str, Any]:
    ws.slash_command(FAC, CHANNEL, command="/assess", text="plan")

    def opened() -> dict[str, Any] | None:  # opened after the ack, on Bolt's thread
        views = [v for v in ws.views(FAC) if v["callback_id"] == SeriesView.PLAN.value]
        return views[-1] if views else None

    found: dict[str, Any] = _eventually(opened, "the plan form")
    return found


def test_a_failed_check_after_the_ack_shows_the_form_again(served: Workspace) -> None:
    ws = served
    view = _plan_view(ws)
    leaders = {"type": "multi_users_select", "selected_users": [*LEADERS, "U0OTHERBOT"]}
    delivery = ws.submit_view(FAC, view["id"], values=plan_values(leaders=leaders))
    assert (delivery.json or {}).get("response_action") == "update"  # at once: the working view

    def errors() -> dict[str, str]:
        return shown_errors(next(v for v in ws.views(FAC) if v["id"] == view["id"]))

    assert "is a bot" in _eventually(errors, "the form with its errors")["series_leaders"]
    # Corrected and sent again, the same modal says the series is planned.
    again = ws.submit_view(FAC, view["id"], values=plan_values())
    assert (again.json or {}).get("response_action") == "update"

    def done() -> bool:
        shown = next(v for v in ws.views(FAC) if v["id"] == view["id"])
        return "The series is planned" in str(shown["blocks"])

    _eventually(done, "the done view")
