"""Anonymous peer feedback: a button opens a modal; the text is posted and kept with no trace of its author.

The author's id is used only to refuse the leader in focus; it is never written to a row, a payload, a key
or a log line, so nobody (the bot included) can later link the text to the person."""

from __future__ import annotations

import secrets
from datetime import datetime

from slack_sdk.models.views import View
from sqlmodel import Session

from bot.assess import store
from bot.assess.domain.phases import FEEDBACK_PHASE
from bot.assess.domain.statuses import ACTIVE
from bot.assess.render.feedback import LIMIT, feedback_modal, thread_post
from bot.inputs import typed
from bot.platform.errors import Refused
from bot.slack.effects import PRIORITY_LIVE, enqueue_post
from bot.slack.text import escape
from storage.assess import AssessRound, AssessSession, CapturedReply
from storage.db import Database


def feedback_view(db: Database, *, round_id: int, user_id: str) -> View:
    """The modal for one peer, refused to the leader in focus and outside peer feedback."""
    with db.session() as s:
        rnd, _ = _load(s, round_id)
        _check(rnd, user_id, opening=True)
    return feedback_modal(round_id=round_id, leader_id=rnd.leader_id)


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
        message = thread_post(text)
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
