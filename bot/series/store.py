"""Loading series rows (and the reads other programmes need), and the reminder rows each session needs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.assess.domain.statuses import RoundStatus, SittingStatus
from bot.platform.errors import Refused
from bot.series import domain
from bot.series.domain import DueKind, DueStatus, SeriesStatus
from storage.assess import AssessRound, AssessSession
from storage.series import AssessSeries, Facilitator, SeriesDue, SeriesPrep, SeriesSession
from storage.types import row_id

NONE_PLANNED = "No series is planned in this channel. Plan one with `/assess plan`."


def leaders_of(series: AssessSeries) -> tuple[str, ...]:
    return tuple(u for u in series.leaders.split(",") if u)


def sponsors_of(series: AssessSeries) -> tuple[str, ...]:
    return tuple(u for u in series.sponsors.split(",") if u)


def sessions_of(s: Session, series_id: int) -> list[SeriesSession]:
    return list(
        s.exec(
            select(SeriesSession)
            .where(SeriesSession.series_id == series_id)
            .order_by(col(SeriesSession.number))
        ).all()
    )


def preps_of(s: Session, series_id: int) -> dict[str, SeriesPrep]:
    rows = s.exec(select(SeriesPrep).where(SeriesPrep.series_id == series_id)).all()
    return {r.leader_id: r for r in rows}


def prep_due(s: Session, series: AssessSeries) -> datetime:
    first = sessions_of(s, row_id(series))[0]
    return first.scheduled_at - timedelta(hours=series.prep_lead_hours)


def planned_in(s: Session, team_id: str, channel_id: str) -> list[AssessSeries]:
    return list(
        s.exec(
            select(AssessSeries)
            .where(AssessSeries.team_id == team_id, AssessSeries.channel_id == channel_id)
            .where(AssessSeries.status == SeriesStatus.PLANNED)
            .order_by(col(AssessSeries.id))
        ).all()
    )


def planned_for_team(s: Session, team_id: str) -> list[AssessSeries]:
    query = select(AssessSeries).where(
        AssessSeries.team_id == team_id, AssessSeries.status == SeriesStatus.PLANNED
    )
    return list(s.exec(query).all())


def latest_in(s: Session, team_id: str, channel_id: str) -> AssessSeries:
    found = planned_in(s, team_id, channel_id)
    if not found:
        raise Refused(NONE_PLANNED)
    return found[-1]


def session_number(s: Session, series: AssessSeries, number: int) -> SeriesSession:
    for sitting in sessions_of(s, row_id(series)):
        if sitting.number == number:
            return sitting
    raise Refused(f"This series has no session {number}: `/assess plans` lists them.")


def listed(s: Session, team_id: str) -> list[str]:
    """The workspace's facilitators, first added first."""
    rows = s.exec(
        select(Facilitator).where(Facilitator.team_id == team_id).order_by(col(Facilitator.added_at))
    ).all()
    return [r.user_id for r in rows]


def may_facilitate(s: Session, team_id: str, user_id: str, *, series: AssessSeries | None = None) -> bool:
    facilitator = series.facilitator_id if series is not None else None
    return domain.may_facilitate(user_id, listed(s, team_id), facilitator_id=facilitator)


def ready_leaders(s: Session, series: AssessSeries) -> tuple[list[str], list[str]]:
    """(prepared, not yet), in round order."""
    preps = prepared_leaders(s, row_id(series))
    return domain.ready_split(leaders_of(series), preps)


def prepared_leaders(s: Session, series_id: int) -> set[str]:
    return {u for u, p in preps_of(s, series_id).items() if p.submitted_at is not None}


def round_has_begun(s: Session, series_id: int, leader_id: str) -> bool:
    """True while a session of this series is live and this leader's round in it is no longer waiting."""
    for sitting in s.exec(select(SeriesSession).where(SeriesSession.series_id == series_id)).all():
        if sitting.assess_session_id is None:
            continue
        live = s.get(AssessSession, sitting.assess_session_id)
        if live is None or live.status != SittingStatus.LIVE:
            continue
        rounds = s.exec(
            select(AssessRound).where(AssessRound.session_id == live.id, AssessRound.leader_id == leader_id)
        ).all()
        if any(r.status != RoundStatus.WAITING for r in rounds):
            return True
    return False


def statement_for_round(s: Session, assess_session_id: int, leader_id: str) -> str | None:
    """The leader's summary statement when this live session was started from a series, else None."""
    planned = s.exec(
        select(SeriesSession).where(SeriesSession.assess_session_id == assess_session_id)
    ).first()
    if planned is None:
        return None
    prep = s.get(SeriesPrep, (planned.series_id, leader_id))
    return prep.statement if prep is not None and prep.statement else None


def plan_reminders(s: Session, series: AssessSeries, sitting: SeriesSession, now: datetime) -> None:
    """The channel's reminders before one session, those still ahead. The keys carry the session's time, so
    a moved session gets fresh rows while the old ones stay cancelled."""
    stamp = int(sitting.scheduled_at.timestamp())
    for kind, before in domain.REMINDERS:
        at = sitting.scheduled_at - before
        if at <= now:
            continue  # "tomorrow" an hour before would mislead
        key = f"series:{series.id}:session:{sitting.id}:{stamp}:{kind}"
        if s.exec(select(SeriesDue.id).where(SeriesDue.key == key)).first() is None:
            s.add(SeriesDue(key=key, series_id=row_id(series), kind=kind, session_id=sitting.id, due_at=at))


def cancel_reminders(s: Session, session_id: int) -> None:
    rows = s.exec(
        select(SeriesDue).where(SeriesDue.session_id == session_id, SeriesDue.status == DueStatus.PENDING)
    )
    for due in rows.all():
        due.status = DueStatus.CANCELLED
        s.add(due)


def move_prep_reminders(s: Session, series: AssessSeries, first_at: datetime, now: datetime) -> None:
    """Preparation is due before the first session: when it moves, reminders not yet sent move with it."""
    due = first_at - timedelta(hours=series.prep_lead_hours)
    rows = s.exec(
        select(SeriesDue).where(
            SeriesDue.series_id == series.id,
            SeriesDue.kind == DueKind.PREP_REMINDER,
            SeriesDue.status == DueStatus.PENDING,
        )
    )
    for row in rows.all():
        row.due_at = max(due, now)
        s.add(row)
