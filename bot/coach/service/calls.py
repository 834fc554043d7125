"""Moving and skipping calls, from a nudge: the leader in the call or the coach; later nudges follow."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlmodel import Session, select

from bot.calendar.service import coach as calendar
from bot.coach import store
from bot.coach.domain.engagement import CallStatus
from bot.coach.domain.schedule import to_utc
from bot.coach.domain.visibility import Role
from bot.coach.render import messages as render
from bot.coach.render.report import call_title
from bot.coach.service import timetable
from bot.home import refresh as homes
from bot.platform.errors import Refused
from bot.slack.effects import Rendered, enqueue_dm
from bot.slack.text import local_datetime, mention
from storage.coach import CoachCall, CoachEngagement, CoachSlot
from storage.db import Database
from storage.types import row_id


def _call_for_change(
    s: Session, engagement_id: int, call_id: int, user_id: str
) -> tuple[CoachCall, CoachSlot]:
    roles = store.require(s, engagement_id, user_id, {Role.LEADER, Role.COACH}, "move or skip a call")
    store.open_engagement(s, engagement_id)
    found = s.exec(select(CoachCall, CoachSlot).join(CoachSlot).where(CoachCall.id == call_id)).first()
    if found is None or found[0].engagement_id != engagement_id:
        raise Refused("That call no longer exists.")
    if Role.COACH not in roles and found[1].leader_id not in (None, user_id):
        raise Refused("Only the leader in that call or the coach can change it.")
    if found[0].status != CallStatus.SCHEDULED:
        raise Refused("That call has already been skipped.")
    return found


def skip_call(db: Database, *, engagement_id: int, call_id: int, user_id: str, now: datetime) -> str:
    with db.session() as s:
        call, slot = _call_for_change(s, engagement_id, call_id, user_id)
        if call.starts_at <= now:
            raise Refused("That call has already started.")
        call.status = CallStatus.SKIPPED
        s.add(call)
        timetable.cancel_call_rows(s, call_id)
        eng = store.open_engagement(s, engagement_id)
        calendar.call_skipped(s, eng, call, now)
        homes.engagement(s, eng, now)  # the call's people see it go; sponsors count it skipped
        note = render.plain(
            f"{mention(user_id)} skipped the {call_title(slot)} ({local_datetime(call.starts_at)})."
        )
        _tell_others(s, eng, slot, user_id, f"coach:{engagement_id}:call:{call_id}:skipped", note, now)
        return f"Skipped the {call_title(slot)} ({local_datetime(call.starts_at)})."


def zone_of(db: Database, *, engagement_id: int, call_id: int, user_id: str) -> str:
    with db.session() as s:
        _call_for_change(s, engagement_id, call_id, user_id)
        return store.open_engagement(s, engagement_id).zone


def move_call(
    db: Database, *, engagement_id: int, call_id: int, user_id: str, day: date, at: time, now: datetime
) -> datetime:
    with db.session() as s:
        call, slot = _call_for_change(s, engagement_id, call_id, user_id)
        eng = store.open_engagement(s, engagement_id)
        new_start = to_utc(day, at, eng.zone)
        if new_start <= now:
            raise Refused("Choose a time in the future.")
        timetable.cancel_call_rows(s, call_id)
        was, call.starts_at = call.starts_at, new_start
        s.add(call)
        s.flush()
        calendar.call_moved(s, eng, call, was, now)
        timetable.plan_call(s, eng, call, slot, now)
        homes.engagement(s, eng, now)
        note = render.plain(
            f"{mention(user_id)} moved the {call_title(slot)} to {local_datetime(new_start)}."
        )
        _tell_others(
            s,
            eng,
            slot,
            user_id,
            f"coach:{engagement_id}:call:{call_id}:moved:{int(new_start.timestamp())}",
            note,
            now,
        )
        return new_start


def _tell_others(
    s: Session,
    eng: CoachEngagement,
    slot: CoachSlot,
    actor: str,
    key: str,
    message: Rendered,
    now: datetime,
) -> None:
    eid = row_id(eng)
    people = [slot.leader_id] if slot.leader_id else store.people(s, eid, Role.LEADER)
    people += store.people(s, eid, Role.COACH)
    for person in dict.fromkeys(p for p in people if p and p != actor):
        enqueue_dm(
            s, dedupe_key=f"{key}:{person}", team_id=eng.team_id, user_id=person, message=message, now=now
        )
