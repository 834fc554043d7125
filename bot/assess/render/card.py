"""The round card: who is in focus, the five phases, time left, the role cue and the facilitator's buttons."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ConfirmObject,
    DividerBlock,
)
from sqlmodel import Session

from bot.assess import store
from bot.assess.domain import round_clock
from bot.assess.domain.ending import EarlyEnd, early_end_of
from bot.assess.domain.phases import PHASES, cue_for, format_length
from bot.assess.domain.statuses import ACTIVE, FINISHED, RoundStatus, SittingStatus
from bot.assess.render.ending import early_end_text, schedule_note
from bot.ids import AssessAction, AssessBlock
from bot.series.store import statement_for_round
from bot.slack import fit
from bot.slack.blocks import actions, button, context, section
from bot.slack.effects import Rendered
from bot.slack.text import duration, local_time, mention
from storage.assess import AssessRound, AssessSession


@dataclass(frozen=True)
class Turn:
    leader_id: str
    status: str


@dataclass(frozen=True)
class CardView:
    round_id: int
    position: int
    leader_id: str
    facilitator_id: str
    timing: tuple[int, ...]
    status: str  # running | paused | done | stopped
    phase: int
    phase_ends_at: datetime | None
    paused_remaining: timedelta | None
    took: timedelta | None
    turns: tuple[Turn, ...]
    session_status: str
    statement: str | None = None  # the leader's summary statement, when the session came from a series
    early_end: EarlyEnd | None = None
    overrun: timedelta = timedelta(0)  # once ended: beyond its planned length, negative when ahead

    @property
    def next_turn(self) -> Turn | None:
        waiting = [t for t in self.turns[self.position + 1 :] if t.status == RoundStatus.WAITING]
        return waiting[0] if waiting else None


def load_card(session: Session, round_id: int) -> CardView:
    rnd = session.get(AssessRound, round_id)
    assert rnd is not None
    assert rnd.id is not None
    sitting = session.get(AssessSession, rnd.session_id)
    assert sitting is not None
    rounds = store.rounds_of(session, rnd.session_id)
    took = rnd.ended_at - rnd.started_at if rnd.ended_at and rnd.started_at else None
    paused = timedelta(milliseconds=rnd.paused_remaining_ms) if rnd.paused_remaining_ms is not None else None
    timing = store.parse_timing(sitting.timing)
    return CardView(
        round_id=rnd.id,
        position=rnd.position,
        leader_id=rnd.leader_id,
        facilitator_id=sitting.facilitator_id,
        timing=timing,
        status=rnd.status,
        phase=rnd.phase,
        phase_ends_at=rnd.phase_ends_at,
        paused_remaining=paused,
        took=took,
        turns=tuple(Turn(r.leader_id, r.status) for r in rounds),
        session_status=sitting.status,
        statement=statement_for_round(session, rnd.session_id, rnd.leader_id),
        early_end=early_end_of(rnd, sitting, timing),
        overrun=timedelta(milliseconds=rnd.overrun_ms),
    )


def render_round_card(session: Session, ref: str, now: datetime) -> Rendered:
    """The gateway's renderer for live round cards."""
    return round_card(load_card(session, int(ref)), now)


def round_card(view: CardView, now: datetime) -> Rendered:
    leader = mention(view.leader_id)
    heading = f"*Round {view.position + 1} of {len(view.turns)} · {leader} in focus*"
    blocks: list[Block] = [section(heading)]
    if view.statement:
        head = f":memo: *{leader} is looking for feedback on:*\n"
        said = head + fit.typed(view.statement, fit.SECTION_TEXT - len(head))
        blocks.append(section(said))
    blocks += _now_blocks(view, now)
    blocks.append(section(_phase_list(view)))
    blocks.append(fit.context(_run_order(view)))
    controls = _controls(view)
    if controls:
        blocks.append(controls)
    blocks.append(DividerBlock())
    footer = (
        f"Reply in this thread: replies are captured for {leader}'s private digest. "
        f"Facilitator: {mention(view.facilitator_id)}"
    )
    blocks.append(context(footer))
    return Rendered(text=_fallback(view, now), blocks=blocks)


def _now_blocks(view: CardView, now: datetime) -> list[Block]:
    if view.status in FINISHED:
        if view.early_end is not None:
            ended = f":black_square_for_stop: {early_end_text(view.early_end)}"
        else:
            ended = ":white_check_mark: *Round complete*" + (
                f" after {duration(view.took)}" if view.took else ""
            )
        note = schedule_note(view.overrun)
        text = (
            ended
            + (f" · {note}" if note else "")
            + f". {mention(view.leader_id)} has a private digest in their DMs."
        )
        return [section(text)]
    phase = PHASES[view.phase]
    if view.status == RoundStatus.PAUSED:
        left = view.paused_remaining or timedelta(0)
        text = f":double_vertical_bar: *Paused* in *{phase.name}*: {_left(left)} left when it resumes."
    else:
        timer = round_clock.RoundTimer(
            view.timing, view.phase, round_clock.Status.RUNNING, view.phase_ends_at
        )
        left = round_clock.time_left(timer, now)
        icon = ":hourglass_flowing_sand:" if round_clock.in_warning(timer, now) else ":arrow_forward:"
        ends = local_time(view.phase_ends_at, seconds=True) if view.phase_ends_at else "soon"
        text = f"{icon} *Now: {phase.name}* · {_left(left)} left · ends at {ends}"
    cue = cue_for(view.phase, mention(view.leader_id))
    return [
        section(text),
        context(f":speaking_head_in_silhouette: {cue}"),
    ]


def _left(left: timedelta) -> str:
    seconds = left.total_seconds()
    if seconds > 60:
        return f"{math.ceil(seconds / 60)} min"
    if seconds > 30:
        return "under 1 min"
    return f"{max(math.ceil(seconds), 0)} s"


def _phase_list(view: CardView) -> str:
    lines = []
    for index, (phase, seconds) in enumerate(zip(PHASES, view.timing, strict=True)):
        if view.status in FINISHED or index < view.phase:
            mark = (
                ":white_check_mark:"
                if view.status == RoundStatus.DONE or index < view.phase
                else ":black_square_button:"
            )
            lines.append(f"{mark} {phase.name} · {format_length(seconds)}")
        elif index == view.phase:
            lines.append(f":arrow_forward: *{phase.name} · {format_length(seconds)}*")
        else:
            lines.append(f":black_square_button: {phase.name} · {format_length(seconds)}")
    return "\n".join(lines)


def _run_order(view: CardView) -> str:
    marks: dict[str, str] = {
        RoundStatus.DONE: ":white_check_mark: ",
        RoundStatus.STOPPED: ":black_square_for_stop: ",
        RoundStatus.RUNNING: ":arrow_forward: ",
        RoundStatus.PAUSED: ":arrow_forward: ",
    }
    order = [f"{marks.get(t.status, '')}{mention(t.leader_id)}" for t in view.turns]
    head = "Run order: "
    return head + fit.lines(order, fit.CONTEXT_TEXT - len(head), sep=" → ")


def _controls(view: CardView) -> ActionsBlock | None:
    value = str(view.round_id)
    if view.status in ACTIVE:
        toggle = (
            button(AssessAction.RESUME, "Resume", value, style="primary")
            if view.status == RoundStatus.PAUSED
            else button(AssessAction.PAUSE, "Pause", value)
        )
        end = button(
            AssessAction.END_ROUND,
            "End round",
            value,
            style="danger",
            confirm=ConfirmObject(
                title="End this round?",
                text=f"{mention(view.leader_id)}'s round ends now and they get their digest.",
                confirm="End round",
                deny="Keep going",
            ),
        )
        return actions(
            toggle,
            button(AssessAction.EXTEND, "+1 minute", value),
            button(AssessAction.NEXT_PHASE, "Next phase", value),
            end,
            block_id=AssessBlock.CONTROLS,
        )
    nxt = view.next_turn
    if view.status in FINISHED and view.session_status == SittingStatus.LIVE and nxt is not None:
        start = button(AssessAction.START_NEXT, "Start the next round", value, style="primary")
        return actions(start, block_id=AssessBlock.CONTROLS)
    return None


def _fallback(view: CardView, now: datetime) -> str:
    if view.status in FINISHED:
        return f"Round {view.position + 1}: {mention(view.leader_id)}'s round is over."
    return f"Round {view.position + 1}: {mention(view.leader_id)} in focus, {PHASES[view.phase].name}."


def render_plain_round_card(session: Session, ref: str, now: datetime) -> Rendered:
    """The card with nothing typed and no lists: what the gateway sends when the full card cannot be
    built or Slack refuses it, so the round, its controls and its thread carry on."""
    view = load_card(session, int(ref))
    heading = f"*Round {view.position + 1} of {len(view.turns)} · {mention(view.leader_id)} in focus*"
    status = _fallback(view, now)
    blocks: list[Block] = [
        section(f"{heading}\n{status}"),
        context("Part of this card could not be shown. `/assess status` says more."),
    ]
    controls = _controls(view)
    if controls:
        blocks.append(controls)
    return Rendered(text=status, blocks=blocks)
