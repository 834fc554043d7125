"""`/assess` use cases: start a session, say what is live, stop it. Each is one unit of work."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from bot.assess import store
from bot.assess.commands import MIN_GROUP, StartRotation
from bot.assess.domain import round_clock
from bot.assess.domain.phases import PHASES
from bot.assess.domain.statuses import ACTIVE, FINISHED, RoundStatus, SittingStatus
from bot.assess.service import flow
from bot.assess.service.script import enqueue_script
from bot.platform.errors import Refused
from bot.platform.people import NotAPerson, not_a_person
from bot.privacy import audit
from bot.privacy.destination import private_channel_problem
from bot.slack.effects import hold_for_listener
from bot.slack.port import Slack
from bot.slack.text import local_time, mention
from storage.assess import AssessRound, AssessSession, PhaseSpan
from storage.db import Database
from storage.platform import MessageAnchor, Outbox
from storage.privacy import AuditEntry
from storage.types import row_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Where:
    team_id: str
    channel_id: str
    user_id: str


def refuse_if_live(db: Database, where: Where) -> None:
    with db.read() as s:
        live = store.live_session_in(s, where.team_id, where.channel_id)
        if live is not None:
            raise Refused(
                f"A session is already live in this channel, run by {mention(live.facilitator_id)}. "
                "Type `/assess status` to see where it is."
            )


def check_leaders(
    slack: Slack, leader_ids: tuple[str, ...], *, role: str = "leaders who take a turn"
) -> None:
    """Every leader (or sponsor) must be a real, active person in this workspace."""
    for user_id in leader_ids:
        why = not_a_person(user_id, slack.person(user_id))
        if why is NotAPerson.MISSING:
            raise Refused(f"I could not find {mention(user_id)} in this workspace.")
        if why is NotAPerson.BOT:
            raise Refused(f"{mention(user_id)} is a bot, not a person: name the {role}.")
        if why is NotAPerson.DEACTIVATED:
            raise Refused(f"{mention(user_id)} has been deactivated: name the {role}.")


def start_session(
    db: Database,
    slack: Slack,
    where: Where,
    request: StartRotation,
    now: datetime,
    *,
    anonymous: bool | None = None,
    sponsor_ids: tuple[str, ...] | None = None,
    sponsor_channel: str | None = None,
    series_key: str | None = None,
    series_number: int | None = None,
    min_group: int | None = None,
) -> None:
    """Save the session with its first card (an effect), then have the gateway post the card at once. A
    definite "no" from Slack undoes the start; a busy or unreachable Slack, or a spent post budget, does
    not: the session is saved and the gateway posts the card when Slack allows.
    The keyword settings, when given, override the request's (a planned series passes its own)."""
    given: dict[str, Any] = {
        "anonymous": anonymous,
        "sponsor_ids": sponsor_ids,
        "sponsor_channel": sponsor_channel,
        "series_key": series_key,
        "series_number": series_number,
        "min_group": min_group,
    }
    request = replace(request, **{k: v for k, v in given.items() if v is not None})
    if where.channel_id.startswith("D"):
        raise Refused("Run `/assess` in the team's channel, not in a direct message.")
    refuse_if_live(db, where)
    check_leaders(slack, request.leader_ids)
    check_leaders(slack, request.sponsor_ids, role="sponsors")
    if request.sponsor_channel:
        problem = private_channel_problem(request.sponsor_channel, slack.channel)
        if problem:
            raise Refused(problem)
    try:
        session_id, card = _save_session(db, where, request, now)
    except IntegrityError:
        raise Refused(
            "Someone started a session in this channel a moment ago: `/assess status` shows it."
        ) from None
    # Should this raise, the session stays: the hold runs out and the gateway posts the card.
    posted = slack.post_card_now(card, now)
    if posted.refused is None:
        return
    _undo_start(db, session_id)
    if posted.refused in ("not_in_channel", "channel_not_found"):
        raise Refused(
            "I am not in this channel yet. Type `/invite @coachbot` here, then run `/assess` again."
        )
    raise Refused(f"Slack would not show the session's card ({posted.refused}), so it has not started.")


def _save_session(db: Database, where: Where, request: StartRotation, now: datetime) -> tuple[int, str]:
    """The session, its rounds, the facilitator's script and the first round begun, in one transaction;
    the first card is queued and held for the caller to post (bot/slack/effects.py)."""
    with db.session() as s:
        sitting = AssessSession(
            team_id=where.team_id,
            channel_id=where.channel_id,
            facilitator_id=where.user_id,
            timing=store.format_timing(request.timing),
            live_key=store.live_key(where.team_id, where.channel_id),
            created_at=now,
            **settings_of(s, where, request),
        )
        s.add(sitting)
        s.flush()
        target = f"assess_session:{sitting.id}"
        audit.record(
            s,
            team_id=where.team_id,
            actor_id=where.user_id,
            action=audit.Action.CREATE,
            target=target,
            now=now,
        )
        enqueue_script(s, sitting, now)
        rounds = [
            AssessRound(session_id=row_id(sitting), position=i, leader_id=leader)
            for i, leader in enumerate(request.leader_ids)
        ]
        s.add_all(rounds)
        s.flush()
        flow.begin_round(s, sitting, rounds[0], now, card_ts=None)
        s.flush()
        anchor = s.get(MessageAnchor, store.card_key(row_id(rounds[0])))
        assert anchor is not None
        hold_for_listener(anchor, now=now)
        s.add(anchor)
        return row_id(sitting), anchor.key


def _undo_start(db: Database, session_id: int) -> None:
    """Slack refused the first card for good: the session goes as if it had never been saved (before the
    card went through the gateway, this was one transaction that rolled back), its audit line too."""
    with db.session() as s:
        rounds = [r for r in s.exec(select(AssessRound.id).where(AssessRound.session_id == session_id)) if r]
        messages = [col(Outbox.dedupe_key).startswith(f"assess:session:{session_id}:")]
        messages += [col(Outbox.dedupe_key).startswith(f"assess:{rid}:") for rid in rounds]
        s.exec(delete(Outbox).where(or_(*messages)))
        s.exec(delete(MessageAnchor).where(col(MessageAnchor.key).in_([store.card_key(r) for r in rounds])))
        s.exec(delete(PhaseSpan).where(col(PhaseSpan.round_id).in_(rounds)))
        s.exec(delete(AssessRound).where(col(AssessRound.session_id) == session_id))
        s.exec(delete(AuditEntry).where(col(AuditEntry.target) == f"assess_session:{session_id}"))
        s.exec(delete(AssessSession).where(col(AssessSession.id) == session_id))


def settings_of(s: Session, where: Where, request: StartRotation) -> dict[str, Any]:
    """The session's columns for the request's settings; a series continues its own numbering, in the
    channel it runs in."""
    number = request.series_number
    if request.series_key is not None and number is None:
        number = store.sessions_in_series(s, where.team_id, where.channel_id, request.series_key) + 1
    return {
        "anonymous": request.anonymous,
        "sponsor_ids": ",".join(request.sponsor_ids),
        "sponsor_channel": request.sponsor_channel,
        "series_key": request.series_key,
        "series_number": number,
        "min_group": max(request.min_group, MIN_GROUP),  # upward only
    }


def status_text(db: Database, where: Where, now: datetime) -> str:
    with db.read() as s:
        sitting = store.live_session_in(s, where.team_id, where.channel_id)
        if sitting is None:
            return "Nothing is live in this channel. Start a session with `/assess @ana @ben @cho`."
        rounds = store.rounds_of(s, row_id(sitting))
        lines = [f"*Live session* run by {mention(sitting.facilitator_id)}."]
        for rnd in rounds:
            lines.append(f"{rnd.position + 1}. {mention(rnd.leader_id)}: {_round_state(rnd, sitting, now)}")
        return "\n".join(lines)


def _round_state(rnd: AssessRound, sitting: AssessSession, now: datetime) -> str:
    if rnd.status == RoundStatus.WAITING:
        return "waiting"
    if rnd.status in FINISHED:
        return "done" if rnd.status == RoundStatus.DONE else "ended early"
    timer = store.timer_of(rnd, store.parse_timing(sitting.timing))
    left = round_clock.time_left(timer, now)
    phase = PHASES[rnd.phase].name
    if rnd.status == RoundStatus.PAUSED:
        return f"*in focus*, paused in {phase} with {int(left.total_seconds())} s left"
    ends = local_time(rnd.phase_ends_at, seconds=True) if rnd.phase_ends_at else "now"
    return f"*in focus*, {phase}, {int(left.total_seconds())} s left (ends at {ends})"


def stop_session(db: Database, where: Where, now: datetime) -> str:
    """The facilitator ends the whole session: the current round ends, its leader still gets a digest."""
    with db.session() as s:
        sitting = store.live_session_in(s, where.team_id, where.channel_id)
        if sitting is None:
            return "Nothing is live in this channel, so there is nothing to stop."
        if sitting.facilitator_id != where.user_id:
            raise Refused(f"Only {mention(sitting.facilitator_id)} can stop this session.")
        for rnd in store.rounds_of(s, row_id(sitting)):
            if rnd.status in ACTIVE:
                locked = store.lock_round(s, row_id(rnd))
                assert locked is not None
                flow.finish_round(s, sitting, locked, now, now, ended_early=True, stopping_session=True)
        flow.end_session(s, sitting, now, status=SittingStatus.STOPPED, stopped_by=where.user_id)
        target = f"assess_session:{sitting.id}"
        audit.record(
            s, team_id=where.team_id, actor_id=where.user_id, action=audit.Action.STOP, target=target, now=now
        )
    return "Session stopped. Whoever was in focus gets a digest of what was written so far."
