"""The facilitator's buttons on a round card: pause, resume, +1 minute, next phase, end round, next leader."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.assess import store
from bot.assess.domain import round_clock
from bot.assess.domain.statuses import ACTIVE, RoundStatus, SittingStatus
from bot.assess.service import flow
from bot.ids import AssessAction
from bot.platform.errors import Refused
from bot.slack.effects import refresh_anchor
from bot.slack.text import mention
from storage.assess import AssessSession
from storage.db import Database
from storage.types import row_id

VERBS = {
    AssessAction.PAUSE: "pause the round",
    AssessAction.RESUME: "resume the round",
    AssessAction.EXTEND: "add a minute",
    AssessAction.NEXT_PHASE: "move to the next phase",
    AssessAction.END_ROUND: "end the round",
    AssessAction.START_NEXT: "start the next round",
}


def press(db: Database, action: AssessAction, round_id: int, user_id: str, now: datetime) -> None:
    """Apply one button press; a stale press (the round moved on) changes nothing."""
    with db.session() as s:
        rnd = store.lock_round(s, round_id)
        if rnd is None:
            raise Refused("That round no longer exists.")
        sitting = s.get(AssessSession, rnd.session_id)
        assert sitting is not None
        if sitting.facilitator_id != user_id:
            raise Refused(f"Only {mention(sitting.facilitator_id)} can {VERBS[action]}.")
        if sitting.status != SittingStatus.LIVE:  # closed means closed: an old card's buttons change nothing
            raise Refused("This session has ended, so its buttons no longer do anything.")
        if action == AssessAction.START_NEXT:
            _start_next(s, sitting, rnd.position, now)
            return
        if rnd.status not in ACTIVE:
            return
        timing = store.parse_timing(sitting.timing)
        timer = store.timer_of(rnd, timing)
        ended: list[round_clock.PhaseEnded] = []
        if action == AssessAction.PAUSE:
            timer = round_clock.pause(timer, now)
        elif action == AssessAction.RESUME:
            timer = round_clock.resume(timer, now)
        elif action == AssessAction.EXTEND:
            timer = round_clock.extend(timer)
        elif action == AssessAction.NEXT_PHASE:
            timer, transition = round_clock.end_phase_now(timer, now)
            ended = [transition] if transition else []
        elif action == AssessAction.END_ROUND:
            timer, transition = round_clock.end_round_now(timer, now)
            ended = [transition] if transition else []
        store.save_timer(rnd, timer, now)
        s.add(rnd)
        flow.apply_phase_ends(s, sitting, rnd, ended, now)
        refresh_anchor(s, store.card_key(round_id), now=now, urgent=True, pressed=True)


def _start_next(s: Session, sitting: AssessSession, after: int, now: datetime) -> None:
    if sitting.status != SittingStatus.LIVE:
        raise Refused("This session has ended. Start a new one with `/assess @ana @ben`.")
    rounds = store.rounds_of(s, row_id(sitting))
    if any(r.status in ACTIVE for r in rounds):
        return  # someone already started it: pressing twice starts nothing twice
    waiting = [r for r in rounds if r.status == RoundStatus.WAITING and r.position > after]
    if not waiting:
        return
    flow.begin_round(s, sitting, waiting[0], now, card_ts=None)
    previous = [r for r in rounds if r.position == after]
    if previous and previous[0].id is not None:
        refresh_anchor(s, store.card_key(previous[0].id), now=now, urgent=True, pressed=True)
