"""A round on SteadyClock with the system clock stepped ±90 s keeps true time: on fake time, in milliseconds.
tests/faults/test_clock_jumps.py proves the same in real time, through the ticker's own threads (slow)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.app import build_app
from bot.clock import FakeClock, SteadyClock
from bot.httpserver import BackgroundServer, CoachbotWsgi
from bot.runtime import build_services, make_client
from localslack import LocalSlack, Workspace
from storage.db import Database
from tests.bot.test_clock import Machine
from tests.conftest import START
from tests.harness import ANA, CHANNEL, FAC, SECRET, TOKEN

PHASE = 20  # seconds; the step lands mid-way through phase 2, as in the real-time test


def _announced_at(slack: LocalSlack) -> dict[int, float]:
    """When each "Phase N of 5" reached Slack, in true seconds since the round was started."""
    out: dict[int, float] = {}
    for call in slack.calls_to("chat.postMessage"):
        found = re.search(r"Phase (\d) of 5", str(call.params.get("text", "")))
        if found and call.status == 200:
            out.setdefault(int(found.group(1)), (call.at - START).total_seconds())
    return out


@pytest.mark.parametrize("step", [90, -90])
def test_phases_keep_true_time_when_the_system_clock_is_stepped(
    local_slack: tuple[LocalSlack, Workspace], database: Database, clock: FakeClock, step: int
) -> None:
    slack, ws = local_slack  # Slack keeps true time on `clock`; only the bot's system clock is stepped
    machine = Machine()
    steady = SteadyClock(wall=machine.wall, monotonic=machine.monotonic)
    services = build_services(db=database, clock=steady, client=make_client(TOKEN, slack.api_url))
    app = build_app(services, signing_secret=SECRET, process_before_response=True)
    server = BackgroundServer(CoachbotWsgi(app, database)).start()
    ws.request_url = f"{server.url}/slack/events"
    try:
        ws.slash_command(
            FAC, CHANNEL, command="/assess", text=f"<@{ANA}> timing={','.join([f'{PHASE}s'] * 5)}"
        )
        for second in range(1, PHASE * 5 + 3):  # a tick each true second, as the scheduler runs them
            machine.true = float(second)
            clock.advance(1)
            if second == int(PHASE * 1.5):
                machine.step = timedelta(seconds=step)
            services.run_due(steady.now())
    finally:
        server.stop()
    announced = _announced_at(slack)
    assert sorted(announced) == [1, 2, 3, 4, 5]
    for phase in range(2, 6):
        lateness = announced[phase] - PHASE * (phase - 1)
        assert -2.0 <= lateness <= 2.0, f"phase {phase} began {lateness:+.1f} s from its deadline"
