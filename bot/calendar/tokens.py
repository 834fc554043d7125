"""Private feed tokens: random and long, kept only as their SHA-256, shown once to their owner, revocable
and replaceable. A person has at most one live token per workspace."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.calendar import CalendarFeedToken

FEED_PATH = "/calendar/"
SUFFIX = ".ics"


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits, 43 URL-safe characters


def hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{FEED_PATH}{token}{SUFFIX}"


@dataclass(frozen=True)
class Owner:
    team_id: str
    user_id: str
    since: datetime  # when the token was made


def live(s: Session, team_id: str, user_id: str) -> CalendarFeedToken | None:
    return s.exec(
        select(CalendarFeedToken).where(
            CalendarFeedToken.team_id == team_id,
            CalendarFeedToken.user_id == user_id,
            col(CalendarFeedToken.revoked_at).is_(None),
        )
    ).first()


def revoke(s: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """Revoke the person's live token; False when there was none."""
    found = live(s, team_id, user_id)
    if found is None:
        return False
    found.revoked_at = now
    s.add(found)
    return True


def replace(s: Session, team_id: str, user_id: str, now: datetime) -> str:
    """A fresh token (the old one, if any, stops working at once); the only time it is in the clear."""
    revoke(s, team_id, user_id, now)
    token = new_token()
    s.add(CalendarFeedToken(token_hash=hashed(token), team_id=team_id, user_id=user_id, created_at=now))
    return token


def owner(s: Session, token: str) -> Owner | None:
    """Whose live token this is; None for an unknown or revoked one (looked up by its hash only)."""
    if not token or len(token) > 128:
        return None
    found = s.exec(
        select(CalendarFeedToken).where(
            CalendarFeedToken.token_hash == hashed(token), col(CalendarFeedToken.revoked_at).is_(None)
        )
    ).first()
    return Owner(found.team_id, found.user_id, found.created_at) if found else None
