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
from bench.rounds import fleet, make_heavy, start_rounds
from localslack import LocalSlack
from storage.assess import PhaseSpan
from storage.db import Database


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


def announced(seen: dict[str, float]) -> int:
    """Phase announcements among the keyed messages (cards, wrap-ups and digests carry keys too)."""
    return sum(1 for key in seen if ":phase:" in key)


def deadlines(db: Database, round_ids: list[int]) -> dict[str, datetime]:
    """Each phase change's stored deadline: the instant its span started (phase 0 is the start itself)."""
    with db.session() as s:
        spans = s.exec(
            select(PhaseSpan).where(col(PhaseSpan.round_id).in_(round_ids)).where(col(PhaseSpan.phase) > 0)
        ).all()
    return {f"assess:{p.round_id}:phase:{p.phase}": p.started_at for p in spans}


def run(opts: Options) -> list[Figure]:
    if opts.quick:
        return [
            *measure(opts, workspaces=5, rooms_each=4, phase=1, lead=3.0),
            *measure(opts, workspaces=5, rooms_each=4, phase=1, lead=3.0, faulty=True),
        ]
    # The scale with 10 s phases: 100 phase changes a second, each workspace's messages at about
    # half of chat.postMessage's workspace cap. Real rounds (3, 2, 3, 2 and 1 min) change phase 15 times
    # less often. Then 5 s phases as a stress row: each workspace near 90 % of that cap, where the cap,
    # not the timers, decides how late an announcement is, so it carries no goal.
    return [
        *measure(opts, workspaces=50, rooms_each=20, phase=10, lead=15.0),
        *measure(opts, workspaces=50, rooms_each=20, phase=10, lead=15.0, faulty=True),
        *measure(opts, workspaces=50, rooms_each=20, phase=5, lead=15.0, stress=True),
    ]


def measure(
    opts: Options,
    *,
    workspaces: int,
    rooms_each: int,
    phase: int,
    lead: float,
    stress: bool = False,
    faulty: bool = False,
) -> list[Figure]:
    """With `faulty`, 1 % of the rounds carry a maximum-length statement and long replies, and 1 % are in
    channels that refuse every post (their cards fail for good); lateness is measured for the others."""
    slack = make_slack(limits=True)
    count = workspaces * rooms_each
    step = min(100, count)  # 1 % (one room in a quick run)
    heavy = set(range(0, count, step)) if faulty else set()
    refused = frozenset(range(step // 2, count, step)) if faulty else frozenset()
    try:
        rooms = fleet(slack, workspaces, rooms_each, refused=refused)
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
            make_heavy(db, [ids[i] for i in sorted(heavy)], begin)
            end = max(planned).timestamp() + 10 * phase
            arrived = Arrivals(slack)
            expected = (len(rooms) - len(refused)) * 5
            while time.time() < end and announced(arrived.update()) < expected:
                time.sleep(0.5)
            sleeper.join(timeout=5)
            due = deadlines(db, [r for i, r in enumerate(ids) if i not in refused])
            db.dispose()
            seen = arrived.update()
    finally:
        slack.stop()
    late = [(seen[k] - d.timestamp()) * 1000 for k, d in due.items() if k in seen]
    missing = len(due) - len(late)
    base = sleeper.lateness
    n = len(rooms)
    note = f"{workspaces} workspaces, {phase} s phases; {len(late)} phase changes, {missing} not seen in time"
    if faulty:
        note += f"; {len(heavy)} rounds with maximum-length text, {len(refused)} whose posts all fail"
    p50, p99, worst = percentile(late, 50), percentile(late, 99), max(late, default=0.0)
    kind = " (stress)" if stress else ", 1 % heavy + 1 % failing" if faulty else ""
    name = f"P2 {n} rounds, {phase} s phases{kind}: lateness"
    goal_p99, goal_max = ("-", "-") if stress else ("< 250 ms", "< 1000 ms")
    passed_p99 = None if stress else p99 < 250 and not missing
    passed_max = None if stress else worst < 1000 and not missing
    return [
        Figure(f"{name} p50", p50, "ms", "-", None, percentile(base, 50), note),
        Figure(f"{name} p99", p99, "ms", goal_p99, passed_p99, percentile(base, 99)),
        Figure(f"{name} max", worst, "ms", goal_max, passed_max, max(base)),
    ]
