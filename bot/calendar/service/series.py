"""Planned `/assess` series in calendars: the sessions' invite to each leader and the facilitator when the
series is planned, an update for a moved session, a cancellation for a cancelled one."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.calendar import store
from bot.calendar.domain import session_people
from bot.calendar.service.issue import cancelled, issue, moved
from bot.series import store as series_store
from storage.series import AssessSeries, SeriesSession
from storage.types import row_id


def _prefix(series: AssessSeries) -> str:
    return f"series:{row_id(series)}"


def series_planned(s: Session, series: AssessSeries, now: datetime) -> None:
    people = session_people(leaders=series_store.leaders_of(series), facilitator=series.facilitator_id)
    source = store.series_source(row_id(series))
    issue(s, source=source, team_id=series.team_id, people=people, prefix=_prefix(series), now=now)


def session_moved(
    s: Session, series: AssessSeries, sitting: SeriesSession, was: datetime, now: datetime
) -> None:
    source, key = store.series_source(row_id(series)), store.session_key(row_id(sitting))
    moved(s, source=source, key=key, team_id=series.team_id, prefix=_prefix(series), was=was, now=now)


def session_cancelled(s: Session, series: AssessSeries, sitting: SeriesSession, now: datetime) -> None:
    source, key = store.series_source(row_id(series)), store.session_key(row_id(sitting))
    at, prefix = sitting.scheduled_at, _prefix(series)
    cancelled(s, source=source, key=key, team_id=series.team_id, prefix=prefix, at=at, now=now)
