"""Writing a series' calendar rows in the caller's transaction: its attendees as issued, each change of an
occurrence (its RECURRENCE-ID and SEQUENCE), and the .ics files due to the people in it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, select

import bot.calendar.service.uploads  # noqa: F401  (the gateway sends the rows written here: bot/slack/uploads.py)
from storage.calendar import CalendarAttendee, CalendarChange, CalendarInvite


def attendees(s: Session, source: str) -> list[str]:
    rows = s.exec(select(CalendarAttendee.user_id).where(CalendarAttendee.source == source)).all()
    return sorted(rows)


def issue(
    s: Session, *, source: str, team_id: str, people: Sequence[str], prefix: str, now: datetime
) -> None:
    """The people in a series get its invite (once each); from now on they see it in their feed."""
    known = set(attendees(s, source))
    for person in people:
        if person in known:
            continue
        s.add(CalendarAttendee(source=source, user_id=person, team_id=team_id, added_at=now))
        _invite(s, f"{prefix}:invite:{source}:request:{person}", team_id, person, source, "request", now)


def change(s: Session, *, source: str, key: str, original: datetime, now: datetime) -> int:
    """Record that an occurrence changed; its new SEQUENCE. The first change keeps where it was issued."""
    found = s.get(CalendarChange, key)
    if found is None:
        found = CalendarChange(key=key, source=source, original_at=original, sequence=0, updated_at=now)
    found.sequence += 1
    found.updated_at = now
    s.add(found)
    s.flush()
    return found.sequence


def tell(s: Session, *, source: str, team_id: str, prefix: str, what: str, tag: str, now: datetime) -> None:
    """Each person in the series gets the file `what` describes (update:…, cancel:… or close:…)."""
    for person in attendees(s, source):
        _invite(s, f"{prefix}:invite:{source}:{tag}:{person}", team_id, person, source, what, now)


def moved(
    s: Session, *, source: str, key: str, team_id: str, prefix: str, was: datetime, now: datetime
) -> None:
    """One occurrence moved: its people get an update of it (RECURRENCE-ID `was`, a higher SEQUENCE)."""
    seq = change(s, source=source, key=key, original=was, now=now)
    tell(
        s,
        source=source,
        team_id=team_id,
        prefix=prefix,
        what=f"update:{key}",
        tag=f"update:{key}:{seq}",
        now=now,
    )


def cancelled(
    s: Session, *, source: str, key: str, team_id: str, prefix: str, at: datetime, now: datetime
) -> None:
    """One occurrence skipped or cancelled: its people get a METHOD:CANCEL of it."""
    change(s, source=source, key=key, original=at, now=now)
    what = f"cancel:{key}"
    tell(s, source=source, team_id=team_id, prefix=prefix, what=what, tag=what, now=now)


def _invite(s: Session, key: str, team_id: str, user_id: str, source: str, what: str, now: datetime) -> None:
    if s.get(CalendarInvite, key) is None:
        s.add(
            CalendarInvite(key=key, team_id=team_id, user_id=user_id, source=source, change=what, due_at=now)
        )
