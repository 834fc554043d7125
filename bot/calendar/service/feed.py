"""A person's calendar feed, read by its token: every call and session they are in, across programmes, with
an ETag (a fingerprint of what the feed holds) and a Last-Modified (its latest change), so a calendar app
polling it gets a 304 without the feed's text being made at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.calendar import ics, store, tokens
from bot.calendar.domain import Entry, visible_to
from storage.db import Database
from storage.privacy import UninstalledTeam


@dataclass(frozen=True)
class Feed:
    entries: tuple[Entry, ...]
    etag: str
    last_modified: datetime

    def body(self) -> bytes:
        return ics.feed(self.entries)


def person_feed(db: Database, token: str) -> Feed | None:
    """None for an unknown or revoked token, or a workspace that uninstalled coachbot."""
    with db.read() as s:
        who = tokens.owner(s, token)
        if who is None or s.get(UninstalledTeam, who.team_id) is not None:
            return None
        entries = visible_to(store.entries(s, store.sources_of(s, who.team_id, who.user_id)), who.user_id)
    changed = max((e.changed_at for e in entries), default=who.since)
    return Feed(
        tuple(entries), f'"{ics.fingerprint(entries)}"', max(changed, who.since).replace(microsecond=0)
    )
