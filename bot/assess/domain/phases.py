"""The five phases of a round, their default lengths, and who speaks in each."""

from __future__ import annotations

from dataclasses import dataclass

from bot.assess.domain.statuses import Speaker


@dataclass(frozen=True)
class Phase:
    name: str
    default_seconds: int
    speaker: Speaker  # whose turn it is to speak
    cue: str  # role cue; {leader} is the focus leader's mention


PHASES: tuple[Phase, ...] = (
    Phase(
        "Self-assessment",
        180,
        Speaker.LEADER,
        "{leader} describes their example and rates their own approach; peers listen.",
    ),
    Phase(
        "Clarifying questions",
        120,
        Speaker.PEERS,
        "Peers ask questions to understand, not to advise; {leader} answers briefly.",
    ),
    Phase(
        "Peer feedback",
        180,
        Speaker.PEERS,
        "Peers speak; {leader} listens and does not reply.",
    ),
    Phase(
        "Self-reflection",
        120,
        Speaker.LEADER,
        "{leader} reflects aloud on what they heard; peers listen.",
    ),
    Phase(
        "Re-assessment",
        60,
        Speaker.LEADER,
        "{leader} re-rates their approach and names one thing to try; peers listen.",
    ),
)

DEFAULT_TIMING: tuple[int, ...] = tuple(p.default_seconds for p in PHASES)
MIN_PHASE_SECONDS = 5
MAX_PHASE_SECONDS = 60 * 60

# Replies in these phases come mostly from peers and are what the digest calls questions or feedback.
QUESTIONS_PHASE = 1
FEEDBACK_PHASE = 2

# The leader scores their own approach in the first phase and again in the last.
SELF_PHASE = 0
RE_PHASE = len(PHASES) - 1
ASKED_IN = (SELF_PHASE, RE_PHASE)


def cue_for(phase: int, leader_mention: str) -> str:
    return PHASES[phase].cue.format(leader=leader_mention)


def format_length(seconds: int) -> str:
    """`3 min`, `20 s`, `1 min 30 s`: how a phase length reads on a card."""
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    if minutes:
        return f"{minutes} min"
    return f"{rest} s"
