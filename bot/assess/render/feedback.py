"""Anonymous feedback shown: the button under the card, the modal, and the post quoted in the thread."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, InputBlock
from slack_sdk.models.blocks.basic_components import PlainTextObject
from slack_sdk.models.blocks.block_elements import PlainTextInputElement
from slack_sdk.models.views import View

from bot.ids import VALUE, AssessBlock, AssessExtra, AssessView
from bot.inputs import QUOTED_ANSWER
from bot.slack import fit
from bot.slack.blocks import actions, button, section
from bot.slack.effects import Rendered
from bot.slack.text import mention

# Shown quoted (`> ` before each line) in the thread and again in the digest: see bot/inputs.py.
LIMIT = QUOTED_ANSWER


def give_feedback_block(round_id: int) -> ActionsBlock:
    give = button(AssessExtra.GIVE_FEEDBACK, "Give feedback", str(round_id), style="primary")
    return actions(give, block_id=AssessBlock.GIVE_FEEDBACK)


def feedback_modal(*, round_id: int, leader_id: str) -> View:
    """The modal for one peer; the service has checked they may write."""
    note = (
        f"Your feedback is posted in the thread without your name and reaches {mention(leader_id)}'s "
        "digest without it. coachbot does not record who wrote it."
    )
    return View(
        type="modal",
        callback_id=AssessView.FEEDBACK,
        private_metadata=str(round_id),
        title=PlainTextObject(text="Anonymous feedback"),
        submit=PlainTextObject(text="Post"),
        close=PlainTextObject(text="Cancel"),
        blocks=[
            section(note),
            InputBlock(
                block_id=AssessBlock.FEEDBACK_TEXT,
                label=PlainTextObject(text="What worked, and what could they try?"),
                element=PlainTextInputElement(action_id=VALUE, multiline=True, max_length=LIMIT.chars),
            ),
        ],
    )


def thread_post(text: str) -> Rendered:
    """The escaped feedback quoted in full, over as many sections as its lines need."""
    quoted = fit.chunks(["*Anonymous feedback*", *(f"> {line}" for line in text.split("\n"))])
    blocks: list[Block] = [section(chunk) for chunk in quoted]
    blocks.append(fit.context("Posted by coachbot for a peer."))
    return Rendered(
        text=f"Anonymous feedback: {fit.cut(text, 150)}",
        blocks=fit.cap_blocks(blocks),
    )
