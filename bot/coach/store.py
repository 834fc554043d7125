"""Queries over the `/coach` tables: an engagement, its people and their roles, its check-in scores."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.coach.domain.engagement import Stage
from bot.coach.domain.visibility import Role
from bot.platform.errors import Refused
from bot.slack.text import escape
from storage.coach import CoachCheckIn, CoachEngagement, CoachMember


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


CLOSED = "This engagement is closed, so its buttons and forms no longer do anything."


def open_engagement(s: Session, engagement_id: int) -> CoachEngagement:
    """The engagement, or a refusal once it is closed: old buttons and forms change nothing after that."""
    found = engagement(s, engagement_id)
    if found.stage == Stage.CLOSED:
        raise Refused(CLOSED)
    return found


def engagements_for(s: Session, team_id: str, user_id: str) -> list[CoachEngagement]:
    """Every engagement this person takes part in that has not been erased, newest first."""
    return list(
        s.exec(
            select(CoachEngagement)
            .join(CoachMember, col(CoachMember.engagement_id) == col(CoachEngagement.id))
            .where(
                CoachEngagement.team_id == team_id,
                CoachMember.user_id == user_id,
                col(CoachEngagement.erased_at).is_(None),
            )
            .order_by(col(CoachEngagement.id).desc())
        )
        .unique()
        .all()
    )


def choose(s: Session, team_id: str, user_id: str, *, named: str, verb: str) -> CoachEngagement | None:
    """The engagement a command means: the one it names, else the person's only open one (or, with none
    open, their newest closed one). None when the person takes part in no engagement."""
    mine = engagements_for(s, team_id, user_id)
    if not mine:
        return None
    wanted = named.strip().casefold()
    if wanted:
        exact = [e for e in mine if e.name.casefold() == wanted]
        found = exact or [e for e in mine if wanted in e.name.casefold()]
        if len(found) == 1:
            return found[0]
        problem = (
            f"None of your engagements is called “{named.strip()}”."
            if not found
            else (f"Several of your engagements match “{named.strip()}”.")
        )
        raise Refused(f"{problem} {_name_one(found or mine, verb)}")
    open_ones = [e for e in mine if e.closed_at is None]
    if len(open_ones) > 1:
        raise Refused(f"You take part in {len(open_ones)} open engagements. {_name_one(open_ones, verb)}")
    return (open_ones or mine)[0]


def _name_one(choices: list[CoachEngagement], verb: str) -> str:
    names = ", ".join(f"*{escape(e.name)}*" for e in choices)
    example = escape(choices[0].name)
    return f"Name one after the command, for example `/coach {verb} {example}`. Yours: {names}."


def require(s: Session, engagement_id: int, user_id: str, allowed: set[Role], what: str) -> frozenset[Role]:
    """The person's roles, or a refusal that names who may do this."""
    roles = roles_of(s, engagement_id, user_id)
    if not roles & allowed:
        names = " or ".join(sorted(r.value for r in allowed))
        raise Refused(f"Only the engagement's {names} can {what}.")
    return roles


def checkin_scores(s: Session, engagement_id: int) -> list[tuple[datetime, str, int]]:
    rows = s.exec(
        select(CoachCheckIn)
        .where(CoachCheckIn.engagement_id == engagement_id)
        .order_by(col(CoachCheckIn.submitted_at))
    ).all()
    return [(r.submitted_at, r.user_id, r.score) for r in rows]
