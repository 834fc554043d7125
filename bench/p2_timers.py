"""P2 timer accuracy: 1,000 live rounds over 50 workspaces; how late each phase change reaches Slack."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from bench.common import (
    Coachbot,
    Figure,
    Options,
    fresh_database,
    make_slack,
    marker_key,
    percentile,
    running,
)
from bench.rounds import fleet, start_rounds
from localslack import LocalSlack
from storage.db import Database
from storage.models import PhaseSpan


class Sleeper(threading.Thread):
    """The baseline: a bare loop that sleeps until each deadline and notes how late it woke."""

    def __init__(self, deadlines: list[datetime]) -> None:
        super().__init__(name="bench-sleeper", daemon=True)
        self.deadlines = sorted(d.timestamp() for d in deadlines)
        self.lateness: list[float] = []

    def run(self) -> None:
        for deadline in self.deadlines:
            time.sleep(max(0.0, deadline - time.time()))
            self.lateness.append((time.time() - deadline) * 1000)


class Arrivals:
    """When each keyed message first reached the local Slack (epoch seconds). Reads only the calls made
    since it last looked: rescanning every call twice a second held the local Slack's lock and the
    interpreter long enough to slow the very replies being measured."""

    def __init__(self, slack: LocalSlack) -> None:
        self.slack = slack
        self.seen: dict[str, float] = {}
        self._read = 0

    def update(self) -> dict[str, float]:
        with self.slack.lock:
            new = self.slack.calls[self._read :]
        self._read += len(new)
        for call in new:
            if call.method != "chat.postMessage" or not call.response.get("ok"):
                continue
            key = marker_key(call.params)
            if key is not None and key not in self.seen:
                self.seen[key] = call.at.timestamp()
        return self.seen


def deadlines(db: Database, round_ids: list[int]) -> dict[str, datetime]:
    """Each phase change's stored deadline: the instant its span started (phase 0 is the start itself)."""
    with db.session() as s:
        spans = s.exec(
            select(PhaseSpan).where(col(PhaseSpan.round_id).in_(round_ids)).where(col(PhaseSpan.phase) > 0)
        ).all()
    return {f"assess:{p.round_id}:phase:{p.phase}": p.started_at for p in spans}


def run(opts: Options) -> list[Figure]:
    if opts.quick:
        return measure(opts, workspaces=5, rooms_each=4, phase=1, lead=3.0)
    # The scale, then one tenth of it: where the timers hold on this machine, and where not.
    return [
        *measure(opts, workspaces=50, rooms_each=20, phase=5, lead=15.0),
        *measure(opts, workspaces=5, rooms_each=20, phase=5, lead=5.0),
    ]


def measure(opts: Options, *, workspaces: int, rooms_each: int, phase: int, lead: float) -> list[Figure]:
    slack = make_slack(limits=True)
    try:
        rooms = fleet(slack, workspaces, rooms_each)
        url = fresh_database(opts, "p2")
        bot = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(bot):
            bot.start()
            db = Database(url)
            begin = datetime.now(UTC) + timedelta(seconds=lead)
            # Within each workspace the starts spread over one phase, as rooms start when they are ready.
            starts = [
                begin + timedelta(seconds=phase * (i % rooms_each) / rooms_each) for i in range(len(rooms))
            ]
            planned = [at + timedelta(seconds=phase * k) for at in starts for k in range(1, 5)]
            sleeper = Sleeper(planned)
            sleeper.start()
            ids = start_rounds(db, rooms, starts, (phase,) * 5)
            end = max(planned).timestamp() + 10 * phase
            arrived = Arrivals(slack)
            while time.time() < end and len(arrived.update()) < len(rooms) * 5:
                time.sleep(0.5)
            sleeper.join(timeout=5)
            due = deadlines(db, ids)
            db.dispose()
            seen = arrived.update()
    finally:
        slack.stop()
    late = [(seen[k] - d.timestamp()) * 1000 for k, d in due.items() if k in seen]
    missing = len(due) - len(late)
    base = sleeper.lateness
    n = len(rooms)
    note = f"{workspaces} workspaces, {phase} s phases; {len(late)} phase changes, {missing} not seen in time"
    p50, p99, worst = percentile(late, 50), percentile(late, 99), max(late, default=0.0)
    return [
        Figure(f"P2 {n} rounds: lateness p50", p50, "ms", "-", None, percentile(base, 50), note),
        Figure(
            f"P2 {n} rounds: lateness p99",
            p99,
            "ms",
            "< 250 ms",
            p99 < 250 and not missing,
            percentile(base, 99),
        ),
        Figure(
            f"P2 {n} rounds: lateness max", worst, "ms", "< 1000 ms", worst < 1000 and not missing, max(base)
        ),
    ]
