"""P4 fan-out: 10,000 /coach nudges due in the same minute in one workspace, against Slack's post ceiling."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from bench.common import (
    Coachbot,
    Figure,
    Options,
    add_workspace,
    fresh_database,
    make_slack,
    marker_key,
    running,
)
from localslack import Workspace
from localslack.limits import POST_MESSAGE_WORKSPACE_PER_MINUTE
from storage.coach import CoachCall, CoachDue, CoachEngagement, CoachMember, CoachSlot
from storage.db import Database
from storage.platform import DirectChannel
from storage.types import row_id

COACH = "U0COACH"


def seed(
    db: Database,
    ws: Workspace,
    leaders: list[str],
    calls: int,
    now: datetime,
    *,
    due_in: timedelta = timedelta(seconds=-1),
) -> None:
    """An engagement in coaching support with a nudge per leader and call, due at now + due_in."""
    with db.session() as s:
        eng = CoachEngagement(
            team_id=ws.team_id,
            name="Fan-out",
            stage="support",
            creator_id=COACH,
            zone="UTC",
            start_date=now.date().isoformat(),
            created_at=now,
        )
        s.add(eng)
        s.flush()
        eid = row_id(eng)
        s.add(CoachMember(engagement_id=eid, user_id=COACH, role="coach"))
        s.add_all(
            CoachMember(engagement_id=eid, user_id=u, role="leader", position=i)
            for i, u in enumerate(leaders)
        )
        slot = CoachSlot(engagement_id=eid, kind="three_way", weekday=now.weekday(), local_time="12:00")
        s.add(slot)
        s.flush()
        rows = [
            CoachCall(
                engagement_id=eid,
                slot_id=row_id(slot),
                starts_at=now + due_in + timedelta(hours=2, minutes=n),
            )
            for n in range(calls)
        ]
        s.add_all(rows)
        s.flush()
        # The bot has written to these leaders before, so it knows their DM channels.
        s.add_all(
            DirectChannel(team_id=ws.team_id, user_id=u, channel_id=ws.dm_channel_id(u)) for u in leaders
        )
        due = [
            {
                "key": f"fanout:{call.id}:{user}",
                "engagement_id": eid,
                "kind": "nudge",
                "user_id": user,
                "call_id": call.id,
                "due_at": now + due_in,
                "status": "pending",
            }
            for call in rows
            for user in leaders
        ]
        s.connection().execute(CoachDue.__table__.insert(), due)  # type: ignore[attr-defined]


def run(opts: Options) -> list[Figure]:
    leaders_n, calls, window = (50, 10, 5.0) if opts.quick else (500, 20, 120.0)
    slack = make_slack(limits=True)
    ceiling = POST_MESSAGE_WORKSPACE_PER_MINUTE
    try:
        ws = add_workspace(slack, 0)
        ws.add_user(COACH, "coach", real_name="Coach")
        leaders = [f"U0N{n:05d}" for n in range(leaders_n)]
        for user in leaders:
            ws.add_user(user, user.lower(), real_name=user)
        url = fresh_database(opts, "p4")
        db = Database(url)
        seed(db, ws, leaders, calls, datetime.now(UTC))
        db.dispose()
        bot = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(bot):
            bot.start()
            first = None
            while first is None or time.time() < first + window:
                time.sleep(0.5)
                posts = slack.calls_to("chat.postMessage")
                if first is None and posts:
                    first = posts[0].at.timestamp()
            calls_made = list(slack.calls)
    finally:
        slack.stop()
    assert first is not None
    ok = [
        c
        for c in calls_made
        if c.method == "chat.postMessage"
        and c.status == 200
        and c.response.get("ok")
        and c.at.timestamp() < first + window
    ]
    keys = Counter(
        marker_key(c.params) for c in calls_made if c.method == "chat.postMessage" and c.response.get("ok")
    )
    duplicates = sum(n - 1 for n in keys.values())
    refused = [c for c in calls_made if c.status == 429]
    limited = len(refused)
    # Which limit said no: a channel's 1/s bucket, or the workspace's minute (by the channel each named).
    where = Counter(str(c.params.get("channel", "?"))[:1] for c in refused)
    per_minute = len(ok) / window * 60
    note = f"{leaders_n * calls} due; {len(ok)} sent in the first {window:.0f} s"
    return [
        Figure(
            "P4 nudge throughput",
            per_minute,
            "/min",
            ">= 0.9x the ceiling",
            per_minute >= 0.9 * ceiling,
            ceiling,
            note,
        ),
        Figure(
            "P4 duplicates", duplicates, "msgs", "0", duplicates == 0, note=f"over {sum(keys.values())} sent"
        ),
        Figure(
            "P4 calls answered 429",
            limited,
            "calls",
            "0",
            limited == 0,
            note=", ".join(f"{n} to {k}…" for k, n in where.items()),
        ),
    ]
