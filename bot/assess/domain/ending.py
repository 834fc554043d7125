"""How a round ended: who ended it early and when, and how far off its schedule it finished."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.assess.domain.statuses import RoundStatus
from storage.assess import AssessRound, AssessSession


@dataclass(frozen=True)
class EarlyEnd:
    """A round the facilitator ended before its last phase ran out ("End round" or `/assess stop`)."""

    by: str
    at: datetime
    elapsed: timedelta
    planned: timedelta


def planned_length(timing: tuple[int, ...]) -> timedelta:
    return timedelta(seconds=sum(timing))


def overrun_ms(rnd: AssessRound, timing: tuple[int, ...]) -> int:
    """How long the round ran beyond its planned length; negative when it finished ahead of schedule."""
    assert rnd.started_at is not None
    assert rnd.ended_at is not None
    took = rnd.ended_at - rnd.started_at
    return round((took - planned_length(timing)).total_seconds() * 1000)


def early_end_of(rnd: AssessRound, sitting: AssessSession, timing: tuple[int, ...]) -> EarlyEnd | None:
    if rnd.status != RoundStatus.STOPPED or rnd.started_at is None or rnd.ended_at is None:
        return None
    return EarlyEnd(
        sitting.facilitator_id, rnd.ended_at, rnd.ended_at - rnd.started_at, planned_length(timing)
    )
