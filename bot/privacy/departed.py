"""Erasing a whole workspace's data: every table, children first."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlmodel import Session, SQLModel, col, delete, select

from bot.calendar.service.forget import forget_team
from bot.coach.service.export import PERSONAL as COACH_CHILDREN
from storage.assess import AssessRound, AssessSession, AssessUpload, CapturedReply, PhaseSpan
from storage.coach import CoachEngagement
from storage.platform import DirectChannel, HomeTab, MessageAnchor, Outbox
from storage.privacy import AuditEntry, CoachRoster
from storage.series import AssessSeries, Facilitator, SeriesDue, SeriesPrep, SeriesSession


def erase_team(s: Session, team_id: str) -> int:
    """Every row of one workspace, children first; the audit log keeps one line that it happened."""
    gone = forget_team(s, team_id)  # first: its meetings name the engagements deleted below
    sessions = select(AssessSession.id).where(AssessSession.team_id == team_id)
    rounds = select(AssessRound.id).where(col(AssessRound.session_id).in_(sessions))
    series = select(AssessSeries.id).where(AssessSeries.team_id == team_id)
    engagements = select(CoachEngagement.id).where(CoachEngagement.team_id == team_id)
    steps: list[tuple[type[SQLModel], ColumnElement[bool]]] = [
        (CapturedReply, col(CapturedReply.round_id).in_(rounds)),
        (PhaseSpan, col(PhaseSpan.round_id).in_(rounds)),
        (AssessUpload, col(AssessUpload.team_id) == team_id),
        (AssessRound, col(AssessRound.session_id).in_(sessions)),
        (SeriesPrep, col(SeriesPrep.series_id).in_(series)),
        (SeriesDue, col(SeriesDue.series_id).in_(series)),
        (SeriesSession, col(SeriesSession.series_id).in_(series)),
        (AssessSeries, col(AssessSeries.team_id) == team_id),
        (AssessSession, col(AssessSession.team_id) == team_id),
        *((t, col(t.engagement_id).in_(engagements)) for t in COACH_CHILDREN),
        (CoachEngagement, col(CoachEngagement.team_id) == team_id),
        (MessageAnchor, col(MessageAnchor.team_id) == team_id),
        (Outbox, col(Outbox.team_id) == team_id),
        (DirectChannel, col(DirectChannel.team_id) == team_id),
        (HomeTab, col(HomeTab.team_id) == team_id),
        (Facilitator, col(Facilitator.team_id) == team_id),
        (CoachRoster, col(CoachRoster.team_id) == team_id),
        (AuditEntry, col(AuditEntry.team_id) == team_id),
    ]
    for table, where in steps:
        result = s.exec(delete(table).where(where))
        gone += int(result.rowcount or 0)
    return gone
