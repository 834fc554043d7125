"""`/assess` states as StrEnums: a sitting's, a round's, a chart upload's, and who speaks in a phase.

A StrEnum equals its string, so the tables keep `str` columns and stored rows read back unchanged."""

from __future__ import annotations

from enum import StrEnum


class SittingStatus(StrEnum):
    LIVE = "live"
    ENDED = "ended"  # every round ran
    STOPPED = "stopped"  # the facilitator ran `/assess stop`


class RoundStatus(StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    STOPPED = "stopped"  # ended early by the facilitator


# A round on the clock (its card has buttons), and a round that is over.
ACTIVE = frozenset({RoundStatus.RUNNING, RoundStatus.PAUSED})
FINISHED = frozenset({RoundStatus.DONE, RoundStatus.STOPPED})


class UploadStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # see failed_work


class Speaker(StrEnum):
    LEADER = "leader"
    PEERS = "peers"
