"""A person's calendar feed, read by its token: every call and session they are in, across programmes, with
an ETag (of the bytes) and a Last-Modified (the latest change) so a calendar app polling it gets 304s."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from bot.calendar import ics, store, tokens
from bot.calendar.domain import visible_to
from storage.db import Database
from storage.privacy import UninstalledTeam


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: datetime


def person_feed(db: Database, token: str) -> Feed | None:
    """None for an unknown or revoked token, or a workspace that uninstalled coachbot."""
    with db.read() as s:
        who = tokens.owner(s, token)
        if who is None or s.get(UninstalledTeam, who.team_id) is not None:
            return None
        entries = visible_to(store.entries(s, store.sources_of(s, who.team_id, who.user_id)), who.user_id)
    body = ics.feed(entries)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    changed = max((e.changed_at for e in entries), default=who.since)
    return Feed(body, etag, max(changed, who.since).replace(microsecond=0))
