"""The one place unexpected errors land: logged for the operator, explained to the person. (Refusals and
field errors are answered by handlers/refusals.py.)"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_bolt.context.respond import Respond
from sqlalchemy.exc import DBAPIError

from bot.slack.handler_calls import Busy

log = logging.getLogger(__name__)

APOLOGY = (
    "Sorry, something went wrong on my side and your request was not completed. "
    "Please try again in a moment; if it keeps happening, tell whoever installed coachbot."
)


DATABASE_DOWN = (
    "Sorry, I cannot reach my database right now, so nothing was saved or changed. "
    "Please try again in a minute; live rounds carry on from where they were once it is back."
)


BUSY = (
    "Sorry, Slack is limiting how fast I may look people up or open forms right now, so nothing was done. "
    "Please try again in a few seconds."
)


def handle_error(error: Exception, body: dict[str, Any], respond: Respond | None) -> None:
    what = body.get("type") or body.get("command")
    if isinstance(error, Busy):
        log.warning("request refused, %s budget spent: %s", error, what)
        message = BUSY
    elif isinstance(error, DBAPIError):
        # Not a false success: the person hears that nothing happened. Events are not acknowledged,
        # so Slack delivers them again and no thread reply is lost.
        log.error("request failed, database unreachable: %s (%s)", what, error.__class__.__name__)
        message = DATABASE_DOWN
    else:
        log.exception("request failed: %s", what, exc_info=error)
        message = APOLOGY
    if respond is not None and body.get("response_url"):
        respond(text=message, response_type="ephemeral", replace_original=False)


def register(app: App) -> None:
    app.error(handle_error)
