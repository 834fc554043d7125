"""P3 rate budget: live rounds in one workspace; calls Slack refused (429) and card edits achieved."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from bench.common import Coachbot, Figure, Options, fresh_database, make_slack, running
from bench.rounds import fleet, start_rounds
from localslack.limits import TIER_3
from storage.db import Database


def run(opts: Options) -> list[Figure]:
    rounds, phase, window = (5, 2, 6.0) if opts.quick else (30, 20, 90.0)
    slack = make_slack(limits=True)
    try:
        rooms = fleet(slack, 1, rounds)
        url = fresh_database(opts, "p3")
        bot = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(bot):
            bot.start()
            db = Database(url)
            begin = datetime.now(UTC) + timedelta(seconds=2)
            # Starts spread over one phase, so phase changes (each asking for a card edit) keep coming.
            starts = [begin + timedelta(seconds=phase * i / rounds) for i in range(rounds)]
            start_rounds(db, rooms, starts, (phase,) * 5)
            db.dispose()
            # Edits are asked for from the first phase change on: measure from there.
            since = (begin + timedelta(seconds=phase)).timestamp()
            time.sleep(max(0.0, since - time.time()) + window)
            calls = list(slack.calls)
    finally:
        slack.stop()
    updates = [
        c
        for c in calls
        if c.method == "chat.update" and c.status == 200 and since <= c.at.timestamp() < since + window
    ]
    limited = Counter(c.method for c in calls if c.status == 429)
    per_minute = len(updates) / window * 60
    wanted = rounds * 60 / phase
    return [
        Figure(
            "P3 calls answered 429",
            sum(limited.values()),
            "calls",
            "0",
            not limited,
            note=", ".join(f"{m}: {n}" for m, n in limited.items()) or f"of {len(calls)} calls",
        ),
        Figure(
            "P3 card refreshes (chat.update)",
            per_minute,
            "/min",
            ">= 0.8x Tier 3, no 429",
            per_minute >= 0.8 * TIER_3 and not limited["chat.update"],
            TIER_3,
            f"{rounds} rounds asking ~{wanted:.0f}/min; baseline: the Tier 3 budget",
        ),
    ]
