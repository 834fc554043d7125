"""Retention: the words people wrote, and the bodies of messages sent, are removed once kept long enough.

Due work, `(db, now) -> rows changed`, idempotent like every job. Sent messages lose their body at once
(their key and status stay, so nothing is sent twice); captured replies, preparation, intake and check-in
text go `COACHBOT_RETENTION_DAYS` after their session or engagement ended; an uninstalled workspace's
data goes that long after it left, unless it came back."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select, update

from bot.privacy import audit
from bot.privacy.departed import erase_team
from bot.privacy.person import BLANK_PAYLOAD
from bot.slack.effects import OutboxStatus
from storage.assess import AssessRound, AssessSession, CapturedReply
from storage.coach import (
    CoachCheckIn,
    CoachCommitment,
    CoachEngagement,
    CoachFeedbackItem,
    CoachIntake,
)
from storage.db import Database
from storage.platform import Outbox
from storage.privacy import UninstalledTeam
from storage.series import SeriesPrep, SeriesSession

DEFAULT_DAYS = 365


# A pass scans the sent messages and the ended programmes: once a minute is soon enough, and keeps it off
# the tick that announces phases (P2 in bench/).
EVERY = timedelta(minutes=1)


class Retention:
    """How long is long enough; `coachbot serve` sets it from COACHBOT_RETENTION_DAYS at start."""

    days: int = DEFAULT_DAYS
    next_pass: datetime | None = None


def configure(*, days: int) -> None:
    Retention.days = days


def retention_due(db: Database, now: datetime) -> int:
    """The scheduler's entry: a pass at most once a minute (a clock moved back starts over)."""
    due = Retention.next_pass
    if due is not None and now < due and due - now <= EVERY:
        return 0
    Retention.next_pass = now + EVERY
    return apply_retention(db, now)


def apply_retention(db: Database, now: datetime) -> int:
    """One pass over everything due to be forgotten at `now`; returns the rows changed."""
    cutoff = now - timedelta(days=Retention.days)
    with db.session() as s:
        changed = _sent_bodies(s)
        changed += _assess_text(s, cutoff) + _prep_text(s, cutoff) + _coach_text(s, cutoff)
        changed += _departed_teams(s, cutoff, now)
    return changed


def _sent_bodies(s: Session) -> int:
    """Delivered messages keep their key and status, not their body."""
    result = s.exec(
        update(Outbox)
        .where(col(Outbox.status) == OutboxStatus.SENT, col(Outbox.payload) != BLANK_PAYLOAD)
        .values(payload=BLANK_PAYLOAD)
    )
    return int(result.rowcount or 0)


def _assess_text(s: Session, cutoff: datetime) -> int:
    ended = select(AssessSession.id).where(col(AssessSession.ended_at) < cutoff)
    rounds = select(AssessRound.id).where(col(AssessRound.session_id).in_(ended))
    result = s.exec(
        update(CapturedReply)
        .where(col(CapturedReply.round_id).in_(rounds), col(CapturedReply.text) != "")
        .values(text="")
    )
    return int(result.rowcount or 0)


def _prep_text(s: Session, cutoff: datetime) -> int:
    """A series' preparation is kept until its last session is that long past."""
    last = (
        select(SeriesSession.series_id)
        .group_by(col(SeriesSession.series_id))
        .having(func.max(SeriesSession.scheduled_at) < cutoff)
    )
    result = s.exec(
        update(SeriesPrep)
        .where(col(SeriesPrep.series_id).in_(last))
        .where((col(SeriesPrep.example) != "") | (col(SeriesPrep.statement) != ""))
        .values(example="", statement="")
    )
    return int(result.rowcount or 0)


def _coach_text(s: Session, cutoff: datetime) -> int:
    closed = select(CoachEngagement.id).where(col(CoachEngagement.closed_at) < cutoff)
    changed = 0
    for statement in (
        update(CoachIntake)
        .where(col(CoachIntake.engagement_id).in_(closed), col(CoachIntake.answers) != "{}")
        .values(answers="{}"),
        update(CoachCheckIn)
        .where(col(CoachCheckIn.engagement_id).in_(closed))
        .where(
            (col(CoachCheckIn.went_well) != "")
            | (col(CoachCheckIn.got_in_way) != "")
            | (col(CoachCheckIn.issues) != "")
        )
        .values(went_well="", got_in_way="", issues=""),
        update(CoachFeedbackItem)
        .where(col(CoachFeedbackItem.engagement_id).in_(closed), col(CoachFeedbackItem.text) != "")
        .values(text=""),
        update(CoachCommitment)
        .where(col(CoachCommitment.engagement_id).in_(closed), col(CoachCommitment.text) != "")
        .values(text=""),
    ):
        changed += int(s.exec(statement).rowcount or 0)
    return changed


def _departed_teams(s: Session, cutoff: datetime, now: datetime) -> int:
    changed = 0
    for team in s.exec(
        select(UninstalledTeam).where(
            col(UninstalledTeam.at) < cutoff, col(UninstalledTeam.erased_at).is_(None)
        )
    ).all():
        changed += erase_team(s, team.team_id)
        team.erased_at = now
        s.add(team)
        audit.record(
            s,
            team_id=team.team_id,
            actor_id=audit.OPERATOR,
            action=audit.Action.ERASE,
            target="workspace",
            now=now,
        )
    return changed
