"""Live `/assess` rounds for the benchmarks: many workspaces, one round per channel, started in the db."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bench.common import add_room, add_workspace
from bot.assess import store
from bot.assess.service import flow
from localslack import LocalSlack
from storage.assess import AssessRound, AssessSession, CapturedReply
from storage.db import Database
from storage.series import AssessSeries, SeriesPrep, SeriesSession
from storage.types import row_id


@dataclass(frozen=True)
class Room:
    team_id: str
    channel_id: str
    leader_id: str


def fleet(
    slack: LocalSlack, workspaces: int, rooms_each: int, *, refused: frozenset[int] = frozenset()
) -> list[Room]:
    """Rooms over `workspaces`; the rooms whose index is in `refused` never let coachbot post."""
    rooms: list[Room] = []
    for w in range(workspaces):
        ws = add_workspace(slack, w)
        for n in range(rooms_each):
            channel, leader = add_room(ws, n, bot_member=len(rooms) not in refused)
            rooms.append(Room(ws.team_id, channel, leader))
    return rooms


# The longest statement the preparation form takes, and replies as long as Slack lets a message be,
# full of the characters that escaping lengthens.
HEAVY_STATEMENT = ("Feedback on <how> I lead & decide > " * 80)[:2500]
HEAVY_REPLY = ("What if <@U0NOBODY> & the team > the plan? " * 100)[:4000]
HEAVY_REPLIES = 12


def make_heavy(db: Database, round_ids: list[int], at: datetime) -> None:
    """Give these rounds a maximum-length statement on their card and long replies in every phase."""
    with db.session() as s:
        for round_id in round_ids:
            rnd = s.get(AssessRound, round_id)
            sitting = s.get(AssessSession, rnd.session_id) if rnd else None
            if rnd is None or sitting is None:
                continue
            series = AssessSeries(
                team_id=sitting.team_id,
                channel_id=sitting.channel_id,
                facilitator_id=sitting.facilitator_id,
                zone="UTC",
                leaders=rnd.leader_id,
                timing=sitting.timing,
                created_at=at,
            )
            s.add(series)
            s.flush()
            s.add(
                SeriesSession(
                    series_id=row_id(series),
                    number=1,
                    scheduled_at=at,
                    status="started",
                    assess_session_id=sitting.id,
                )
            )
            s.add(
                SeriesPrep(
                    series_id=row_id(series),
                    leader_id=rnd.leader_id,
                    example=HEAVY_STATEMENT,
                    statement=HEAVY_STATEMENT,
                    submitted_at=at,
                )
            )
            for n in range(HEAVY_REPLIES):
                s.add(
                    CapturedReply(
                        round_id=round_id,
                        channel_id=sitting.channel_id,
                        ts=f"{n + 1}.000001",
                        user_id=f"U0PEER{n}",
                        phase=1 + n % 3,
                        text=HEAVY_REPLY,
                        created_at=at,
                    )
                )


def start_rounds(
    db: Database, rooms: list[Room], starts: list[datetime], timing: tuple[int, ...], batch: int = 100
) -> list[int]:
    """A one-leader session per room whose round starts at starts[i] (its card is posted by the gateway,
    as for a round a button starts); returns the round ids in room order."""
    ids: list[int] = []
    for first in range(0, len(rooms), batch):
        with db.session() as s:
            for room, at in zip(rooms[first : first + batch], starts[first : first + batch], strict=True):
                sitting = AssessSession(
                    team_id=room.team_id,
                    channel_id=room.channel_id,
                    facilitator_id=room.leader_id,
                    timing=store.format_timing(timing),
                    live_key=store.live_key(room.team_id, room.channel_id),
                    created_at=at,
                )
                s.add(sitting)
                s.flush()
                rnd = AssessRound(session_id=row_id(sitting), position=0, leader_id=room.leader_id)
                s.add(rnd)
                s.flush()
                flow.begin_round(s, sitting, rnd, at, card_ts=None)
                ids.append(row_id(rnd))
    return ids
