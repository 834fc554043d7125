"""A person's feed link: shown once when made, replaced or revoked by its owner only (the token is theirs:
every request acts on the presser's own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.calendar import tokens
from bot.calendar.render import NO_PUBLIC_URL
from bot.platform.errors import Refused
from bot.privacy import audit
from storage.db import Database


@dataclass(frozen=True)
class Link:
    url: str | None  # a fresh link, in the clear this once
    since: datetime | None  # a live link made earlier, which cannot be shown again


def show(db: Database, *, team_id: str, user_id: str, base_url: str | None, now: datetime) -> Link:
    """The live link's date, or, with none, a fresh link."""
    with db.read() as s:
        found = tokens.live(s, team_id, user_id)
        if found is not None:
            return Link(None, found.created_at)
    return replace(db, team_id=team_id, user_id=user_id, base_url=base_url, now=now)


def replace(db: Database, *, team_id: str, user_id: str, base_url: str | None, now: datetime) -> Link:
    if base_url is None:
        raise Refused(NO_PUBLIC_URL)
    with db.session() as s:
        token = tokens.replace(s, team_id, user_id, now)
        audit.record(
            s,
            team_id=team_id,
            actor_id=user_id,
            action=audit.Action.CREATE,
            target=f"calendar_feed:{user_id}",
            now=now,
        )
    return Link(tokens.feed_url(base_url, token), None)


def revoke(db: Database, *, team_id: str, user_id: str, now: datetime) -> Link:
    with db.session() as s:
        if tokens.revoke(s, team_id, user_id, now):
            audit.record(
                s,
                team_id=team_id,
                actor_id=user_id,
                action=audit.Action.REVOKE,
                target=f"calendar_feed:{user_id}",
                now=now,
            )
    return Link(None, None)
