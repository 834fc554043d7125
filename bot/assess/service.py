"""`/assess` use cases: start a session, say what is live, stop it. Each is one unit of work."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session

from bot.assess import flow, round_clock, store
from bot.assess.command import MIN_GROUP, StartRotation
from bot.assess.phases import PHASES
from bot.assess.render import load_card, round_card
from bot.assess.script import enqueue_script
from bot.platform.errors import Refused
from bot.platform.people import NotAPerson, not_a_person
from bot.privacy import audit
from bot.privacy.destination import private_channel_problem
from bot.slack.budget import Budget
from bot.slack.delivery import take_post_budget
from bot.slack.errors import classify
from bot.slack.lookup import marker
from bot.slack.people import person
from bot.slack.text import local_time, mention
from storage.db import Database
from storage.models import AssessRound, AssessSession, MessageAnchor

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
    client: WebClient, leader_ids: tuple[str, ...], *, role: str = "leaders who take a turn"
) -> None:
    """Every leader (or sponsor) must be a real, active person in this workspace."""
    for user_id in leader_ids:
        why = not_a_person(user_id, person(client, user_id))
        if why is NotAPerson.MISSING:
            raise Refused(f"I could not find {mention(user_id)} in this workspace.")
        if why is NotAPerson.BOT:
            raise Refused(f"{mention(user_id)} is a bot, not a person: name the {role}.")
        if why is NotAPerson.DEACTIVATED:
            raise Refused(f"{mention(user_id)} has been deactivated: name the {role}.")


def start_session(
    db: Database,
    client: WebClient,
    where: Where,
    request: StartRotation,
    now: datetime,
    *,
    budget: Budget,
    anonymous: bool | None = None,
    sponsor_ids: tuple[str, ...] | None = None,
    sponsor_channel: str | None = None,
    series_key: str | None = None,
    series_number: int | None = None,
    min_group: int | None = None,
) -> None:
    """Save the session and post the first round card in one step. A definite "no" from Slack undoes both;
    a busy or unreachable Slack does not: the session is saved and the card goes out when Slack allows.
    The card takes the same post budget as every other message; over it, the card is queued instead.
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
    check_leaders(client, request.leader_ids)
    check_leaders(client, request.sponsor_ids, role="sponsors")
    if request.sponsor_channel:
        problem = private_channel_problem(request.sponsor_channel, lambda c: channel_info(client, c))
        if problem:
            raise Refused(problem)
    posted_ts: str | None = None
    try:
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
                s, team_id=where.team_id, actor_id=where.user_id, action="create", target=target, now=now
            )
            enqueue_script(s, sitting, now)
            rounds = [
                AssessRound(session_id=sitting.id or 0, position=i, leader_id=leader)
                for i, leader in enumerate(request.leader_ids)
            ]
            s.add_all(rounds)
            s.flush()
            flow.begin_round(s, sitting, rounds[0], now, card_ts=None)
            s.flush()
            anchor = s.get(MessageAnchor, store.card_key(rounds[0].id or 0))
            assert anchor is not None
            try:
                card = round_card(load_card(s, rounds[0].id or 0), now)
            except SQLAlchemyError:
                raise
            except Exception as exc:  # the session starts anyway: the gateway posts the card plain
                log.warning("first card of session %s queued: %s", sitting.id, type(exc).__name__)
                return
            spent = take_post_budget(budget, where.team_id, where.channel_id, now)
            if spent is not None:
                # Slack is not asked over our budget: the live-card sender posts the queued card (ts
                # unset) as soon as the budget allows, a second or two for a busy channel.
                log.info(
                    "first card of session %s queued: the %s post budget is spent", sitting.id, spent.value
                )
                return
            try:
                posted_ts = _post_card(client, where.channel_id, anchor.key, card.text, card.blocks)
            except Exception as exc:  # classified: only a definite refusal from Slack undoes the start
                failure = classify(exc)
                if failure.permanent:
                    raise
                log.warning("first card of session %s deferred: %s", sitting.id, failure.reason)
                # The card stays queued (ts unset): the live-card sender posts it, looking first when
                # the attempt may have reached Slack.
                anchor.post_uncertain = failure.uncertain
                anchor.not_before = now + (failure.retry_after or timedelta(seconds=1))
            else:
                anchor.ts, anchor.rendered_seq, anchor.urgent = posted_ts, anchor.wanted_seq, False
            s.add(anchor)
    except IntegrityError:
        _delete_card(client, where.channel_id, posted_ts)
        raise Refused(
            "Someone started a session in this channel a moment ago: `/assess status` shows it."
        ) from None
    except BaseException:
        _delete_card(client, where.channel_id, posted_ts)
        raise


def channel_info(client: WebClient, channel_id: str) -> dict[str, Any]:
    """conversations.info's channel; empty when the bot cannot see it (a private channel it is not in)."""
    try:
        return dict(client.conversations_info(channel=channel_id)["channel"])
    except SlackApiError as exc:
        if exc.response.get("error") == "channel_not_found":
            return {}
        raise


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


def _post_card(
    client: WebClient, channel_id: str, key: str, text: str, blocks: list[dict[str, object]]
) -> str:
    try:
        response = client.chat_postMessage(channel=channel_id, text=text, blocks=blocks, metadata=marker(key))
    except SlackApiError as exc:
        if exc.response.get("error") in ("not_in_channel", "channel_not_found"):
            raise Refused(
                "I am not in this channel yet. Type `/invite @coachbot` here, then run `/assess` again."
            ) from None
        raise
    return str(response["ts"])


def _delete_card(client: WebClient, channel_id: str, ts: str | None) -> None:
    if ts is None:
        return
    try:
        client.chat_delete(channel=channel_id, ts=ts)
    except SlackApiError:
        log.warning("could not remove the card of a session that was not saved (%s %s)", channel_id, ts)


def status_text(db: Database, where: Where, now: datetime) -> str:
    with db.read() as s:
        sitting = store.live_session_in(s, where.team_id, where.channel_id)
        if sitting is None:
            return "Nothing is live in this channel. Start a session with `/assess @ana @ben @cho`."
        rounds = store.rounds_of(s, sitting.id or 0)
        lines = [f"*Live session* run by {mention(sitting.facilitator_id)}."]
        for rnd in rounds:
            lines.append(f"{rnd.position + 1}. {mention(rnd.leader_id)}: {_round_state(rnd, sitting, now)}")
        return "\n".join(lines)


def _round_state(rnd: AssessRound, sitting: AssessSession, now: datetime) -> str:
    if rnd.status == "waiting":
        return "waiting"
    if rnd.status in ("done", "stopped"):
        return "done" if rnd.status == "done" else "ended early"
    timer = store.timer_of(rnd, store.parse_timing(sitting.timing))
    left = round_clock.time_left(timer, now)
    phase = PHASES[rnd.phase].name
    if rnd.status == "paused":
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
        for rnd in store.rounds_of(s, sitting.id or 0):
            if rnd.status in ("running", "paused"):
                locked = store.lock_round(s, rnd.id or 0)
                assert locked is not None
                flow.finish_round(s, sitting, locked, now, now, ended_early=True, stopping_session=True)
        flow.end_session(s, sitting, now, status="stopped", stopped_by=where.user_id)
        target = f"assess_session:{sitting.id}"
        audit.record(s, team_id=where.team_id, actor_id=where.user_id, action="stop", target=target, now=now)
    return "Session stopped. Whoever was in focus gets a digest of what was written so far."
