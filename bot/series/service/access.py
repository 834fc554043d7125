"""Who may plan and start sessions: the workspace's list of facilitators, or anyone while it is empty."""

from __future__ import annotations

from datetime import datetime

from bot.assess.service.sessions import check_leaders
from bot.platform.errors import Refused
from bot.privacy import audit
from bot.series.store import listed, may_facilitate
from bot.slack.port import Slack
from bot.slack.text import mention
from storage.db import Database
from storage.series import Facilitator


def require(*, db: Database, team_id: str, user_id: str, what: str) -> None:
    """Refuses anyone but a listed facilitator, once the list has names."""
    with db.session() as s:
        if may_facilitate(s, team_id, user_id):
            return
        names = listed(s, team_id)
    raise Refused(
        f"Only this workspace's facilitators can {what}: {', '.join(mention(u) for u in names)}. "
        "Ask one of them to add you with `/assess facilitators add @you`."
    )


def facilitators_text(*, db: Database, team_id: str) -> str:
    with db.session() as s:
        names = listed(s, team_id)
    if not names:
        return (
            "No facilitators are listed, so anyone can plan and start sessions. "
            "Add the first with `/assess facilitators add @name`."
        )
    return (
        f"*Facilitators* (they plan and start sessions): {', '.join(mention(u) for u in names)}\n"
        "Change the list with `/assess facilitators add @name` or `/assess facilitators remove @name`."
    )


def add(*, db: Database, slack: Slack, team_id: str, by: str, user_id: str, now: datetime) -> str:
    require(db=db, team_id=team_id, user_id=by, what="change the list of facilitators")
    check_leaders(slack, (user_id,), role="facilitators")
    with db.session() as s:
        if s.get(Facilitator, (team_id, user_id)) is not None:
            return f"{mention(user_id)} is already a facilitator."
        s.add(Facilitator(team_id=team_id, user_id=user_id, added_by=by, added_at=now))
        audit.record(
            s,
            team_id=team_id,
            actor_id=by,
            action=audit.Action.ADD_FACILITATOR,
            target=f"user:{user_id}",
            now=now,
        )
    return f"{mention(user_id)} is now a facilitator: they can plan and start sessions."


def remove(*, db: Database, team_id: str, by: str, user_id: str) -> str:
    require(db=db, team_id=team_id, user_id=by, what="change the list of facilitators")
    with db.session() as s:
        row = s.get(Facilitator, (team_id, user_id))
        if row is None:
            return f"{mention(user_id)} is not on the list of facilitators."
        s.delete(row)
        left = [u for u in listed(s, team_id) if u != user_id]
    after = "" if left else " The list is now empty, so anyone can plan and start sessions."
    return f"{mention(user_id)} is no longer a facilitator.{after}"
