"""Live `/assess` rounds for the benchmarks: many workspaces, one round per channel, started in the db."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bench.common import add_room, add_workspace
from bot.assess import flow, store
from localslack import LocalSlack
from storage.db import Database
from storage.models import AssessRound, AssessSession


@dataclass(frozen=True)
class Room:
    team_id: str
    channel_id: str
    leader_id: str


def fleet(slack: LocalSlack, workspaces: int, rooms_each: int) -> list[Room]:
    rooms = []
    for w in range(workspaces):
        ws = add_workspace(slack, w)
        for n in range(rooms_each):
            channel, leader = add_room(ws, n)
            rooms.append(Room(ws.team_id, channel, leader))
    return rooms


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
                rnd = AssessRound(session_id=sitting.id or 0, position=0, leader_id=room.leader_id)
                s.add(rnd)
                s.flush()
                flow.begin_round(s, sitting, rnd, at, card_ts=None)
                ids.append(rnd.id or 0)
    return ids
