"""`/assess` buttons beyond the facilitator's controls: the leader's score, anonymous feedback, sharing."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.assess import anonymous, scores, share
from bot.ids import SCORE_PATTERN, SCORE_PREFIX, VALUE, AssessBlock, AssessExtra, AssessView
from bot.platform.errors import Refused
from bot.runtime import Services


def _refuse(respond: Respond, exc: Refused) -> None:
    respond(text=str(exc), response_type="ephemeral", replace_original=False)


def handle_score(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    ack()
    score = int(action["action_id"].removeprefix(SCORE_PREFIX))
    user = body["user"]["id"]
    try:
        shown = scores.record_score(services.db, value=action["value"], user_id=user, score=score)
    except Refused as exc:
        _refuse(respond, exc)
        return
    # Everyone sees that a score was given, never which: the number goes to the leader alone.
    message = body.get("message") or {}
    blocks = scores.with_score_blocks(message.get("blocks") or [], shown)
    respond(text=message.get("text") or "Score given", blocks=blocks, replace_original=True)
    respond(
        text=f"You scored {score}/10. Only you see this; it goes into your private digest.",
        response_type="ephemeral",
        replace_original=False,
    )


def handle_give_feedback(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    services: Services,
) -> None:
    ack()
    try:
        view = anonymous.feedback_view(services.db, round_id=int(action["value"]), user_id=body["user"]["id"])
    except Refused as exc:
        _refuse(respond, exc)
        return
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_feedback_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services
) -> None:
    values = view["state"]["values"]
    text = str(values.get(AssessBlock.FEEDBACK_TEXT, {}).get(VALUE, {}).get("value") or "")
    try:
        anonymous.submit_feedback(
            services.db,
            round_id=int(view["private_metadata"]),
            user_id=body["user"]["id"],
            text=text,
            now=services.clock.now(),
        )
    except Refused as exc:
        ack(response_action="errors", errors={AssessBlock.FEEDBACK_TEXT: str(exc)})
        return
    ack()
    services.kick()


def handle_share_digest(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    ack()
    try:
        line = share.share_digest(
            services.db, round_id=int(action["value"]), user_id=body["user"]["id"], now=services.clock.now()
        )
    except Refused as exc:
        _refuse(respond, exc)
        return
    message = body.get("message") or {}
    respond(
        text=message.get("text") or "Your round digest",
        blocks=share.replace_button(message.get("blocks") or [], line),
        replace_original=True,
    )
    services.kick()


def register(app: App) -> None:
    app.action(re.compile(SCORE_PATTERN))(handle_score)
    app.action(AssessExtra.GIVE_FEEDBACK.value)(handle_give_feedback)
    app.action(AssessExtra.SHARE_DIGEST.value)(handle_share_digest)
    app.view(AssessView.FEEDBACK.value)(handle_feedback_submission)
