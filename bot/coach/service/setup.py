"""Setting up an engagement and moving it through its stages; the call schedule is made at support."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.calendar.service import coach as calendar
from bot.coach import store
from bot.coach.domain.engagement import CallKind, DueKind, Stage, next_stage
from bot.coach.domain.schedule import days_in_months
from bot.coach.domain.visibility import Role
from bot.coach.forms import NewEngagement
from bot.coach.render import messages as render
from bot.coach.render.report import overview
from bot.coach.service import chart, coaches, disclosure, timetable
from bot.home import refresh as homes
from bot.platform.errors import Refused
from bot.privacy import audit
from bot.privacy.destination import summary_destination
from bot.slack import fit
from bot.slack.effects import enqueue_dm, enqueue_post
from bot.slack.text import escape
from storage.coach import CoachDue, CoachEngagement, CoachMember, CoachSlot
from storage.db import Database
from storage.types import row_id

INTAKE_REMINDER_AFTER = timedelta(days=3)


def create_engagement(
    db: Database, *, team_id: str, creator_id: str, zone: str, form: NewEngagement, now: datetime
) -> int:
    """Save the engagement and its people, and tell each of them their role, in one transaction. Only the
    workspace's coaches may create one, and only one of them may be named its coach."""
    with db.session() as s:
        coaches.check_engagement(s, team_id=team_id, creator_id=creator_id, coach_id=form.coach)
        eng = CoachEngagement(
            team_id=team_id,
            name=form.name,
            creator_id=creator_id,
            zone=zone,
            summary_channel_id=form.summary_channel,
            start_date=form.start.isoformat(),
            cadence_days=7 * form.cadence_weeks,
            length_days=days_in_months(form.start, form.length_months),
            nudge_minutes=",".join(map(str, form.nudge_minutes)),
            created_at=now,
        )
        s.add(eng)
        s.flush()
        eid = row_id(eng)
        audit.record(
            s,
            team_id=team_id,
            actor_id=creator_id,
            action=audit.Action.CREATE,
            target=f"engagement:{eid}",
            now=now,
        )
        members = [(form.coach, Role.COACH, 0), (creator_id, Role.CREATOR, 0)]
        members += [(u, Role.LEADER, i) for i, u in enumerate(form.leaders)]
        members += [(u, Role.SPONSOR, 0) for u in form.sponsors]
        members += [(u, Role.COLLEAGUE, 0) for u in form.colleagues]
        s.add_all(CoachMember(engagement_id=eid, user_id=u, role=r.value, position=p) for u, r, p in members)
        for i, slot in enumerate(form.slots):
            leader = form.leaders[i] if i < 2 else None
            kind = CallKind.THREE_WAY if leader is None else CallKind.INDIVIDUAL
            s.add(
                CoachSlot(
                    engagement_id=eid,
                    kind=kind,
                    leader_id=leader,
                    weekday=slot.weekday,
                    local_time=slot.at.strftime("%H:%M"),
                )
            )
        for user_id, role, _ in members:
            if role is Role.CREATOR:
                continue
            enqueue_dm(
                s,
                dedupe_key=f"coach:{eid}:welcome:{role.value}:{user_id}",
                team_id=team_id,
                user_id=user_id,
                message=render.welcome(form.name, role, form.coach, eid),
                now=now,
            )
            if role in (Role.LEADER, Role.COLLEAGUE):
                s.add(
                    CoachDue(
                        key=f"coach:{eid}:intake_reminder:{user_id}",
                        engagement_id=eid,
                        kind=DueKind.INTAKE_REMINDER,
                        user_id=user_id,
                        due_at=now + INTAKE_REMINDER_AFTER,
                    )
                )
        homes.people(s, team_id=team_id, user_ids=[u for u, _, _ in members], now=now)
        where_to = summary_destination(form.sponsors, form.summary_channel)
        enqueue_dm(
            s,
            dedupe_key=f"coach:{eid}:created:{creator_id}",
            team_id=team_id,
            user_id=creator_id,
            message=render.plain(
                f"*{escape(form.name)}* is set up; everyone in it has been told. {where_to}"
            ),
            now=now,
        )
        return eid


def advance(db: Database, *, engagement_id: int, user_id: str, now: datetime) -> str:
    """The coach moves the engagement to its next stage; everyone is told what it means for them."""
    with db.session() as s:
        store.require(s, engagement_id, user_id, {Role.COACH}, "move the engagement on")
        eng = store.engagement(s, engagement_id)
        stage = next_stage(eng.stage)
        if stage is None:
            raise Refused("The engagement is already closed.")
        eng.stage = stage
        if stage is Stage.SUPPORT:
            timetable.build_schedule(s, eng, now)
            s.flush()
            calendar.support_reached(s, eng, now)  # each person an invite for the calls they are in
        if stage is Stage.CLOSED:
            eng.closed_at = now
            timetable.cancel_pending(s, engagement_id)
            calendar.engagement_closed(s, eng, now)
        s.add(eng)
        s.flush()
        verb = audit.Action.CLOSE if stage is Stage.CLOSED else audit.Action.ADVANCE
        audit.record(
            s,
            team_id=eng.team_id,
            actor_id=user_id,
            action=verb,
            target=f"engagement:{engagement_id}",
            now=now,
        )
        announce_stage(s, eng, now)
        homes.engagement(s, eng, now)
        if stage is Stage.ALIGNMENT:
            disclosure.open_for(s, eng, now)  # after the announcement, so it reads in order
        send_summary(s, eng, key=f"stage:{eng.stage}", now=now)
        shown = fit.typed(eng.name, render.NAME_SHOWN)
        return f"*{shown}* is now at *{render.STAGE_NAMES[stage]}*; everyone involved has been told."


def announce_stage(s: Session, eng: CoachEngagement, now: datetime) -> None:
    eid = row_id(eng)
    rows = s.exec(select(CoachMember).where(CoachMember.engagement_id == eid)).all()
    for m in rows:
        role = Role(m.role)
        if role is Role.CREATOR:
            continue
        enqueue_dm(
            s,
            dedupe_key=f"coach:{eid}:stage:{eng.stage}:{role.value}:{m.user_id}",
            team_id=eng.team_id,
            user_id=m.user_id,
            message=render.stage_changed(eng.name, Stage(eng.stage), role),
            now=now,
        )


def send_summary(s: Session, eng: CoachEngagement, *, key: str, now: datetime) -> None:
    """A sponsor summary: counts and status only, through the visibility rules for sponsors."""
    eid = row_id(eng)
    title = "Final summary" if eng.stage == Stage.CLOSED else "Sponsor summary"
    if eng.summary_channel_id:
        body = overview(s, eng, "", frozenset({Role.SPONSOR}), now)
        enqueue_post(
            s,
            dedupe_key=f"coach:{eid}:summary:{key}",
            team_id=eng.team_id,
            channel_id=eng.summary_channel_id,
            message=render.plain(f"*{title}*\n{body}"),
            now=now,
        )
        chart.plan_chart(s, eng, key=f"coach:{eid}:chart:{key}", user_id=None, now=now)
    else:
        for sponsor in store.people(s, eid, Role.SPONSOR):
            body = overview(s, eng, sponsor, frozenset({Role.SPONSOR}), now)
            enqueue_dm(
                s,
                dedupe_key=f"coach:{eid}:summary:{key}:{sponsor}",
                team_id=eng.team_id,
                user_id=sponsor,
                message=render.plain(f"*{title}*\n{body}"),
                now=now,
            )
            chart.plan_chart(s, eng, key=f"coach:{eid}:chart:{key}:{sponsor}", user_id=sponsor, now=now)
    if eng.stage == Stage.CLOSED:
        for coach in store.people(s, eid, Role.COACH):
            body = overview(s, eng, coach, store.roles_of(s, eid, coach), now)
            enqueue_dm(
                s,
                dedupe_key=f"coach:{eid}:summary:{key}:coach:{coach}",
                team_id=eng.team_id,
                user_id=coach,
                message=render.plain(f"*{title}*\n{body}"),
                now=now,
            )
