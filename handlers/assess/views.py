"""`/assess` view submissions: anonymous feedback. A refusal is answered by handlers/refusals.py."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.assess import forms
from bot.assess.service import anonymous
from bot.ids import AssessView
from bot.runtime import Services
from handlers.kit import Ref, typed_ref
from handlers.refusals import answering


def handle_feedback_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], ref: Ref, services: Services
) -> None:
    anonymous.submit_feedback(
        services.db,
        round_id=ref.id,
        user_id=body["user"]["id"],
        text=forms.feedback_text(view["state"]["values"]),
        now=services.clock.now(),
    )
    ack()
    services.kick()


def register(app: App) -> None:
    app.view(AssessView.FEEDBACK.value, middleware=[typed_ref])(answering(handle_feedback_submission))
