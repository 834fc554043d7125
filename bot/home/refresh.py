"""Which Homes a change shows on: each programme's use cases call these in the transaction of the change,
and the gateway publishes the Homes a moment later (bot/slack/homes.py), a burst of changes as one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, select

from bot.slack.homes import want_homes
from storage.coach import CoachEngagement, CoachMember
from storage.series import AssessSeries
from storage.types import row_id


def people(s: Session, *, team_id: str, user_ids: Iterable[str], now: datetime) -> None:
    """These people's Homes show the change (a check-in owed, a commitment confirmed)."""
    want_homes(s, team_id=team_id, user_ids=user_ids, now=now)


def engagement(s: Session, eng: CoachEngagement, now: datetime) -> None:
    """Everyone in the engagement: its stage, calls or counts changed."""
    members = s.exec(select(CoachMember.user_id).where(CoachMember.engagement_id == row_id(eng))).all()
    want_homes(s, team_id=eng.team_id, user_ids=members, now=now)


def series(s: Session, planned: AssessSeries, now: datetime) -> None:
    """Everyone in the series: its sessions, or who is ready, changed."""
    who = [planned.facilitator_id, *planned.leaders.split(","), *planned.sponsors.split(",")]
    want_homes(s, team_id=planned.team_id, user_ids=who, now=now)
