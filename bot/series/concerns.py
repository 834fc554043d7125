"""Who hears about a failed item of a planned series (its facilitator), and how it is named to them."""

from __future__ import annotations

from sqlmodel import Session

from bot.failures import Concerns, resolves
from storage.programme_models import AssessSeries

# Words in a series key, as a facilitator would name the message.
MESSAGES = {
    "plan": "the plan post",
    "prep_dm": "a preparation request",
    "prep_reminder": "a preparation reminder",
    "day_before": "the reminder a day before a session",
    "soon": "the reminder 15 minutes before a session",
    "moved": "a notice that a session moved",
    "cancelled": "a notice that a session was cancelled",
}


@resolves("series:")
def series_message(s: Session, item: str) -> Concerns | None:
    parts = item.split(":")
    series = s.get(AssessSeries, int(parts[1]))
    if series is None:
        return None
    what = next((MESSAGES[p] for p in parts[2:] if p in MESSAGES), "a message of the series")
    return Concerns(series.facilitator_id, f"{what} for the series in <#{series.channel_id}>")
