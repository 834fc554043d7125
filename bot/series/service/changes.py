"""The facilitator moves or cancels a planned session; the channel and each leader are told."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlmodel import Session

from bot.calendar.service import series as calendar
from bot.home import refresh as homes
from bot.platform.errors import Refused
from bot.series import store
from bot.series.domain import ENDED, OPEN, SeriesStatus, SessionStatus, Sitting, local_instant, out_of_order
from bot.series.render import messages
from bot.slack import fit
from bot.slack.effects import Rendered, enqueue_dm, enqueue_post
from bot.slack.text import local_datetime, mention
from storage.db import Database
from storage.series import AssessSeries, SeriesSession
from storage.types import row_id

PLANS_TEXT = 12_000  # `/assess plans` answers privately; well under Slack's 40,000 for a message's text


def _open_session(
    s: Session, team_id: str, channel_id: str, user_id: str, number: int, verb: str
) -> tuple[AssessSeries, SeriesSession]:
    series = store.latest_in(s, team_id, channel_id)
    if not store.may_facilitate(s, team_id, user_id, series=series):
        raise Refused(f"Only {mention(series.facilitator_id)} or a listed facilitator can {verb} a session.")
    sitting = store.session_number(s, series, number)
    if sitting.status not in OPEN:
        raise Refused(f"Session {number} is {sitting.status}: only a session still ahead can be changed.")
    return series, sitting


def move_session(
    *,
    db: Database,
    team_id: str,
    channel_id: str,
    user_id: str,
    number: int,
    day: date,
    at: time,
    now: datetime,
) -> str:
    with db.session() as s:
        series, sitting = _open_session(s, team_id, channel_id, user_id, number, "move")
        new = local_instant(day, at, series.zone).astimezone(UTC)
        if new <= now:
            raise Refused(f"That is in the past ({series.zone} time): choose a later date and time.")
        _keep_order(s, series, number, new)
        old = sitting.scheduled_at
        store.cancel_reminders(s, row_id(sitting))
        sitting.scheduled_at, sitting.status = new, SessionStatus.MOVED
        s.add(sitting)
        s.flush()
        store.plan_reminders(s, series, sitting, now)
        calendar.session_moved(s, series, sitting, old, now)
        if number == 1:
            store.move_prep_reminders(s, series, new, now)
        notice = messages.moved_notice(number=number, old=old, new=new, by=user_id)
        _tell(s, series, sitting, f"{SessionStatus.MOVED}:{int(new.timestamp())}", notice, now)
        homes.series(s, series, now)
    return f"Session {number} is moved; the channel and each leader have been told."


def _keep_order(s: Session, series: AssessSeries, number: int, new: datetime) -> None:
    others = [Sitting(x.number, x.scheduled_at, x.status) for x in store.sessions_of(s, row_id(series))]
    passed = out_of_order(others, number, new)
    if passed is not None:
        side, other = passed
        raise Refused(
            f"Session {number} must come {side} session {other.number} "
            f"({local_datetime(other.at)}): choose another time."
        )


def cancel_session(
    *, db: Database, team_id: str, channel_id: str, user_id: str, number: int, now: datetime
) -> str:
    with db.session() as s:
        series, sitting = _open_session(s, team_id, channel_id, user_id, number, "cancel")
        store.cancel_reminders(s, row_id(sitting))
        sitting.status = SessionStatus.CANCELLED
        s.add(sitting)
        calendar.session_cancelled(s, series, sitting, now)
        notice = messages.cancelled_notice(number=number, at=sitting.scheduled_at, by=user_id)
        _tell(s, series, sitting, SessionStatus.CANCELLED, notice, now)
        if all(x.status in ENDED for x in store.sessions_of(s, row_id(series))):
            series.status = SeriesStatus.CANCELLED
            s.add(series)
        homes.series(s, series, now)
    return f"Session {number} is cancelled; the channel and each leader have been told."


def _tell(
    s: Session, series: AssessSeries, sitting: SeriesSession, what: str, notice: Rendered, now: datetime
) -> None:
    key = f"series:{series.id}:session:{sitting.id}:{what}"
    enqueue_post(
        s, dedupe_key=key, team_id=series.team_id, channel_id=series.channel_id, message=notice, now=now
    )
    for leader in store.leaders_of(series):
        enqueue_dm(
            s, dedupe_key=f"{key}:{leader}", team_id=series.team_id, user_id=leader, message=notice, now=now
        )


def plans_text(*, db: Database, team_id: str, channel_id: str, user_id: str) -> str:
    """The planned series here; facilitators also see who has prepared."""
    return planned_here(db=db, team_id=team_id, channel_id=channel_id, user_id=user_id) or store.NONE_PLANNED


def planned_here(*, db: Database, team_id: str, channel_id: str, user_id: str) -> str | None:
    """As `plans_text`, or None when no series is planned in this channel."""
    with db.session() as s:
        found = store.planned_in(s, team_id, channel_id)
        if not found:
            return None
        parts = [_describe(s, series, user_id) for series in found]
    return fit.lines(parts, PLANS_TEXT, sep="\n\n", more=lambda n: f"and {n} more series")


def _describe(s: Session, series: AssessSeries, user_id: str) -> str:
    leaders = store.leaders_of(series)
    lines = [f"*Series* run by {mention(series.facilitator_id)} with {messages.people(leaders)}"]
    lines += [
        f"• {messages.session_line(x.number, x.scheduled_at, x.status)}"
        for x in store.sessions_of(s, row_id(series))
    ]
    if store.may_facilitate(s, series.team_id, user_id, series=series):
        ready, waiting = store.ready_leaders(s, series)
        lines.append(f"Prepared: {messages.people(ready) or 'nobody yet'}")
        if waiting:
            lines.append(f"Not yet: {messages.people(waiting)}")
    return "\n".join(lines)
