"""What happens when a round starts, changes phase or ends: spans, announcements, digests, the wrap-up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from sqlmodel import Session

from bot.assess import store
from bot.assess.domain import ending, round_clock
from bot.assess.domain.round_clock import PhaseEnded
from bot.assess.domain.statuses import RoundStatus, SittingStatus
from bot.assess.render.announce import PhaseStart, phase_message, phase_plain_text
from bot.assess.render.digest import Reply, RoundSummary, count_kinds, digest_messages, wrap_up_message
from bot.assess.render.share import with_share_button
from bot.assess.service import scores, sponsor
from bot.failures import Kind, database_down, error_kind, record_failed
from bot.slack.effects import (
    PRIORITY_LIVE,
    Rendered,
    built_or_plain,
    create_anchor,
    enqueue_dm,
    enqueue_post,
    refresh_anchor,
)
from storage.assess import AssessRound, AssessSession, PhaseSpan
from storage.types import row_id

DIGEST_FALLBACK = (
    "Your round in <#{channel}> has ended, but its digest could not be shown here. "
    "Everything written in your round is still in the round card's thread."
)


def built_or_plain_pages(build: Callable[[], list[Rendered]], plain: str, round_id: int) -> list[Rendered]:
    pages: list[Rendered] = []

    def first() -> Rendered:
        pages.extend(build())
        return pages[0]

    head = built_or_plain(first, plain, what=f"round {round_id}'s digest")
    return pages or [head]


def begin_round(
    s: Session, sitting: AssessSession, rnd: AssessRound, now: datetime, *, card_ts: str | None
) -> None:
    """Start `rnd` at `now`; without `card_ts` the gateway posts its card before the first announcement."""
    assert rnd.id is not None
    timer = round_clock.start(store.parse_timing(sitting.timing), now)
    rnd.status = RoundStatus.RUNNING
    rnd.started_at = now
    store.save_timer(rnd, timer, now)
    s.add(rnd)
    s.add(PhaseSpan(round_id=rnd.id, phase=0, started_at=now))
    create_anchor(
        s,
        key=store.card_key(rnd.id),
        team_id=sitting.team_id,
        channel_id=sitting.channel_id,
        render_kind=store.CARD_KIND,
        render_ref=str(rnd.id),
        now=now,
        ts=card_ts,
    )
    announce_phase(s, sitting, rnd, 0, now)


def announce_phase(
    s: Session,
    sitting: AssessSession,
    rnd: AssessRound,
    phase: int,
    now: datetime,
    *,
    started_at: datetime | None = None,
) -> None:
    """`started_at`: the phase's deadline, when it started at one (bot/watch measures lateness from it)."""
    assert rnd.id is not None
    view = PhaseStart(
        rnd.id, phase, rnd.leader_id, store.parse_timing(sitting.timing)[phase], sitting.anonymous
    )
    enqueue_post(
        s,
        dedupe_key=f"assess:{rnd.id}:phase:{phase}",
        team_id=sitting.team_id,
        channel_id=sitting.channel_id,
        thread_anchor=store.card_key(rnd.id),
        message=built_or_plain(
            partial(phase_message, view), phase_plain_text(view), what=f"round {rnd.id}'s announcement"
        ),
        priority=PRIORITY_LIVE,
        now=now,
        reports=started_at,
    )


def apply_phase_ends(
    s: Session, sitting: AssessSession, rnd: AssessRound, ended: list[PhaseEnded], now: datetime
) -> None:
    """Record each ended phase at the instant it really ended, and start whatever comes next."""
    assert rnd.id is not None
    for transition in ended:
        span = s.get(PhaseSpan, (rnd.id, transition.phase))
        if span is not None and span.ended_at is None:
            span.ended_at = transition.at
            s.add(span)
        if transition.next_phase is None:
            finish_round(s, sitting, rnd, transition.at, now, ended_early=transition.cut_short)
            continue
        s.add(PhaseSpan(round_id=rnd.id, phase=transition.next_phase, started_at=transition.at))
        announce_phase(s, sitting, rnd, transition.next_phase, now, started_at=transition.at)


def finish_round(
    s: Session,
    sitting: AssessSession,
    rnd: AssessRound,
    at: datetime,
    now: datetime,
    *,
    ended_early: bool,
    stopping_session: bool = False,
) -> None:
    """The round is over: mark it, send the leader their digest, and end the session after the last one.
    `ended_early`: the facilitator cut it short; `stopping_session`: as part of `/assess stop`."""
    assert rnd.id is not None
    timing = store.parse_timing(sitting.timing)
    for span in store.spans_of(s, rnd.id):
        if span.ended_at is None:
            span.ended_at = at
            s.add(span)
    rnd.status = RoundStatus.STOPPED if ended_early else RoundStatus.DONE
    rnd.ended_at = at
    rnd.overrun_ms = ending.overrun_ms(rnd, timing)
    rnd.phase_ends_at = None
    rnd.paused_remaining_ms = None
    rnd.next_tick_at = None
    rnd.version += 1
    s.add(rnd)
    replies = [Reply(r.user_id, r.phase, r.text) for r in store.replies_of(s, rnd.id)]
    # A digest is owed for every round that started, written to or not: it carries the leader's scores.
    if rnd.started_at is not None:
        round_id, early_end = rnd.id, ending.early_end_of(rnd, sitting, timing)
        score_summary = scores.score_summary(s, sitting, rnd)

        def build() -> list[Rendered]:
            pages = digest_messages(
                leader_id=rnd.leader_id,
                channel_id=sitting.channel_id,
                replies=replies,
                early_end=early_end,
                scores=score_summary,
            )
            if store.has_sponsors(sitting):
                pages[-1] = with_share_button(pages[-1], round_id)
            return pages

        pages = built_or_plain_pages(build, DIGEST_FALLBACK.format(channel=sitting.channel_id), rnd.id)
        for number, page in enumerate(pages):
            enqueue_dm(
                s,
                dedupe_key=f"assess:{rnd.id}:digest:{number}",
                team_id=sitting.team_id,
                user_id=rnd.leader_id,
                message=page,
                now=now,
            )
    refresh_anchor(s, store.card_key(rnd.id), now=now, urgent=True)
    waiting = [r for r in store.rounds_of(s, row_id(sitting)) if r.status == RoundStatus.WAITING]
    if not stopping_session and not waiting:
        end_session(s, sitting, now, status=SittingStatus.ENDED)


def end_session(
    s: Session, sitting: AssessSession, now: datetime, *, status: SittingStatus, stopped_by: str | None = None
) -> None:
    sitting.status = status
    sitting.live_key = None
    sitting.ended_at = now
    s.add(sitting)
    summaries = []
    for rnd in store.rounds_of(s, row_id(sitting)):
        replies = [Reply(r.user_id, r.phase, r.text) for r in store.replies_of(s, row_id(rnd))]
        questions, feedback = count_kinds(replies, rnd.leader_id)
        took = rnd.ended_at - rnd.started_at if rnd.ended_at and rnd.started_at else None
        summaries.append(RoundSummary(rnd.leader_id, took, rnd.status, questions, feedback))
        if rnd.id is not None:
            refresh_anchor(s, store.card_key(rnd.id), now=now, urgent=True)
    enqueue_post(
        s,
        dedupe_key=f"assess:session:{sitting.id}:wrap-up",
        team_id=sitting.team_id,
        channel_id=sitting.channel_id,
        message=built_or_plain(
            lambda: wrap_up_message(summaries, stopped_by=stopped_by),
            f"The session is over: {len(summaries)} rounds.",
            what=f"session {sitting.id}'s wrap-up",
        ),
        now=now,
    )
    # The session ends even when its summary cannot be built; the facilitator hears that it was not sent.
    try:
        with s.begin_nested():
            sponsor.enqueue_summary(s, sitting, now)
    except Exception as exc:
        if database_down(exc):
            raise
        record_failed(
            s,
            kind=Kind.MESSAGE,
            item=f"assess:session:{sitting.id}:sponsor",
            team_id=sitting.team_id,
            error=error_kind(exc),
            now=now,
            first_at=now,
        )
