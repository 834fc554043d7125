"""`/coach` slash-command text -> a typed request: which verb, and the rest (an engagement's name, or who)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verb(StrEnum):
    COACHES = "coaches"  # list, add or remove who may coach
    NEW = "new"
    LIST = "list"
    STATUS = "status"
    NEXT = "next"
    FEEDBACK = "feedback"
    COMMIT = "commit"
    EXPORT = "export"
    ERASE = "erase"
    HELP = "help"  # anything we do not know


# These act on one engagement: the rest of the text names it when the person is in more than one.
ON_ENGAGEMENT = frozenset({Verb.STATUS, Verb.NEXT, Verb.FEEDBACK, Verb.COMMIT, Verb.EXPORT, Verb.ERASE})


@dataclass(frozen=True)
class CoachCommand:
    verb: Verb
    rest: str  # the text after the verb, as typed


def parse(text: str | None) -> CoachCommand:
    """The first word chooses the verb (any case); an unknown or missing one asks for help."""
    word, _, rest = (text or "").strip().partition(" ")
    try:
        verb = Verb(word.lower())
    except ValueError:
        verb = Verb.HELP
    return CoachCommand(verb, rest)
