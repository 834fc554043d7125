"""Gauges read from the database when /metrics is scraped (so any replica answers the same): the outbox's
depth and oldest waiting message by workspace, and how many workspaces coachbot serves. A few grouped,
indexed queries a scrape; a database that is away makes `coachbot_database_up` 0, not a failed scrape."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, or_, union
from sqlmodel import Session, SQLModel, col, select

from bot.clock import Clock
from storage.assess import AssessSession
from storage.coach import CoachEngagement
from storage.db import Database
from storage.installations import INSTALLATIONS
from storage.platform import Outbox
from storage.privacy import UninstalledTeam
from storage.series import AssessSeries

log = logging.getLogger(__name__)

WAITING = ("pending", "uncertain")


def installations(s: Session) -> int:
    """Workspaces (or whole organisations, for org-wide installs) coachbot serves now, less those that
    uninstalled it: the one place that says how they are counted. Installed through OAuth, the installation
    store says; with one bot token (the store empty), the workspaces the programmes have seen do."""
    gone = select(UninstalledTeam.team_id)
    store = SQLModel.metadata.tables[INSTALLATIONS]
    # The store keeps a row per install (history): one workspace or organisation counts once.
    who = func.coalesce(store.c.team_id, "") + ":" + func.coalesce(store.c.enterprise_id, "")
    stored = select(func.count(func.distinct(who))).where(
        or_(store.c.team_id.is_(None), store.c.team_id.not_in(gone))
    )
    installed = int(s.connection().execute(stored).scalar_one())
    if installed:
        return installed
    seen = union(
        select(col(AssessSession.team_id).label("team_id")).distinct(),
        select(col(AssessSeries.team_id)).distinct(),
        select(col(CoachEngagement.team_id)).distinct(),
    ).subquery()
    counted = select(func.count()).select_from(seen).where(seen.c.team_id.not_in(gone))
    return int(s.connection().execute(counted).scalar_one())


def outbox_by_team(s: Session) -> list[tuple[str, int, datetime]]:
    """(team, waiting messages, the oldest one's created_at), from the outbox's (status, not_before) index."""
    rows = s.exec(
        select(Outbox.team_id, func.count(), func.min(Outbox.created_at))
        .where(col(Outbox.status).in_(WAITING))
        .group_by(Outbox.team_id)
    ).all()
    return [(team, int(count), oldest) for team, count, oldest in rows]


class DatabaseCollector(Collector):
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    def collect(self) -> Iterable[GaugeMetricFamily]:
        up = GaugeMetricFamily("coachbot_database_up", "1 when the database answered this scrape")
        depth = GaugeMetricFamily(
            "coachbot_outbox_depth", "Messages waiting to be sent, by workspace", labels=["team_id"]
        )
        age = GaugeMetricFamily(
            "coachbot_outbox_oldest_age_seconds",
            "Age of the oldest message waiting to be sent, by workspace",
            labels=["team_id"],
        )
        installed = GaugeMetricFamily("coachbot_installations", "Workspaces coachbot serves")
        try:
            with self.db.read() as s:
                waiting = outbox_by_team(s)
                count = installations(s)
        except Exception as exc:  # a scrape must answer: an operator sees the database is away
            log.warning("metrics: the database did not answer (%s)", type(exc).__name__)
            up.add_metric([], 0)
            return [up]
        now = self.clock.now()
        for team, waiting_count, oldest in waiting:
            depth.add_metric([team], waiting_count)
            age.add_metric([team], max((now - oldest).total_seconds(), 0.0))
        installed.add_metric([], count)
        up.add_metric([], 1)
        return [up, depth, age, installed]
