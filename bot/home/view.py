"""What one person's App Home shows, across both programmes, as plain data: `load_home` reads it from the
stores of `/coach` (bot/home/coaching.py) and planned `/assess` series (bot/home/series.py), each part
through its programme's visibility rules; bot/home/render.py turns it into Block Kit without a database.

Nothing here holds words anyone typed but an engagement's name (its label in every `/coach` command): no
intake answers, feedback, check-ins, commitment texts, preparation or digests. Those stay in the DMs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session


class Event(StrEnum):
    """An upcoming call or session, as its reader takes part in it."""

    OWN_CALL = "own_call"  # a leader's coaching call with the coach
    LEADER_CALL = "leader_call"  # the coach's call with one leader (`with_id`)
    THREE_WAY = "three_way"  # both leaders and the coach
    SESSION = "session"  # a session of a planned series (`number`)
    SESSION_MOVED = "session_moved"


class Task(StrEnum):
    """Something the person still owes, each with the button that does it."""

    INTAKE = "intake"
    CHECKIN = "checkin"
    CONFIRM = "confirm"  # a commitment of `with_id` to confirm
    TELL = "tell"  # tell colleague `with_id` about your commitment
    PREPARE = "prepare"
    PREPARED = "prepared"  # not owed: preparation in, editable until the round starts


@dataclass(frozen=True)
class Place:
    """Where a thing belongs: an engagement (its name, as its coach typed it) or a series' channel."""

    engagement: str | None = None
    channel_id: str | None = None


@dataclass(frozen=True)
class Upcoming:
    at: datetime
    event: Event
    place: Place
    with_id: str | None = None
    number: int = 0


@dataclass(frozen=True)
class ToDo:
    task: Task
    place: Place
    due: datetime | None  # most urgent first; None after every dated one
    value: str  # the button's value, as the DM's button carries it
    with_id: str | None = None
    at: datetime | None = None  # the call a check-in is for


@dataclass(frozen=True)
class EngagementState:
    """An engagement as the person's roles may see it: counts only for coach and sponsor (README's table);
    for everyone else the stage alone."""

    name: str
    stage: str
    roles: tuple[str, ...]
    next_call: datetime | None = None
    intakes: tuple[int, int] | None = None  # (in, expected): coach
    reviews_open: int | None = None  # feedback items not yet reviewed: coach
    commitments: tuple[int, int] | None = None  # (confirmed by both, recorded): coach and sponsor
    checkins: int | None = None  # coach
    calls: tuple[int, int] | None = None  # (held, skipped): coach and sponsor


@dataclass(frozen=True)
class GroupReadiness:
    """A facilitator's series: who has prepared (names only, never what they wrote)."""

    channel_id: str
    next_session: datetime | None
    ready: tuple[str, ...]
    waiting: tuple[str, ...]


@dataclass(frozen=True)
class HomeView:
    upcoming: list[Upcoming] = field(default_factory=list)  # soonest first
    todo: list[ToDo] = field(default_factory=list)  # most urgent first
    engagements: list[EngagementState] = field(default_factory=list)
    groups: list[GroupReadiness] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.upcoming or self.todo or self.engagements or self.groups)


# Read at most this many upcoming items per engagement or series: the tab shows a handful, then a count.
UPCOMING_READ = 20


def load_home(s: Session, *, team_id: str, user_id: str, now: datetime) -> HomeView:
    from bot.home import coaching, series  # the parts import this module's types

    parts = [coaching.load(s, team_id=team_id, user_id=user_id, now=now)]
    parts.append(series.load(s, team_id=team_id, user_id=user_id, now=now))
    return HomeView(
        upcoming=sorted((x for p in parts for x in p.upcoming), key=lambda x: x.at),
        todo=sorted((x for p in parts for x in p.todo), key=urgency),
        engagements=[x for p in parts for x in p.engagements],
        groups=[x for p in parts for x in p.groups],
    )


def urgency(item: ToDo) -> tuple[bool, bool, float]:
    """Owed before done, dated before undated, soonest first."""
    return (item.task is Task.PREPARED, item.due is None, item.due.timestamp() if item.due else 0.0)
