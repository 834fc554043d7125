"""Planning a series: save it, post the plan in the channel, ask each leader to prepare, set reminders."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.assess import store as assess_store
from bot.calendar.service import series as calendar
from bot.home import refresh as homes
from bot.privacy import audit
from bot.privacy.destination import summary_destination
from bot.series import store
from bot.series.domain import DueKind, session_times
from bot.series.forms import PlanInput
from bot.series.render import messages
from bot.slack.effects import Rendered, enqueue_dm, enqueue_post
from storage.db import Database
from storage.series import AssessSeries, SeriesDue, SeriesPrep, SeriesSession
from storage.types import row_id


def create_series(*, db: Database, team_id: str, facilitator_id: str, plan: PlanInput, now: datetime) -> int:
    """Everything in one transaction: the rows, the reminders, the plan post and the preparation DMs."""
    with db.session() as s:
        series = AssessSeries(
            team_id=team_id,
            channel_id=plan.channel_id,
            facilitator_id=facilitator_id,
            zone=plan.zone,
            leaders=",".join(plan.leaders),
            timing=assess_store.format_timing(plan.timing),
            sponsors=",".join(plan.sponsors),
            sponsor_channel_id=plan.sponsor_channel_id,
            anonymous=plan.anonymous,
            min_group=plan.min_group,
            prep_lead_hours=24 * plan.prep_days,
            created_at=now,
        )
        s.add(series)
        s.flush()
        sid = row_id(series)
        times = _schedule(s, series, plan, now)
        calendar.series_planned(s, series, now)  # each leader and the facilitator: the sessions' invite
        due = times[0] - timedelta(days=plan.prep_days)
        post = messages.plan_post(
            facilitator=facilitator_id,
            leaders=plan.leaders,
            sessions=times,
            prep_due=due,
            sponsors=plan.sponsors,
            anonymous=plan.anonymous,
        )
        enqueue_post(
            s,
            dedupe_key=f"series:{sid}:plan",
            team_id=team_id,
            channel_id=plan.channel_id,
            message=post,
            now=now,
        )
        _ask_leaders(s, series, first_at=times[0], due=due, now=now)
        if plan.sponsors or plan.sponsor_channel_id:  # the confirmation names where summaries go
            where_to = summary_destination(plan.sponsors, plan.sponsor_channel_id)
            enqueue_dm(
                s,
                dedupe_key=f"series:{sid}:planned",
                team_id=team_id,
                user_id=facilitator_id,
                message=Rendered(text=f"Your series is planned in <#{plan.channel_id}>. {where_to}"),
                now=now,
            )
        audit.record(
            s,
            team_id=team_id,
            actor_id=facilitator_id,
            action=audit.Action.CREATE,
            target=f"series:{sid}",
            now=now,
        )
        homes.series(s, series, now)
        return sid


def _schedule(s: Session, series: AssessSeries, plan: PlanInput, now: datetime) -> list[datetime]:
    """The sessions, at the same wall-clock time in the facilitator's zone, each with its reminders."""
    times = session_times(plan.first_at.astimezone(ZoneInfo(plan.zone)), plan.sessions, plan.gap_weeks)
    for number, at in enumerate(times, start=1):
        sitting = SeriesSession(series_id=row_id(series), number=number, scheduled_at=at)
        s.add(sitting)
        s.flush()
        store.plan_reminders(s, series, sitting, now)
    return times


def _ask_leaders(
    s: Session, series: AssessSeries, *, first_at: datetime, due: datetime, now: datetime
) -> None:
    """Each leader: an empty preparation, a DM with the Prepare button, and one reminder at the due time."""
    sid, team_id = row_id(series), series.team_id
    for leader in store.leaders_of(series):
        s.add(SeriesPrep(series_id=sid, leader_id=leader))
        dm = messages.prep_dm(series_id=sid, channel_id=series.channel_id, first_at=first_at, prep_due=due)
        enqueue_dm(
            s,
            dedupe_key=f"series:{sid}:prep_dm:{leader}",
            team_id=team_id,
            user_id=leader,
            message=dm,
            now=now,
        )
        if due > now:  # with no time left before the due time, the DM itself is the only ask
            key = f"series:{sid}:prep_reminder:{leader}"
            s.add(SeriesDue(key=key, series_id=sid, kind=DueKind.PREP_REMINDER, user_id=leader, due_at=due))
