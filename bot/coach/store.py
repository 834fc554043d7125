"""Queries over the `/coach` tables: an engagement's people and their roles."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.coach.visibility import Role
from storage.coach_models import CoachEngagement, CoachMember


class Refused(Exception):
    """The request cannot go ahead; the message tells the person why and what to do."""


def roles_of(s: Session, engagement_id: int, user_id: str) -> frozenset[Role]:
    rows = s.exec(
        select(CoachMember.role).where(
            CoachMember.engagement_id == engagement_id, CoachMember.user_id == user_id
        )
    ).all()
    return frozenset(Role(r) for r in rows)


def people(s: Session, engagement_id: int, role: Role) -> list[str]:
    rows = s.exec(
        select(CoachMember.user_id)
        .where(CoachMember.engagement_id == engagement_id, CoachMember.role == role.value)
        .order_by(col(CoachMember.position), col(CoachMember.user_id))
    ).all()
    return list(rows)


def engagement(s: Session, engagement_id: int) -> CoachEngagement:
    found = s.get(CoachEngagement, engagement_id)
    if found is None or found.erased_at is not None:
        raise Refused("That engagement no longer exists.")
    return found


def current_for(s: Session, team_id: str, user_id: str) -> CoachEngagement | None:
    """The newest engagement this person takes part in that has not been erased."""
    return s.exec(
        select(CoachEngagement)
        .join(CoachMember, col(CoachMember.engagement_id) == col(CoachEngagement.id))
        .where(
            CoachEngagement.team_id == team_id,
            CoachMember.user_id == user_id,
            col(CoachEngagement.erased_at).is_(None),
        )
        .order_by(col(CoachEngagement.id).desc())
    ).first()


def require(s: Session, engagement_id: int, user_id: str, allowed: set[Role], what: str) -> frozenset[Role]:
    """The person's roles, or a refusal that names who may do this."""
    roles = roles_of(s, engagement_id, user_id)
    if not roles & allowed:
        names = " or ".join(sorted(r.value for r in allowed))
        raise Refused(f"Only the engagement's {names} can {what}.")
    return roles
