"""Buttons on round cards."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.assess import controls
from bot.ids import AssessAction
from bot.platform.errors import Refused
from bot.runtime import Services


def handle_card_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    ack()
    try:
        controls.press(
            services.db,
            AssessAction(action["action_id"]),
            int(action["value"]),
            body["user"]["id"],
            services.clock.now(),
        )
    except Refused as exc:
        respond(text=str(exc), response_type="ephemeral", replace_original=False)
        return
    services.kick()


def register(app: App) -> None:
    for action_id in AssessAction:
        app.action(action_id.value)(handle_card_button)
