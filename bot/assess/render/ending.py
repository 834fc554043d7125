"""How a round ended, in words: an early end with its clock time, and the note on its schedule."""

from __future__ import annotations

from datetime import timedelta

from bot.assess.domain.ending import EarlyEnd
from bot.slack.text import duration, local_time, mention


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
