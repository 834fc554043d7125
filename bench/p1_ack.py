"""P1 ack latency: `/assess` starts and thread replies at 50 requests/s, coachbot against a bare Bolt app."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from bench.common import (
    Coachbot,
    Figure,
    Options,
    add_room,
    add_workspace,
    fresh_database,
    make_slack,
    percentile,
    running,
    start_and_wait,
    wait_for,
)
from localslack import Workspace

RATE = 50.0  # requests per second, sent open-loop: a slow answer does not delay the next request
# A real start looks the leader up (users.info, Tier 4: ~100 a minute): 50 starts a second would be over
# Slack's limit, so 1 request in 40 (75 a minute) starts a round and the rest ask for its status.
START_EVERY = 40
WARM_UP = 10


def open_loop(send: Callable[[int], float], n: int, rate: float = RATE) -> list[float]:
    """Fire request i at t0 + i/rate whatever the earlier ones are doing; returns each latency in ms."""
    with ThreadPoolExecutor(max_workers=64) as pool:
        t0 = time.monotonic() + 0.05
        futures = []
        for i in range(n):
            delay = t0 + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(send, i))
        return [f.result() for f in futures]


class Load:
    """One workspace's rooms, driven the way Slack drives an app: signed slash commands and events."""

    def __init__(self, ws: Workspace, rooms: int) -> None:
        self.ws = ws
        self.rooms = [add_room(ws, n) for n in range(rooms)]
        self.started: list[str] = []
        self.failures = 0
        self._lock = threading.Lock()

    def command(self, i: int) -> float:
        """Every START_EVERY-th request is a real start in a fresh channel; the others ask `/assess status`
        in a live one (answered from the database in the ack)."""
        with self._lock:
            if i % START_EVERY == 0 or not self.started:
                channel, leader = self.rooms[len(self.started)]
                self.started.append(channel)
                text = f"<@{leader}|leader>"
            else:
                channel, text = self.started[i % len(self.started)], "status"
        delivery = self.ws.slash_command(f"U0P{channel[3:]}0", channel, "/assess", text)
        return self._latency(delivery.status, delivery.elapsed)

    def reply(self, i: int, threads: list[tuple[str, str]]) -> float:
        channel, ts = threads[i % len(threads)]
        _, delivery = self.ws.post_message(f"U0P{channel[3:]}1", channel, f"reply {i}", thread_ts=ts)
        return self._latency(delivery.status, delivery.elapsed)

    def _latency(self, status: int, elapsed: float) -> float:
        if status != 200:
            self.failures += 1
        return elapsed * 1000


def measure(
    load: Load, n: int, threads: Callable[[], list[tuple[str, str]]]
) -> tuple[list[float], list[float]]:
    """Warm up, then n /assess commands at RATE, then n thread replies at RATE."""
    open_loop(load.command, WARM_UP)
    starts = open_loop(lambda i: load.command(WARM_UP + i), n)
    live = threads()
    open_loop(lambda i: load.reply(i, live), WARM_UP)
    replies = open_loop(lambda i: load.reply(i, live), n)
    return starts, replies


def card_threads(ws: Workspace, rooms: list[str]) -> list[tuple[str, str]]:
    """The round cards coachbot posted: replies go into their threads, where a live round listens."""

    def posted() -> list[tuple[str, str]]:
        return [(c, m.ts) for c in rooms for m in ws.messages(c)[:1] if m.bot_id]

    with contextlib.suppress(TimeoutError):  # a failed start is in the log; the others are used
        wait_for(lambda: len(posted()) == len(rooms), 30, "every round card", every=0.1)
    return posted()


def seen_threads(ws: Workspace, started: list[str], seen: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen.extend(card_threads(ws, started))
    return seen


def human_threads(ws: Workspace, rooms: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """For the bare app: threads under a person's message (the app only acks either way)."""
    out = []
    for channel, leader in rooms[:10]:
        ts, _ = ws.post_message(leader, channel, "a thread to reply in")
        out.append((channel, ts))
    return out


def run(opts: Options) -> list[Figure]:
    n = 15 if opts.quick else 500
    # Limits off: 50 card posts a second would meet Slack's workspace cap, which P3 and P4 measure.
    slack = make_slack(limits=False)
    seen: list[tuple[str, str]] = []  # the live rounds' card threads
    try:
        bare_ws, bot_ws, store_ws = add_workspace(slack, 0), add_workspace(slack, 1), add_workspace(slack, 2)
        rooms = WARM_UP + n // START_EVERY + 2
        bare_load, bot_load, store_load = Load(bare_ws, rooms), Load(bot_ws, rooms), Load(store_ws, rooms)
        url = fresh_database(opts, "p1")
        bare = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(bare):
            start_and_wait(bare, [sys.executable, "-m", "bench.bare_bolt"])
            bare_ws.request_url = f"{bare.url}/slack/events"
            bare_starts, bare_replies = measure(bare_load, n, lambda: human_threads(bare_ws, bare_load.rooms))
        storing = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(storing):
            start_and_wait(storing, [sys.executable, "-m", "bench.bare_bolt", "--store"])
            store_ws.request_url = f"{storing.url}/slack/events"
            _, stored_replies = measure(store_load, n, lambda: human_threads(store_ws, store_load.rooms))
        bot = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(bot):
            bot.start()
            bot_ws.request_url = f"{bot.url}/slack/events"
            starts, replies = measure(bot_load, n, lambda: seen_threads(bot_ws, bot_load.started, seen))
    finally:
        slack.stop()
    cards = len(seen)
    note = (
        f"{n} each at {RATE:.0f}/s; coachbot as a process; {bot_load.failures} failed requests; "
        f"{cards} of {len(bot_load.started)} starts posted a card (1 in {START_EVERY} a start, others status)"
    )
    figures = []
    for what, ours, base in (("/assess", starts, bare_starts), ("thread reply", replies, bare_replies)):
        p50, p99 = percentile(ours, 50), percentile(ours, 99)
        base50 = percentile(base, 50)
        figures.append(
            Figure(f"P1 {what} ack p50", p50, "ms", "<= 1.2x bare Bolt", p50 <= 1.2 * base50, base50, note)
        )
        figures.append(
            Figure(f"P1 {what} ack p99", p99, "ms", "< 100 ms", p99 < 100, percentile(base, 99), note)
        )
    # Context for the reply figure: coachbot must store a reply before acking it, which bare Bolt does not.
    stored50 = percentile(stored_replies, 50)
    figures.append(
        Figure(
            "P1 thread reply ack p50 vs a commit",
            percentile(replies, 50),
            "ms",
            "-",
            None,
            stored50,
            "baseline: bare Bolt that commits each reply (one INSERT) before its ack",
        )
    )
    return figures
