"""The sponsors' summary sent after each session: the facts loaded from the rows, then one DM per sponsor
or one post in the sponsor channel, with the chart planned beside it. Never any captured text."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.assess import store
from bot.assess.domain.statuses import RoundStatus, SittingStatus
from bot.assess.render.digest import Reply, count_kinds
from bot.assess.render.sponsor import RoundFacts, SessionFacts, summary_message
from bot.assess.service import chart
from bot.slack.effects import enqueue_dm, enqueue_post
from storage.assess import AssessRound, AssessSession
from storage.types import row_id


def session_facts(s: Session, sitting: AssessSession) -> SessionFacts:
    rounds: list[RoundFacts] = []
    writers: dict[str, None] = {}
    shifts: list[int] = []
    ran = [r for r in store.rounds_of(s, row_id(sitting)) if r.started_at is not None]
    for rnd in ran:
        replies = [Reply(r.user_id, r.phase, r.text) for r in store.replies_of(s, row_id(rnd))]
        questions, feedback = count_kinds(replies, rnd.leader_id)
        writers.update(dict.fromkeys(r.user_id for r in replies if r.user_id))
        rounds.append(RoundFacts(rnd.leader_id, rnd.status, questions, feedback, _overrun(rnd)))
        if rnd.self_score is not None and rnd.re_score is not None:
            shifts.append(rnd.re_score - rnd.self_score)
    leaders = {r.leader_id for r in ran}
    return SessionFacts(
        held_at=sitting.created_at,
        series_number=sitting.series_number,
        stopped=sitting.status == SittingStatus.STOPPED,
        min_group=sitting.min_group,
        rounds=tuple(rounds),
        writers=tuple(w for w in writers if w not in leaders),
        shifts=tuple(shifts),
        anonymous=sitting.anonymous,
    )


def _overrun(rnd: AssessRound) -> timedelta | None:
    if rnd.status == RoundStatus.STOPPED or rnd.ended_at is None:
        return None
    return max(timedelta(milliseconds=rnd.overrun_ms), timedelta(0))


def enqueue_summary(s: Session, sitting: AssessSession, now: datetime) -> None:
    """To each sponsor by DM, or one post in the sponsor channel; with a chart from the second session."""
    if not store.has_sponsors(sitting):
        return
    message = summary_message(session_facts(s, sitting))
    key = f"assess:session:{sitting.id}:sponsor"
    targets: list[tuple[str | None, str | None]] = (
        [(None, sitting.sponsor_channel)] if sitting.sponsor_channel else []
    )
    targets += [(sponsor, None) for sponsor in store.sponsors_of(sitting) if not sitting.sponsor_channel]
    for user_id, channel_id in targets:
        if channel_id:
            enqueue_post(
                s,
                dedupe_key=f"{key}:channel",
                team_id=sitting.team_id,
                channel_id=channel_id,
                message=message,
                now=now,
            )
        elif user_id:
            enqueue_dm(
                s,
                dedupe_key=f"{key}:{user_id}",
                team_id=sitting.team_id,
                user_id=user_id,
                message=message,
                now=now,
            )
        chart.plan_chart(s, sitting, user_id=user_id, channel_id=channel_id, now=now)
