"""P7 calendar feeds: GET /calendar/<token>.ics against `coachbot serve --http`, for people in many
engagements at once (issue 13, item 2). Each person is asked twice, as a calendar app polls: the first answer
is the whole feed (200), the second carries its ETag back (304)."""

from __future__ import annotations

import http.client
import random
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from urllib.parse import urlsplit

from sqlmodel import Session

from bench.common import (
    Coachbot,
    Figure,
    Options,
    add_workspace,
    fresh_database,
    make_slack,
    percentile,
    running,
)
from bot.calendar import store, tokens
from bot.coach.domain.schedule import Slot, occurrences
from storage.calendar import CalendarAttendee, CalendarChange
from storage.coach import CoachCall, CoachEngagement, CoachMember, CoachSlot
from storage.db import Database

GOAL_MS = 50.0  # p99 of a feed request
ZONES = ("Europe/Lisbon", "America/New_York", "Asia/Kolkata", "Australia/Sydney")


def seed(db: Database, team: str, people: list[str], each: int, now: datetime) -> list[str]:
    """Engagements in coaching support, as the services leave them (calls, attendees, a few moved calls),
    so that every person is in about `each` of them; returns each person's feed token."""
    count = len(people) * each // 3
    with Session(db.engine) as s:
        for k in range(count):
            trio = [people[(3 * k + j) % len(people)] for j in range(3)]
            eng = CoachEngagement(
                team_id=team, name=f"E{k}", stage="support", creator_id=trio[2], zone=ZONES[k % len(ZONES)],
                start_date=(now.date() + timedelta(days=k % 20)).isoformat(), created_at=now,
            )  # fmt: skip
            s.add(eng)
            s.flush()
            eid = eng.id or 0
            s.add_all(
                [
                    CoachMember(engagement_id=eid, user_id=u, role="leader", position=j)
                    for j, u in enumerate(trio[:2])
                ]
                + [CoachMember(engagement_id=eid, user_id=trio[2], role="coach")]
            )
            for j, leader in enumerate((trio[0], trio[1], None)):
                _slot(s, eng, j, leader, trio, now)
        s.commit()
        found = []
        for person in people:
            found.append(tokens.replace(s, team, person, now))
        s.commit()
    return found


def _slot(
    s: Session, eng: CoachEngagement, j: int, leader: str | None, trio: list[str], now: datetime
) -> None:
    eid = eng.id or 0
    slot = CoachSlot(
        engagement_id=eid, kind="individual" if leader else "three_way", leader_id=leader, weekday=j,
        local_time=f"{9 + j}:00".zfill(5),
    )  # fmt: skip
    s.add(slot)
    s.flush()
    rule = Slot(j, clock(9 + j), eng.zone)
    source = store.slot_source(slot.id or 0)
    start = date.fromisoformat(eng.start_date)
    for i, at in enumerate(occurrences(rule, start=start, cadence_days=14, length_days=91)):
        call = CoachCall(engagement_id=eid, slot_id=slot.id or 0, starts_at=at, cycle=i)
        if i == 2:  # one call of each series moved a day on, as people do
            call.starts_at = at + timedelta(days=1)
        s.add(call)
        s.flush()
        if i == 2:
            key = store.call_key(call.id or 0)
            s.add(CalendarChange(key=key, source=source, original_at=at, sequence=1, updated_at=now))
    for person in [leader] if leader else trio[:2]:
        s.add(CalendarAttendee(source=source, user_id=person, team_id=eng.team_id, added_at=now))
    s.add(CalendarAttendee(source=source, user_id=trio[2], team_id=eng.team_id, added_at=now))


def poll(url: str, paths: list[str]) -> tuple[list[float], list[float], int]:
    """Each path fetched, then again with its ETag: (200 timings, 304 timings, bytes of the largest)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    full, repeat, largest = [], [], 0
    try:
        for path in paths:
            began = time.perf_counter()
            conn.request("GET", path)
            answer = conn.getresponse()
            body = answer.read()
            full.append(time.perf_counter() - began)
            assert answer.status == 200, answer.status
            largest = max(largest, len(body))
            began = time.perf_counter()
            conn.request("GET", path, headers={"If-None-Match": answer.headers["ETag"]})
            again = conn.getresponse()
            again.read()
            repeat.append(time.perf_counter() - began)
            assert again.status == 304, again.status
    finally:
        conn.close()
    return full, repeat, largest


def run(opts: Options) -> list[Figure]:
    people_count, each = (60, 10) if opts.quick else (500, 10)
    slack = make_slack(limits=False)
    try:
        ws = add_workspace(slack, 7)
        people = [f"U0C{n:05d}" for n in range(people_count)]
        url = fresh_database(opts, "p7")
        db = Database(url)
        found = seed(db, ws.team_id, people, each, datetime.now(UTC))
        db.dispose()
        paths = [f"{tokens.FEED_PATH}{t}{tokens.SUFFIX}" for t in found]
        random.Random(7).shuffle(paths)
        bot = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(bot):
            bot.start()
            poll(bot.url, paths[:5])  # warm: the first requests load code and zone rules
            full, repeat, largest = poll(bot.url, paths)
    finally:
        slack.stop()
    every = [v * 1000 for v in full + repeat]
    n = len(every)
    note = f"{people_count} people in {each} engagements each; largest feed {largest // 1024} KB"
    p99 = percentile(every, 99)
    return [
        Figure(f"P7 feed request p50, {n} requests", percentile(every, 50), "ms", "-", None, note=note),
        Figure(
            f"P7 feed request p99, {n} requests", p99, "ms", f"< {GOAL_MS:.0f} ms", p99 < GOAL_MS, note=note
        ),
        Figure("P7 whole feed (200) p99", percentile([v * 1000 for v in full], 99), "ms", "-", None),
        Figure("P7 unchanged feed (304) p99", percentile([v * 1000 for v in repeat], 99), "ms", "-", None),
    ]
