"""`/assess` buttons: the facilitator's controls on round cards, the leader's score, anonymous feedback,
sharing a digest. A refusal is answered by handlers/refusals.py."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.assess.render.scores import with_score_blocks
from bot.assess.render.share import replace_button
from bot.assess.service import anonymous, controls, scores, share
from bot.ids import SCORE_PATTERN, SCORE_PREFIX, AssessAction, AssessExtra
from bot.runtime import Services
from handlers.kit import Ref, message_blocks, typed_ref
from handlers.refusals import answering


def handle_card_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], ref: Ref, services: Services
) -> None:
    ack()
    controls.press(
        services.db, AssessAction(action["action_id"]), ref.id, body["user"]["id"], services.clock.now()
    )
    services.kick()


def handle_score(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    ack()
    score = int(action["action_id"].removeprefix(SCORE_PREFIX))
    user = body["user"]["id"]
    shown = scores.record_score(services.db, value=action["value"], user_id=user, score=score)
    # Everyone sees that a score was given, never which: the number goes to the leader alone.
    message = body.get("message") or {}
    blocks = with_score_blocks(message_blocks(body), shown)
    respond(text=message.get("text") or "Score given", blocks=blocks, replace_original=True)
    respond(
        text=f"You scored {score}/10. Only you see this; it goes into your private digest.",
        response_type="ephemeral",
        replace_original=False,
    )


def handle_give_feedback(
    ack: Ack, body: dict[str, Any], ref: Ref, client: WebClient, services: Services
) -> None:
    ack()
    view = anonymous.feedback_view(services.db, round_id=ref.id, user_id=body["user"]["id"])
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_share_digest(
    ack: Ack, body: dict[str, Any], ref: Ref, respond: Respond, services: Services
) -> None:
    ack()
    line = share.share_digest(
        services.db, round_id=ref.id, user_id=body["user"]["id"], now=services.clock.now()
    )
    message = body.get("message") or {}
    respond(
        text=message.get("text") or "Your round digest",
        blocks=replace_button(message_blocks(body), line),
        replace_original=True,
    )
    services.kick()


def register(app: App) -> None:
    for action_id in AssessAction:
        app.action(action_id.value, middleware=[typed_ref])(answering(handle_card_button))
    app.action(re.compile(SCORE_PATTERN))(answering(handle_score))
    app.action(AssessExtra.GIVE_FEEDBACK.value, middleware=[typed_ref])(answering(handle_give_feedback))
    app.action(AssessExtra.SHARE_DIGEST.value, middleware=[typed_ref])(answering(handle_share_digest))
