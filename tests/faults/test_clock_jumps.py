"""The system clock stepped ±90 s mid-round: phases still end within 2 s of their deadlines (real time)."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_app
from bot.clock import SteadyClock
from bot.httpserver import BackgroundServer, CoachbotWsgi
from bot.runtime import build_services, make_client
from localslack import LocalSlack, Workspace
from scheduler.ticker import Ticker
from storage.db import Database
from tests.harness import ANA, CHANNEL, FAC, SECRET, TOKEN, make_local_slack

PHASE = 5  # seconds: the shortest phase a facilitator may set


class SteppableWall:
    """The system clock as the process sees it; the test steps it the way NTP or an operator would."""

    def __init__(self) -> None:
        self.step = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.step


@pytest.fixture
def live(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[Workspace, LocalSlack, SteppableWall]]:
    slack, ws = make_local_slack(None)  # Slack keeps real time; only the bot's view of the clock is stepped
    slack.start()
    shutil.copy(sqlite_template, tmp_path / "clock.db")
    db = Database(f"sqlite:///{tmp_path / 'clock.db'}")
    wall = SteppableWall()
    services = build_services(db=db, clock=SteadyClock(wall=wall), client=make_client(TOKEN, slack.api_url))
    server = BackgroundServer(CoachbotWsgi(build_app(services, signing_secret=SECRET), db)).start()
    ws.request_url = f"{server.url}/slack/events"
    ticker = Ticker(services)
    ticker.start()
    try:
        yield ws, slack, wall
    finally:
        ticker.stop()
        server.stop()
        slack.stop()
        db.dispose()


def _announced_at(slack: LocalSlack) -> dict[int, float]:
    """When each "Phase N of 5" reached Slack, in real seconds since the epoch."""
    out: dict[int, float] = {}
    for call in slack.calls_to("chat.postMessage"):
        found = re.search(r"Phase (\d) of 5", str(call.params.get("text", "")))
        if found and call.status == 200:
            out.setdefault(int(found.group(1)), call.at.timestamp())
    return out


@pytest.mark.parametrize("step", [90, -90])
def test_phases_keep_real_time_when_the_system_clock_is_stepped(
    live: tuple[Workspace, LocalSlack, SteppableWall], step: int
) -> None:
    ws, slack, wall = live
    started = time.time()
    ws.slash_command(FAC, CHANNEL, command="/assess", text=f"<@{ANA}> timing={','.join([f'{PHASE}s'] * 5)}")
    time.sleep(PHASE * 1.5)
    wall.step = timedelta(seconds=step)  # mid-way through phase 2
    time.sleep(PHASE * 3.5 + 1.5)
    announced = _announced_at(slack)
    assert sorted(announced) == [1, 2, 3, 4, 5]
    for phase in range(2, 6):
        lateness = announced[phase] - (started + PHASE * (phase - 1))
        assert -2.0 <= lateness <= 2.0, f"phase {phase} began {lateness:+.1f} s from its deadline"
