"""A phase's announcement in the round thread: the cue, who speaks, and the score or feedback buttons."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.models.blocks import Block

from bot.assess.domain.phases import ASKED_IN, FEEDBACK_PHASE, PHASES, cue_for, format_length
from bot.assess.domain.statuses import Speaker
from bot.assess.render.feedback import give_feedback_block
from bot.assess.render.scores import score_blocks
from bot.slack.blocks import context, section
from bot.slack.effects import Rendered
from bot.slack.text import mention


@dataclass(frozen=True)
class PhaseStart:
    round_id: int
    phase: int
    leader_id: str
    seconds: int
    anonymous: bool


def _headline(view: PhaseStart) -> str:
    return f"Phase {view.phase + 1} of {len(PHASES)}: {PHASES[view.phase].name} starts now"


def _invite(view: PhaseStart) -> str:
    if PHASES[view.phase].speaker == Speaker.PEERS:
        return "Peers: reply in this thread."
    leader = mention(view.leader_id)
    return f"{leader}: add your notes in this thread if you like; they go into your private digest."


def phase_plain_text(view: PhaseStart) -> str:
    """What the announcement says when its blocks cannot be built."""
    return f"{_headline(view)}. {_invite(view)}"


def phase_message(view: PhaseStart) -> Rendered:
    info = PHASES[view.phase]
    text = f"*{info.name}* · {format_length(view.seconds)}\n{cue_for(view.phase, mention(view.leader_id))}"
    blocks: list[Block] = [
        section(f":arrow_forward: Phase {view.phase + 1} of {len(PHASES)}: {text}"),
        context(_invite(view)),
    ]
    extra = score_blocks(view.round_id, view.phase, view.leader_id) if view.phase in ASKED_IN else []
    if view.anonymous and view.phase == FEEDBACK_PHASE:
        extra.append(give_feedback_block(view.round_id))
    return Rendered(text=_headline(view), blocks=blocks + extra)
