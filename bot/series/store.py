"""Loading series rows, and the reminder rows each planned session needs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.platform.errors import Refused
from storage.programme_models import AssessSeries, SeriesDue, SeriesPrep, SeriesSession

DAY_BEFORE = timedelta(days=1)
SOON = timedelta(minutes=15)
OPEN = ("planned", "moved")  # sessions still ahead of us


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
    first = sessions_of(s, series.id or 0)[0]
    return first.scheduled_at - timedelta(hours=series.prep_lead_hours)


def planned_in(s: Session, team_id: str, channel_id: str) -> list[AssessSeries]:
    return list(
        s.exec(
            select(AssessSeries)
            .where(AssessSeries.team_id == team_id, AssessSeries.channel_id == channel_id)
            .where(AssessSeries.status == "planned")
            .order_by(col(AssessSeries.id))
        ).all()
    )


def latest_in(s: Session, team_id: str, channel_id: str) -> AssessSeries:
    found = planned_in(s, team_id, channel_id)
    if not found:
        raise Refused("No series is planned in this channel. Plan one with `/assess plan`.")
    return found[-1]


def session_number(s: Session, series: AssessSeries, number: int) -> SeriesSession:
    for sitting in sessions_of(s, series.id or 0):
        if sitting.number == number:
            return sitting
    raise Refused(f"This series has no session {number}: `/assess plans` lists them.")


def plan_reminders(s: Session, series: AssessSeries, sitting: SeriesSession, now: datetime) -> None:
    """The channel's reminders before one session, those still ahead. The keys carry the session's time, so
    a moved session gets fresh rows while the old ones stay cancelled."""
    stamp = int(sitting.scheduled_at.timestamp())
    for kind, before in (("day_before", DAY_BEFORE), ("soon", SOON)):
        at = sitting.scheduled_at - before
        if at <= now:
            continue  # "tomorrow" an hour before would mislead
        key = f"series:{series.id}:session:{sitting.id}:{stamp}:{kind}"
        if s.exec(select(SeriesDue.id).where(SeriesDue.key == key)).first() is None:
            s.add(SeriesDue(key=key, series_id=series.id or 0, kind=kind, session_id=sitting.id, due_at=at))


def cancel_reminders(s: Session, session_id: int) -> None:
    rows = s.exec(select(SeriesDue).where(SeriesDue.session_id == session_id, SeriesDue.status == "pending"))
    for due in rows.all():
        due.status = "cancelled"
        s.add(due)


def move_prep_reminders(s: Session, series: AssessSeries, first_at: datetime, now: datetime) -> None:
    """Preparation is due before the first session: when it moves, reminders not yet sent move with it."""
    due = first_at - timedelta(hours=series.prep_lead_hours)
    rows = s.exec(
        select(SeriesDue).where(
            SeriesDue.series_id == series.id, SeriesDue.kind == "prep_reminder", SeriesDue.status == "pending"
        )
    )
    for row in rows.all():
        row.due_at = max(due, now)
        s.add(row)
