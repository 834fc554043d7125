"""P5 resources: resident memory with 1,000 live rounds, and start-up time with 10,000 scheduled items."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlmodel import col, func, select

from bench import p4_fanout
from bench.common import (
    Coachbot,
    Figure,
    Options,
    add_workspace,
    fresh_database,
    make_slack,
    running,
    wait_for,
)
from bench.rounds import fleet, start_rounds
from storage.db import Database
from storage.platform import MessageAnchor

LONG = (600, 600, 600, 600, 600)  # phases long enough that every round is still live when measured


def cards_posted(db: Database) -> int:
    with db.session() as s:
        return int(s.exec(select(func.count()).where(col(MessageAnchor.ts).is_not(None))).one())


def run(opts: Options) -> list[Figure]:
    workspaces, rooms_each, items = (5, 10, 1_000) if opts.quick else (50, 20, 10_000)
    settle = 0.5 if opts.quick else 3.0
    slack = make_slack(limits=True)
    try:
        rooms = fleet(slack, workspaces, rooms_each)
        url = fresh_database(opts, "p5")
        bot = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(bot):
            empty_start = bot.start()
            time.sleep(settle)
            idle = bot.rss_mb()
            db = Database(url)
            now = datetime.now(UTC)
            start_rounds(db, rooms, [now] * len(rooms), LONG)
            wait_for(lambda: cards_posted(db) == len(rooms), 120, "every round card", every=0.5)
            time.sleep(settle)  # a few ticks with every round live
            live = bot.rss_mb()
            db.dispose()
        url = fresh_database(opts, "p5-items")
        db = Database(url)
        ws = add_workspace(slack, 99)
        leaders = [f"U0S{n:05d}" for n in range(items // 20)]
        for user in leaders:
            ws.add_user(user, user.lower(), real_name=user)
        p4_fanout.seed(db, ws, leaders, 20, datetime.now(UTC), due_in=timedelta(days=1))
        db.dispose()
        loaded = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(loaded):
            loaded_start = loaded.start()
    finally:
        slack.stop()
    n = len(rooms)
    return [
        Figure(
            f"P5 RSS, {n} live rounds", live, "MB", "< 300 MB", live < 300, idle, "baseline: idle process"
        ),
        Figure(
            f"P5 start-up, {items} scheduled",
            loaded_start,
            "s",
            "< 2 s",
            loaded_start < 2,
            empty_start,
            "until /healthz answers; baseline: empty database",
        ),
    ]
