"""How a round ended, in words: who ended it early and when, and how far off its schedule it finished."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.assess.domain.statuses import RoundStatus
from bot.slack.text import duration, local_time, mention
from storage.models import AssessRound, AssessSession


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


def early_end_text(end: EarlyEnd) -> str:
    """`*Ended early* by <@F> at 4:12 of 11:00 (14:04:12)`: the clock time in the reader's time zone."""
    return (
        f"*Ended early* by {mention(end.by)} at {_minutes(end.elapsed)} of {_minutes(end.planned)} "
        f"({local_time(end.at, seconds=True)})"
    )


def schedule_note(overrun: timedelta) -> str | None:
    """`1 min 15 s ahead of schedule`, `20 s behind schedule`, or None within a second of it."""
    if abs(overrun) < timedelta(seconds=1):
        return None
    return f"{duration(abs(overrun))} {'behind' if overrun > timedelta(0) else 'ahead of'} schedule"


def _minutes(delta: timedelta) -> str:
    minutes, seconds = divmod(max(round(delta.total_seconds()), 0), 60)
    return f"{minutes}:{seconds:02d}"
