"""Buttons on round cards; a refusal is answered by handlers/errors.py."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.assess.service import controls
from bot.ids import AssessAction
from bot.runtime import Services
from handlers.kit import Ref, typed_ref
from handlers.refusals import answering


def handle_card_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], ref: Ref, services: Services
) -> None:
    ack()
    controls.press(
        services.db, AssessAction(action["action_id"]), ref.id, body["user"]["id"], services.clock.now()
    )
    services.kick()


def register(app: App) -> None:
    for action_id in AssessAction:
        app.action(action_id.value, middleware=[typed_ref])(answering(handle_card_button))
