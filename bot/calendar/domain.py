"""Pure rules of calendar events: who is in which call or session, what each is for, and an event series'
occurrences as issued (first planned, moved, cancelled) with the sequence each change carries."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Kind(StrEnum):
    """What an event series is: it decides its title, its description and its length."""

    INDIVIDUAL = "individual"  # one leader and the coach
    THREE_WAY = "three_way"  # both leaders and the coach
    FEEDBACK = "feedback"  # the one-day feedback session
    ALIGNMENT = "alignment"  # leaders, coach and sponsors agree expectations
    SESSION = "session"  # a planned /assess series' sessions


class Meeting(StrEnum):
    """The two coach meetings that get a date and time from the coach."""

    FEEDBACK = "feedback"
    ALIGNMENT = "alignment"


LENGTH = {
    Kind.INDIVIDUAL: timedelta(hours=1),  # as bot/coach/domain/schedule.py's CALL_LENGTH
    Kind.THREE_WAY: timedelta(hours=1),
    Kind.FEEDBACK: timedelta(hours=7),  # a working day
    Kind.ALIGNMENT: timedelta(hours=2),
}
SESSION_OVERHEAD = timedelta(minutes=15)  # a session's rounds plus settling in and the wrap-up

# Titles and descriptions say what an event is for and nothing anyone wrote: calendars are often shared.
TITLES = {
    Kind.INDIVIDUAL: "Coaching call",
    Kind.THREE_WAY: "Three-way coaching call",
    Kind.FEEDBACK: "Feedback session",
    Kind.ALIGNMENT: "Alignment meeting",
    Kind.SESSION: "Assessment session",
}
_WHAT = {
    Kind.INDIVIDUAL: "A one-to-one coaching call between a leader and their coach",
    Kind.THREE_WAY: "A three-way coaching call: both leaders and their coach",
    Kind.FEEDBACK: "The one-day feedback session: the coach goes through the feedback gathered at intake",
    Kind.ALIGNMENT: "The alignment meeting: the leaders, their coach and sponsors agree expectations "
    "and commitments",
    Kind.SESSION: "A session of live self and peer assessment rounds, run in Slack by the facilitator",
}
_AFTER = {
    Kind.INDIVIDUAL: "coachbot reminds you before it (move or skip it from that message) and asks the "
    "leader for a short check-in after it.",
    Kind.THREE_WAY: "coachbot reminds you before it (move or skip it from that message) and asks each "
    "leader for a short check-in after it.",
    Kind.FEEDBACK: "Each leader then reviews their feedback in Slack.",
    Kind.ALIGNMENT: "Commitments are then confirmed in Slack.",
    Kind.SESSION: "Join it in the series' Slack channel; coachbot reminds the channel before it.",
}


def description(kind: Kind, interval_weeks: int) -> str:
    every = (
        f", every {interval_weeks} weeks" if interval_weeks > 1 else ", every week" if interval_weeks else ""
    )
    return f"{_WHAT[kind]}{every}. {_AFTER[kind]}"


def call_people(*, leader_id: str | None, leaders: Sequence[str], coaches: Sequence[str]) -> tuple[str, ...]:
    """Who is in one call: its leader (both leaders in the three-way call, `leader_id` None) and the coach."""
    return tuple(dict.fromkeys([*([leader_id] if leader_id else leaders), *coaches]))


def meeting_people(
    meeting: Meeting, *, leaders: Sequence[str], coaches: Sequence[str], sponsors: Sequence[str]
) -> tuple[str, ...]:
    """The feedback session is the leaders' and the coach's; the alignment meeting adds the sponsors."""
    extra = sponsors if meeting is Meeting.ALIGNMENT else ()
    return tuple(dict.fromkeys([*leaders, *coaches, *extra]))


def session_people(*, leaders: Sequence[str], facilitator: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*leaders, facilitator]))


@dataclass(frozen=True)
class Occurrence:
    key: str  # the call's or session's own key, e.g. coach_call:12
    original: datetime  # UTC, as first issued: its RECURRENCE-ID
    starts_at: datetime  # UTC, now
    cancelled: bool = False
    sequence: int = 0

    @property
    def moved(self) -> bool:
        return self.starts_at != self.original and not self.cancelled


@dataclass(frozen=True)
class Entry:
    """One event series, one UID: a call slot's calls, a meeting, a planned series' sessions."""

    source: str  # coach_slot:<id> | coach_meeting:<eid>:<kind> | series:<id>
    team_id: str
    kind: Kind
    organizer: str
    attendees: tuple[str, ...]
    zone: str  # the creator's (or facilitator's) IANA zone: wall-clock times recur there
    length: timedelta
    occurrences: tuple[Occurrence, ...]  # by original start
    changed_at: datetime  # the last change of anything in it: the feed's Last-Modified

    @property
    def uid(self) -> str:
        return f"{self.source.replace(':', '-')}-{self.team_id}@coachbot"

    @property
    def interval_weeks(self) -> int:
        return recurrence([o.original for o in self.occurrences], self.zone)

    def occurrence(self, key: str) -> Occurrence | None:
        return next((o for o in self.occurrences if o.key == key), None)


def recurrence(originals: Sequence[datetime], zone: str) -> int:
    """The week interval that generates `originals` at one wall-clock time in `zone` (an RRULE with UNTIL the
    last one), or 0 when they are one event or follow no such rule (then each is listed, RDATE)."""
    if len(originals) < 2:
        return 0
    local = [o.astimezone(ZoneInfo(zone)) for o in originals]
    gap = (local[1].date() - local[0].date()).days
    if gap <= 0 or gap % 7:
        return 0
    for a, b in itertools.pairwise(local):
        if (b.date() - a.date()).days != gap or b.timetz().replace(tzinfo=None) != a.timetz().replace(
            tzinfo=None
        ):
            return 0
    return gap // 7


def visible_to(entries: Iterable[Entry], user_id: str) -> list[Entry]:
    """Only the series a person is in: a file or feed never carries anyone else's call."""
    return [e for e in entries if user_id in e.attendees]
