"""The focus leader's private digest and the channel's wrap-up: pure functions of captured replies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock

from bot.assess.domain.ending import EarlyEnd
from bot.assess.domain.phases import FEEDBACK_PHASE, PHASES, QUESTIONS_PHASE
from bot.assess.domain.statuses import RoundStatus, Speaker
from bot.assess.render.ending import early_end_text
from bot.ids import AssessBlock
from bot.slack import fit
from bot.slack.blocks import context, section
from bot.slack.effects import Rendered
from bot.slack.text import duration, mention

BLOCKS_PER_MESSAGE = 45  # Slack allows 50; leave room for the share button and what replaces it


REPLY_SHOWN = 2900  # one reply in a digest section, with its author line and quote marks


@dataclass(frozen=True)
class Reply:
    user_id: str
    phase: int
    text: str


@dataclass(frozen=True)
class TrendPoint:
    session_number: int
    self_score: int | None
    re_score: int | None


@dataclass(frozen=True)
class ScoreSummary:
    self_score: int | None
    re_score: int | None
    trend: tuple[TrendPoint, ...] = ()


@dataclass(frozen=True)
class RoundSummary:
    leader_id: str
    took: timedelta | None
    status: str
    questions: int
    feedback: int


def digest_messages(
    *,
    leader_id: str,
    channel_id: str,
    replies: Sequence[Reply],
    early_end: EarlyEnd | None = None,
    scores: ScoreSummary | None = None,
) -> list[Rendered]:
    """Everything captured in a round, grouped by phase, split to fit Slack's limits."""
    where = f"From your round in <#{channel_id}>. Only you can see this message."
    blocks: list[Block] = [
        HeaderBlock(text="Your round digest"),
        context(where, block_id=AssessBlock.DIGEST_AUDIENCE),
    ]
    if early_end is not None:
        said = f":black_square_for_stop: {early_end_text(early_end)}."
        blocks.append(section(said))
    if scores is not None:
        blocks.append(section(score_text(scores)))
    if not replies:
        blocks.append(section("Nothing was written in the thread during your round."))
    for index, phase in enumerate(PHASES):
        in_phase = [r for r in replies if r.phase == index]
        if not in_phase:
            continue
        blocks.append(DividerBlock())
        title = f"*{phase.name}*" + (
            " · your notes and what peers wrote" if phase.speaker == Speaker.LEADER else ""
        )
        lines = [_line(r, leader_id) for r in in_phase]
        blocks += [section(c) for c in fit.chunks(lines, head=title)]
    pages = [blocks[i : i + BLOCKS_PER_MESSAGE] for i in range(0, len(blocks), BLOCKS_PER_MESSAGE)]
    return [
        Rendered(
            text="Your round digest" + (f" (part {n + 1} of {len(pages)})" if len(pages) > 1 else ""),
            blocks=page,
        )
        for n, page in enumerate(pages)
    ]


def score_text(scores: ScoreSummary) -> str:
    """Both scores and the shift; with two or more sessions of a series, the trend."""
    text = (
        f"*Your scores* (how well your approach served your example): "
        f"self-assessment {_score(scores.self_score)} → re-assessment {_score(scores.re_score)}"
    )
    if scores.self_score is not None and scores.re_score is not None:
        text += f" · shift {scores.re_score - scores.self_score:+d}"
    if len(scores.trend) >= 2:
        steps = ", ".join(
            f"Session {p.session_number}: {_bare(p.self_score)} → {_bare(p.re_score)}" for p in scores.trend
        )
        text += f"\n*Your trend across the series*: {steps}"
    return text


def _score(score: int | None) -> str:
    return "not given" if score is None else f"{score}/10"


def _bare(score: int | None) -> str:
    return "-" if score is None else str(score)


def _line(reply: Reply, leader_id: str) -> str:
    if not reply.user_id:
        author = "A peer (anonymous)"
    else:
        author = "You" if reply.user_id == leader_id else mention(reply.user_id)
    # Replies come as Slack delivered them: mentions and @channel in them are live, so show them as text.
    quoted = fit.inert(reply.text, REPLY_SHOWN).replace("\n", "\n> ")
    return fit.cut(f"{author}:\n> {quoted}", fit.SECTION_TEXT)


def wrap_up_message(rounds: Sequence[RoundSummary], *, stopped_by: str | None = None) -> Rendered:
    """How the session went, without any content: the content stays in the threads and digests."""
    lines = []
    for r in rounds:
        if r.status == RoundStatus.WAITING:
            lines.append(f"• {mention(r.leader_id)}: not run")
            continue
        took = duration(r.took) if r.took else "not run"
        status = " (ended early)" if r.status == RoundStatus.STOPPED else ""
        lines.append(
            f"• {mention(r.leader_id)}: {took}{status} · {_count(r.questions, 'question')}"
            f" · {_count(r.feedback, 'feedback reply', 'feedback replies')}"
        )
    heading = (
        f":octagonal_sign: *Session stopped* by {mention(stopped_by)}."
        if stopped_by
        else ":checkered_flag: *Session complete.* Thank you all."
    )
    context = "Each leader has their digest in a DM. Replies stay in each round's thread."
    blocks: list[Block] = [section(text) for text in fit.chunks(lines, head=heading)]
    blocks = fit.cap_blocks([*blocks, fit.context(context)])
    return Rendered(text="Session stopped." if stopped_by else "Session complete.", blocks=blocks)


def count_kinds(replies: Sequence[Reply], leader_id: str) -> tuple[int, int]:
    peers = [r for r in replies if r.user_id != leader_id]
    return (
        sum(1 for r in peers if r.phase == QUESTIONS_PHASE),
        sum(1 for r in peers if r.phase == FEEDBACK_PHASE),
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
