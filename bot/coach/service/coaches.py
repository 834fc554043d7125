"""Who may coach: the workspace's list of people who may create engagements and be named coach. Admins and
owners (from users.info) and people on the list change it; while it is empty, nobody may coach."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.platform.errors import Refused
from bot.platform.people import not_a_person
from bot.privacy import audit
from bot.slack.text import mention
from storage.db import Database
from storage.privacy import CoachRoster

# users.info's `user` for a person: how the service learns whether they administer the workspace.
UserLookup = Callable[[str], dict[str, Any]]

_MENTION = re.compile(r"^<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$")

EMPTY = (
    "Nobody in this workspace may coach yet: a workspace admin or owner adds the first coach with "
    "`/coach coaches add @name`."
)


def listed(s: Session, team_id: str) -> list[str]:
    rows = s.exec(
        select(CoachRoster.user_id)
        .where(CoachRoster.team_id == team_id)
        .order_by(col(CoachRoster.added_at), col(CoachRoster.user_id))
    ).all()
    return list(rows)


def may_coach(s: Session, team_id: str, user_id: str) -> bool:
    return s.get(CoachRoster, (team_id, user_id)) is not None


def refusal(s: Session, team_id: str, lead: str) -> Refused:
    names = listed(s, team_id)
    if not names:
        return Refused(f"{lead}. {EMPTY}")
    return Refused(
        f"{lead}: only the workspace's coaches may ({', '.join(mention(u) for u in names)}). "
        "A coach or a workspace admin adds people with `/coach coaches add @name`."
    )


def require_creator(db: Database, *, team_id: str, user_id: str) -> None:
    """Refuse `/coach new` before its modal opens when the person may not create an engagement."""
    with db.read() as s:
        if not may_coach(s, team_id, user_id):
            raise refusal(s, team_id, "You cannot create a coaching engagement")


def check_engagement(s: Session, *, team_id: str, creator_id: str, coach_id: str) -> None:
    """Both the creator and the named coach must be on the list."""
    if not may_coach(s, team_id, creator_id):
        raise refusal(s, team_id, "You cannot create a coaching engagement")
    if not may_coach(s, team_id, coach_id):
        raise refusal(s, team_id, f"{mention(coach_id)} cannot be named coach")


def is_admin(user: dict[str, Any]) -> bool:
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def _require_changer(s: Session, team_id: str, user_id: str, lookup: UserLookup) -> None:
    if may_coach(s, team_id, user_id) or is_admin(lookup(user_id)):
        return
    raise Refused(
        "Only a workspace admin or owner, or someone already on the list, can change who may coach."
    )


def coaches_text(db: Database, team_id: str) -> str:
    with db.read() as s:
        names = listed(s, team_id)
    if not names:
        return EMPTY
    return (
        f"*Coaches* (they create engagements and are named coach): {', '.join(mention(u) for u in names)}\n"
        "Change the list with `/coach coaches add @name` or `/coach coaches remove @name`."
    )


def add(db: Database, *, team_id: str, by: str, user_id: str, lookup: UserLookup, now: datetime) -> str:
    if not_a_person(user_id, lookup(user_id)) is not None:
        raise Refused(f"{mention(user_id)} is not an active person in this workspace.")
    with db.session() as s:
        _require_changer(s, team_id, by, lookup)
        if may_coach(s, team_id, user_id):
            return f"{mention(user_id)} is already on the list of coaches."
        s.add(CoachRoster(team_id=team_id, user_id=user_id, added_by=by, added_at=now))
        audit.record(
            s, team_id=team_id, actor_id=by, action=audit.Action.ADD_COACH, target=f"user:{user_id}", now=now
        )
    return f"{mention(user_id)} may now create coaching engagements and be named coach."


def remove(db: Database, *, team_id: str, by: str, user_id: str, lookup: UserLookup, now: datetime) -> str:
    with db.session() as s:
        _require_changer(s, team_id, by, lookup)
        row = s.get(CoachRoster, (team_id, user_id))
        if row is None:
            return f"{mention(user_id)} is not on the list of coaches."
        s.delete(row)
        audit.record(
            s,
            team_id=team_id,
            actor_id=by,
            action=audit.Action.REMOVE_COACH,
            target=f"user:{user_id}",
            now=now,
        )
        left = [u for u in listed(s, team_id) if u != user_id]
    after = "" if left else " The list is now empty, so nobody may coach until an admin adds someone."
    return f"{mention(user_id)} is no longer on the list of coaches.{after}"


def answer(db: Database, *, team_id: str, by: str, text: str, lookup: UserLookup, now: datetime) -> str:
    """`/coach coaches [add|remove @name]`."""
    verb, _, who = text.strip().partition(" ")
    if not verb:
        return coaches_text(db, team_id)
    match = _MENTION.match(who.strip())
    if verb.lower() not in ("add", "remove") or match is None:
        return "Type `/coach coaches`, `/coach coaches add @name` or `/coach coaches remove @name`."
    change = add if verb.lower() == "add" else remove
    return change(db, team_id=team_id, by=by, user_id=match.group(1), lookup=lookup, now=now)
