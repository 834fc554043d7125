"""The focus leader's own scores (1-10): asked in self-assessment and again in re-assessment, never shown
to peers; the digest shows both, the shift, and the leader's trend across a series."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from sqlmodel import Session

from bot.assess import store
from bot.assess.domain.phases import PHASES
from bot.assess.domain.statuses import ACTIVE
from bot.assess.render.digest import ScoreSummary, TrendPoint
from bot.ids import AssessBlock, score_action
from bot.platform.errors import Refused
from bot.slack.text import mention
from storage.db import Database
from storage.models import AssessRound, AssessSession

SELF_PHASE = 0
RE_PHASE = len(PHASES) - 1
ASKED_IN = (SELF_PHASE, RE_PHASE)
ASKED_IN = (SELF_PHASE, RE_PHASE)
QUESTION = "How well did my approach serve this example?"


SCORE_BLOCKS = (
    AssessBlock.SCORE_HEAD,
    AssessBlock.SCORES_LOW,
    AssessBlock.SCORES_HIGH,
    AssessBlock.SCORE_HINT,
)


def score_blocks(round_id: int, phase: int, leader_id: str, *, scored: bool = False) -> list[dict[str, Any]]:
    """Ten buttons under the phase announcement; once scored they say so, without the number."""
    which = "self-score" if phase == SELF_PHASE else "re-score"
    if scored:
        head = f":white_check_mark: {mention(leader_id)} has given their {which}. Only they know it."
        hint = f"{mention(leader_id)}: press another number to change it while the round runs."
    else:
        head = f":1234: {mention(leader_id)}, your {which}: *{QUESTION}* (1 = not at all, 10 = fully)"
        hint = "Only the leader in focus can press these; the score goes only into their private digest."
    value = f"{round_id}:{phase}"
    rows = [
        ActionsBlock(
            block_id=block_id,
            elements=[ButtonElement(text=str(n), action_id=score_action(n), value=value) for n in numbers],
        )
        for block_id, numbers in (
            (AssessBlock.SCORES_LOW, range(1, 6)),
            (AssessBlock.SCORES_HIGH, range(6, 11)),
        )
    ]
    blocks: list[Block] = [
        SectionBlock(block_id=AssessBlock.SCORE_HEAD, text=MarkdownTextObject(text=head)),
        *rows,
        ContextBlock(block_id=AssessBlock.SCORE_HINT, elements=[MarkdownTextObject(text=hint)]),
    ]
    return [b.to_dict() for b in blocks]


def with_score_blocks(blocks: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The announcement as it was, its score part replaced."""
    return [b for b in blocks if b.get("block_id") not in SCORE_BLOCKS] + new


def record_score(db: Database, *, value: str, user_id: str, score: int) -> list[dict[str, Any]]:
    """Keep the leader's score; answers with the score blocks to show everyone (without the number)."""
    round_part, _, phase_part = value.partition(":")
    round_id, phase = int(round_part), int(phase_part)
    if not 1 <= score <= 10 or phase not in (SELF_PHASE, RE_PHASE):
        raise Refused("That is not a score I can keep.")
    with db.session() as s:
        rnd = store.lock_round(s, round_id)
        if rnd is None:
            raise Refused("That round no longer exists.")
        if rnd.leader_id != user_id:
            raise Refused(f"Only {mention(rnd.leader_id)} can score their own round.")
        if rnd.status not in ACTIVE:
            raise Refused("This round has ended: scores are taken while it runs.")
        if phase == SELF_PHASE:
            rnd.self_score = score
        else:
            rnd.re_score = score
        s.add(rnd)
    return score_blocks(round_id, phase, user_id, scored=True)


def score_summary(s: Session, sitting: AssessSession, rnd: AssessRound) -> ScoreSummary:
    """This round's scores and, across the series so far, the same leader's scores in each session."""
    trend: list[TrendPoint] = []
    for number, session in enumerate(store.series_sessions(s, sitting), start=1):
        mine = [r for r in store.rounds_of(s, session.id or 0) if r.leader_id == rnd.leader_id]
        if mine and (mine[0].self_score is not None or mine[0].re_score is not None):
            trend.append(TrendPoint(session.series_number or number, mine[0].self_score, mine[0].re_score))
    return ScoreSummary(rnd.self_score, rnd.re_score, tuple(trend))
