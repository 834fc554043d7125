"""The focus leader's score buttons under a phase announcement, and the announcement once they scored."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block

from bot.assess.domain.phases import SELF_PHASE
from bot.ids import AssessBlock, score_action
from bot.slack.blocks import actions, button, context, section
from bot.slack.text import mention

QUESTION = "How well did my approach serve this example?"


SCORE_BLOCKS = (
    AssessBlock.SCORE_HEAD,
    AssessBlock.SCORES_LOW,
    AssessBlock.SCORES_HIGH,
    AssessBlock.SCORE_HINT,
)


def score_label(score: int, which: str) -> str:
    """What a screen reader says for a score button: the bare number says neither what nor of how many."""
    meaning = {1: ", not at all", 10: ", fully"}.get(score, "")
    return f"Give {score} out of 10{meaning} as your {which}"


def score_blocks(round_id: int, phase: int, leader_id: str, *, scored: bool = False) -> list[Block]:
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
        actions(
            *(
                button(score_action(n), str(n), value, accessibility_label=score_label(n, which))
                for n in numbers
            ),
            block_id=block_id,
        )
        for block_id, numbers in (
            (AssessBlock.SCORES_LOW, range(1, 6)),
            (AssessBlock.SCORES_HIGH, range(6, 11)),
        )
    ]
    return [
        section(head, block_id=AssessBlock.SCORE_HEAD),
        *rows,
        context(hint, block_id=AssessBlock.SCORE_HINT),
    ]


def with_score_blocks(blocks: Sequence[Block], new: Sequence[Block]) -> list[Block]:
    """The announcement as it was, its score part replaced."""
    return [b for b in blocks if b.block_id not in SCORE_BLOCKS] + list(new)
