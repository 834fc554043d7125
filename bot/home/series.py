"""The planned-series part of a person's Home: sessions ahead (leaders, facilitator, sponsors), preparation
a leader still owes (or may still edit), and for the facilitator who in their group is ready (names only)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.home.view import (
    UPCOMING_READ,
    Event,
    GroupReadiness,
    HomeView,
    Place,
    Task,
    ToDo,
    Upcoming,
)
from bot.series import store
from bot.series.domain import OPEN, SessionStatus
from storage.series import AssessSeries
from storage.types import row_id


def load(s: Session, *, team_id: str, user_id: str, now: datetime) -> HomeView:
    view = HomeView()
    for series in store.planned_for_team(s, team_id):
        if not _involved(series, user_id):
            continue
        sid, place = row_id(series), Place(channel_id=series.channel_id)
        ahead = [x for x in store.sessions_of(s, sid) if x.status in OPEN and x.scheduled_at > now]
        view.upcoming.extend(
            Upcoming(
                x.scheduled_at,
                Event.SESSION_MOVED if x.status == SessionStatus.MOVED else Event.SESSION,
                place,
                number=x.number,
            )
            for x in ahead[:UPCOMING_READ]
        )
        if user_id in store.leaders_of(series) and not store.round_has_begun(s, sid, user_id):
            prepared = user_id in store.prepared_leaders(s, sid)
            task = Task.PREPARED if prepared else Task.PREPARE
            view.todo.append(ToDo(task, place, store.prep_due(s, series), str(sid)))
        if series.facilitator_id == user_id:
            ready, waiting = store.ready_leaders(s, series)
            first = ahead[0].scheduled_at if ahead else None
            view.groups.append(GroupReadiness(series.channel_id, first, tuple(ready), tuple(waiting)))
    return view


def _involved(series: AssessSeries, user_id: str) -> bool:
    return (
        user_id == series.facilitator_id
        or user_id in store.leaders_of(series)
        or user_id in store.sponsors_of(series)
    )
