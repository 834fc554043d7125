"""Anonymous peer feedback: a button opens a modal; the text is posted and kept with no trace of its author.

The author's id is used only to refuse the leader in focus; it is never written to a row, a payload, a key
or a log line, so nobody (the bot included) can later link the text to the person."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, InputBlock
from slack_sdk.models.blocks.basic_components import PlainTextObject
from slack_sdk.models.blocks.block_elements import PlainTextInputElement
from slack_sdk.models.views import View
from sqlmodel import Session

from bot.assess import store
from bot.assess.domain.phases import FEEDBACK_PHASE
from bot.assess.domain.statuses import ACTIVE
from bot.ids import VALUE, AssessBlock, AssessExtra, AssessView
from bot.inputs import QUOTED_ANSWER, typed
from bot.platform.errors import Refused
from bot.slack import fit
from bot.slack.blocks import section
from bot.slack.effects import PRIORITY_LIVE, Rendered, enqueue_post
from bot.slack.text import escape, mention
from storage.db import Database
from storage.models import AssessRound, AssessSession, CapturedReply

# Shown quoted (`> ` before each line) in the thread and again in the digest: see bot/inputs.py.
LIMIT = QUOTED_ANSWER


def give_feedback_block(round_id: int) -> ActionsBlock:
    button = ButtonElement(
        text="Give feedback", action_id=AssessExtra.GIVE_FEEDBACK, value=str(round_id), style="primary"
    )
    return ActionsBlock(block_id=AssessBlock.GIVE_FEEDBACK, elements=[button])


def feedback_view(db: Database, *, round_id: int, user_id: str) -> dict[str, Any]:
    """The modal for one peer, refused to the leader in focus and outside peer feedback."""
    with db.session() as s:
        rnd, _ = _load(s, round_id)
        _check(rnd, user_id, opening=True)
    note = (
        f"Your feedback is posted in the thread without your name and reaches {mention(rnd.leader_id)}'s "
        "digest without it. coachbot does not record who wrote it."
    )
    view = View(
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
    return view.to_dict()


def submit_feedback(db: Database, *, round_id: int, user_id: str, text: str, now: datetime) -> None:
    """Keep the text under no author and post it in the round's thread without a name."""
    text = typed(text)
    if not text:
        raise Refused("Write your feedback before posting.")
    if problem := LIMIT.problem(text):  # a client can send more than the input's max_length
        raise Refused(problem)
    text = escape(text)  # a modal value is raw: no forged mentions or links
    with db.session() as s:
        rnd, sitting = _load(s, round_id, lock=True)
        _check(rnd, user_id, opening=False)
        token = secrets.token_hex(8)  # random: nothing in the key or the row points to the writer
        s.add(
            CapturedReply(
                round_id=round_id,
                channel_id=sitting.channel_id,
                # Not a Slack ts: sorts with real ones by time, and the token keeps it unique.
                ts=f"{now.timestamp():.6f}~{token}",
                user_id="",
                phase=FEEDBACK_PHASE,
                text=text,
                created_at=now,
            )
        )
        message = _thread_post(text)
        enqueue_post(
            s,
            dedupe_key=f"assess:{round_id}:anon:{token}",
            team_id=sitting.team_id,
            channel_id=sitting.channel_id,
            thread_anchor=store.card_key(round_id),
            message=message,
            priority=PRIORITY_LIVE,
            now=now,
        )


def _thread_post(text: str) -> Rendered:
    """The escaped feedback quoted in full, over as many sections as its lines need."""
    quoted = fit.chunks(["*Anonymous feedback*", *(f"> {line}" for line in text.split("\n"))])
    blocks: list[Block] = [section(chunk) for chunk in quoted]
    blocks.append(fit.context("Posted by coachbot for a peer."))
    return Rendered(
        text=f"Anonymous feedback: {fit.cut(text, 150)}",
        blocks=[b.to_dict() for b in fit.cap_blocks(blocks)],
    )


def _load(s: Session, round_id: int, *, lock: bool = False) -> tuple[AssessRound, AssessSession]:
    rnd = store.lock_round(s, round_id) if lock else s.get(AssessRound, round_id)
    if rnd is None:
        raise Refused("That round no longer exists.")
    sitting = s.get(AssessSession, rnd.session_id)
    assert sitting is not None
    if not sitting.anonymous:
        raise Refused("This session is not anonymous: reply in the thread.")
    return rnd, sitting


def _check(rnd: AssessRound, user_id: str, *, opening: bool) -> None:
    if rnd.leader_id == user_id:
        raise Refused(
            "You are in focus: during peer feedback you listen. Your peers' feedback reaches your digest."
        )
    live = rnd.status in ACTIVE
    # A modal opened during peer feedback may be submitted a moment after the phase ends.
    in_time = rnd.phase == FEEDBACK_PHASE if opening else rnd.phase >= FEEDBACK_PHASE
    if not live or not in_time:
        raise Refused("Peer feedback for this round is not open now: feedback is given during that phase.")
