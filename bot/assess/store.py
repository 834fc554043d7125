"""Loading and saving rounds: the bridge between table rows and the pure round timer."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from bot.assess.domain import round_clock
from bot.assess.domain.round_clock import RoundTimer
from bot.assess.domain.statuses import ACTIVE, FINISHED, RoundStatus
from storage.assess import AssessRound, AssessSession, CapturedReply, PhaseSpan
from storage.platform import MessageAnchor

CARD_KIND = "assess_round"


def card_key(round_id: int) -> str:
    return f"assess-round:{round_id}"


def parse_timing(timing: str) -> tuple[int, ...]:
    return tuple(int(part) for part in timing.split(","))


def format_timing(timing: tuple[int, ...]) -> str:
    return ",".join(str(seconds) for seconds in timing)


def live_key(team_id: str, channel_id: str) -> str:
    return f"{team_id}:{channel_id}"


def timer_of(rnd: AssessRound, timing: tuple[int, ...]) -> RoundTimer:
    status = round_clock.Status.RUNNING if rnd.status in ACTIVE else round_clock.Status.DONE
    if rnd.status == RoundStatus.PAUSED:
        status = round_clock.Status.PAUSED
    paused = timedelta(milliseconds=rnd.paused_remaining_ms) if rnd.paused_remaining_ms is not None else None
    return RoundTimer(timing, rnd.phase, status, rnd.phase_ends_at, paused)


def save_timer(rnd: AssessRound, timer: RoundTimer, now: datetime) -> None:
    """Copy the timer onto the row, including when the scheduler should next look at it."""
    rnd.phase = timer.phase
    rnd.phase_ends_at = timer.phase_ends_at
    rnd.paused_remaining_ms = (
        int(timer.paused_remaining.total_seconds() * 1000) if timer.paused_remaining is not None else None
    )
    if timer.status != round_clock.Status.DONE:
        rnd.status = timer.status
    rnd.next_tick_at = round_clock.next_tick(timer, now)
    rnd.version += 1


def lock_round(session: Session, round_id: int) -> AssessRound | None:
    """The round row, locked for this transaction so a button and the ticker never interleave."""
    return session.exec(select(AssessRound).where(AssessRound.id == round_id).with_for_update()).first()


def rounds_of(session: Session, session_id: int) -> list[AssessRound]:
    return list(
        session.exec(
            select(AssessRound)
            .where(AssessRound.session_id == session_id)
            .order_by(col(AssessRound.position))
        ).all()
    )


def live_session_in(session: Session, team_id: str, channel_id: str) -> AssessSession | None:
    return session.exec(
        select(AssessSession).where(AssessSession.live_key == live_key(team_id, channel_id))
    ).first()


def current_round(session: Session, session_id: int) -> AssessRound | None:
    """The round in focus now, or else the last one that finished."""
    rounds = rounds_of(session, session_id)
    active = [r for r in rounds if r.status in ACTIVE]
    if active:
        return active[0]
    finished = [r for r in rounds if r.status in FINISHED]
    return finished[-1] if finished else None


def spans_of(session: Session, round_id: int) -> list[PhaseSpan]:
    return list(
        session.exec(
            select(PhaseSpan).where(PhaseSpan.round_id == round_id).order_by(col(PhaseSpan.phase))
        ).all()
    )


def replies_of(session: Session, round_id: int) -> list[CapturedReply]:
    return list(
        session.exec(
            select(CapturedReply)
            .where(CapturedReply.round_id == round_id)
            .where(col(CapturedReply.deleted).is_(False))
            .order_by(col(CapturedReply.ts))
        ).all()
    )


def round_for_card(session: Session, channel_id: str, card_ts: str) -> AssessRound | None:
    anchor = session.exec(
        select(MessageAnchor)
        .where(MessageAnchor.channel_id == channel_id)
        .where(MessageAnchor.ts == card_ts)
        .where(MessageAnchor.render_kind == CARD_KIND)
    ).first()
    if anchor is None:
        return None
    return session.get(AssessRound, int(anchor.render_ref))


def sessions_in_series(session: Session, team_id: str, channel_id: str, series_key: str) -> int:
    """A series belongs to the channel it runs in: the same name in another channel is another series."""
    return session.exec(
        select(func.count())
        .select_from(AssessSession)
        .where(AssessSession.team_id == team_id)
        .where(AssessSession.channel_id == channel_id)
        .where(AssessSession.series_key == series_key)
    ).one()


def series_sessions(session: Session, sitting: AssessSession) -> list[AssessSession]:
    """The sessions of `sitting`'s series up to and including it, oldest first; just it without a series."""
    if sitting.series_key is None:
        return [sitting]
    rows = session.exec(
        select(AssessSession)
        .where(AssessSession.team_id == sitting.team_id)
        .where(AssessSession.channel_id == sitting.channel_id)  # the same name elsewhere is another series
        .where(AssessSession.series_key == sitting.series_key)
        .where(col(AssessSession.created_at) <= sitting.created_at)
        .order_by(col(AssessSession.created_at), col(AssessSession.id))
    ).all()
    return list(rows)


def sponsors_of(sitting: AssessSession) -> list[str]:
    return [u for u in sitting.sponsor_ids.split(",") if u]


def has_sponsors(sitting: AssessSession) -> bool:
    return bool(sponsors_of(sitting) or sitting.sponsor_channel)
