"""A person's calendar feed, read by its token: every call and session they are in, across programmes.

Calendar apps poll it, mostly to hear that nothing changed. So the feed is named (its ETag, and its
Last-Modified) by a version read with two aggregate queries over the person's series: how many attendees
and changes they have, and when the latest was written. Every change a calendar shows writes one of those
rows (an invite, a move, a skip, a cancellation, a close, an erasure), so an unchanged version is an
unchanged feed, and a 304 costs no entries and no text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from bot.calendar import ics, store, tokens
from bot.calendar.domain import visible_to
from storage.calendar import CalendarAttendee, CalendarChange
from storage.db import Database
from storage.privacy import UninstalledTeam


@dataclass(frozen=True)
class Head:
    owner: tokens.Owner
    etag: str
    last_modified: datetime


def head(db: Database, token: str) -> Head | None:
    """None for an unknown or revoked token, or a workspace that uninstalled coachbot."""
    with db.read() as s:
        who = tokens.owner(s, token)
        if who is None or s.get(UninstalledTeam, who.team_id) is not None:
            return None
        return _head(s, who)


def body(db: Database, owner: tokens.Owner) -> tuple[Head, bytes]:
    """The whole feed, and its head read with it (so the ETag names exactly these bytes)."""
    with db.read() as s:
        named = _head(s, owner)
        mine = store.person_entries(s, owner.team_id, owner.user_id)
    return named, ics.feed(visible_to(mine, owner.user_id))


def _head(s: Session, who: tokens.Owner) -> Head:
    mine = select(CalendarAttendee.source).where(
        CalendarAttendee.team_id == who.team_id, CalendarAttendee.user_id == who.user_id
    )
    people, added = s.exec(
        select(func.count(), func.max(CalendarAttendee.added_at)).where(
            col(CalendarAttendee.source).in_(mine)
        )
    ).one()
    changes, changed, sequences = s.exec(
        select(func.count(), func.max(CalendarChange.updated_at), func.sum(CalendarChange.sequence)).where(
            col(CalendarChange.source).in_(mine)
        )
    ).one()
    version = (
        f"{ics.FEED_LAYOUT}|{who.team_id}|{who.user_id}|{people}|{added}|{changes}|{changed}|{sequences}"
    )
    stamps = [t for t in (added, changed, who.since) if t is not None]
    return Head(
        who, f'"{hashlib.sha256(version.encode()).hexdigest()[:32]}"', max(stamps).replace(microsecond=0)
    )
