"""Who hears about a failed `/assess` item (the session's facilitator), and how it is named to them."""

from __future__ import annotations

from sqlmodel import Session

from bot.failures import Concerns, resolves
from bot.slack.text import mention
from storage.assess import AssessRound, AssessSession

# The tail of an outbox key after "assess:<round>:", as a facilitator would name the message.
ROUND_MESSAGES = {
    "phase": "a phase announcement",
    "digest": "the private digest",
    "anon": "an anonymous feedback post",
    "share": "the shared digest",
    "score": "a score confirmation",
    "advance": "the phase change",
}
SESSION_MESSAGES = {
    "wrap-up": "the wrap-up",
    "script": "your facilitator script",
    "sponsor": "the sponsor summary",
    "chart": "the sponsors' chart",
}


@resolves("assess-round:")
def card(s: Session, item: str) -> Concerns | None:
    return _round(s, int(item.split(":")[1]), "the round card")


@resolves("assess:session:")
def session_message(s: Session, item: str) -> Concerns | None:
    parts = item.split(":")
    sitting = s.get(AssessSession, int(parts[2]))
    if sitting is None:
        return None
    what = SESSION_MESSAGES.get(parts[3] if len(parts) > 3 else "", "a message of the session")
    return Concerns(sitting.facilitator_id, f"{what} in <#{sitting.channel_id}>")


@resolves("assess:")
def round_message(s: Session, item: str) -> Concerns | None:
    parts = item.split(":")
    what = ROUND_MESSAGES.get(parts[2] if len(parts) > 2 else "", "a message")
    return _round(s, int(parts[1]), what)


def _round(s: Session, round_id: int, what: str) -> Concerns | None:
    rnd = s.get(AssessRound, round_id)
    sitting = s.get(AssessSession, rnd.session_id) if rnd is not None else None
    if rnd is None or sitting is None:
        return None
    return Concerns(
        sitting.facilitator_id,
        f"{what} of {mention(rnd.leader_id)}'s round in <#{sitting.channel_id}>",
    )
