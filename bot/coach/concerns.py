"""Who hears about a failed `/coach` item (the engagement's coach), and how it is named to them."""

from __future__ import annotations

from sqlmodel import Session

from bot.coach import store
from bot.coach.domain.visibility import Role
from bot.failures import Concerns, resolves
from bot.slack.text import mention

# Words in a coach key, as a coach would name the message; the first that appears wins.
MESSAGES = {
    "coach_nudge": "your nudge before a call",
    "nudge": "a nudge before a call",
    "checkin_reminder": "a check-in reminder",
    "checkin": "a check-in prompt",
    "summary": "a sponsor summary",
    "cycle": "a cycle summary",
    "chart": "a progress chart",
    "intake_reminder": "an intake reminder",
    "disclosure_reminder": "a reminder to tell the affected colleagues",
    "disclosure": "the list of affected colleagues to tell",
    "welcome": "an invitation to the engagement",
    "stage": "a stage change notice",
    "feedback": "a feedback item",
    "commitment": "a commitment to confirm",
}


@resolves("coach:")
def coach_message(s: Session, item: str) -> Concerns | None:
    parts = item.split(":")
    engagement_id = int(parts[1])
    coaches = store.people(s, engagement_id, Role.COACH)
    if not coaches:
        return None
    what = next((MESSAGES[p] for p in parts[2:] if p in MESSAGES), "a message")
    person = parts[-1] if parts[-1][:1] in ("U", "W") and parts[-1] != coaches[0] else None
    to = f" to {mention(person)}" if person else ""
    return Concerns(coaches[0], f"{what}{to} in engagement #{engagement_id}")
