"""The planned-series part of a person's Home: sessions ahead (leaders, facilitator, sponsors), preparation
a leader still owes (or may still edit), and for the facilitator who in their group is ready (names only).
Read in a few queries for all the series together."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

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
from bot.series.domain import OPEN, SessionStatus, ready_split
from storage.series import AssessSeries, SeriesPrep, SeriesSession
from storage.types import row_id


def load(s: Session, *, team_id: str, user_id: str, now: datetime) -> HomeView:
    view = HomeView()
    mine = [x for x in store.planned_for_team(s, team_id) if _involved(x, user_id)]
    ids = [row_id(x) for x in mine]
    sittings: dict[int, list[SeriesSession]] = defaultdict(list)
    for x in s.exec(
        select(SeriesSession).where(col(SeriesSession.series_id).in_(ids)).order_by(col(SeriesSession.number))
    ).all():
        sittings[x.series_id].append(x)
    prepared: dict[int, set[str]] = defaultdict(set)
    for p in s.exec(select(SeriesPrep).where(col(SeriesPrep.series_id).in_(ids))).all():
        if p.submitted_at is not None:
            prepared[p.series_id].add(p.leader_id)
    for series in mine:
        sid, place = row_id(series), Place(channel_id=series.channel_id)
        ahead = [x for x in sittings[sid] if x.status in OPEN and x.scheduled_at > now]
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
            task = Task.PREPARED if user_id in prepared[sid] else Task.PREPARE
            due = sittings[sid][0].scheduled_at - timedelta(hours=series.prep_lead_hours)  # store.prep_due
            view.todo.append(ToDo(task, place, due, str(sid)))
        if series.facilitator_id == user_id:
            ready, waiting = ready_split(store.leaders_of(series), prepared[sid])
            first = ahead[0].scheduled_at if ahead else None
            view.groups.append(GroupReadiness(series.channel_id, first, tuple(ready), tuple(waiting)))
    return view


def _involved(series: AssessSeries, user_id: str) -> bool:
    return (
        user_id == series.facilitator_id
        or user_id in store.leaders_of(series)
        or user_id in store.sponsors_of(series)
    )
