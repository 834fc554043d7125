"""Who hears about a failed item of a planned series (its facilitator), and how it is named to them."""

from __future__ import annotations

from sqlmodel import Session

from bot.failures import Concerns, resolves
from bot.series.domain import DueKind, SessionStatus
from storage.series import AssessSeries

# Words in a series key, as a facilitator would name the message.
MESSAGES: dict[str, str] = {
    "plan": "the plan post",
    "prep_dm": "a preparation request",
    DueKind.PREP_REMINDER: "a preparation reminder",
    DueKind.DAY_BEFORE: "the reminder a day before a session",
    DueKind.SOON: "the reminder 15 minutes before a session",
    SessionStatus.MOVED: "a notice that a session moved",
    SessionStatus.CANCELLED: "a notice that a session was cancelled",
}


@resolves("series:")
def series_message(s: Session, item: str) -> Concerns | None:
    parts = item.split(":")
    series = s.get(AssessSeries, int(parts[1]))
    if series is None:
        return None
    what = next((MESSAGES[p] for p in parts[2:] if p in MESSAGES), "a message of the series")
    return Concerns(series.facilitator_id, f"{what} for the series in <#{series.channel_id}>")
