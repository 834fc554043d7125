"""The one place errors land: a refusal or field errors answered in words the person understands, anything
unexpected logged for the operator and explained to the person."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.context.ack import Ack
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from sqlalchemy.exc import DBAPIError

from bot.platform.errors import FieldErrors, Refused
from bot.series.modals import notice_view
from bot.slack.handler_calls import Busy
from bot.slack.people import BUSY_FORM
from handlers.kit import form_with_errors, refused_on, update_working

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


def handle_error(
    error: Exception,
    body: dict[str, Any],
    request: BoltRequest,
    response: BoltResponse | None,
    respond: Respond | None,
    client: WebClient,
) -> BoltResponse | None:
    acked = _acked(request, response)
    if body.get("type") == "view_submission" and isinstance(error, (Refused, FieldErrors, Busy)):
        return _on_the_form(error, body, acked, client)
    if isinstance(error, Refused):  # a typing mistake too (CommandError): said to the person as it is
        return _refuse(error.words, body, acked, respond, client)
    _unexpected(error, body, respond)
    return None


@dataclass(frozen=True)
class _Acked:
    """The listener acknowledged before failing: its HTTP answer stands. `again` is what to hand back to
    Bolt for it when Bolt has not sent it yet (process_before_response), else None."""

    again: BoltResponse | None


def _acked(request: BoltRequest, response: BoltResponse | None) -> _Acked | None:
    ack = request.context.ack
    if ack is None or ack.response is None:
        return None
    if response is None:  # Bolt sent the ack already and wants nothing back
        return _Acked(None)
    sent = ack.response
    return _Acked(BoltResponse(status=sent.status, body=sent.body, headers=sent.headers))


def _on_the_form(
    error: Exception, body: dict[str, Any], acked: _Acked | None, client: WebClient
) -> BoltResponse | None:
    """A modal has no conversation to answer in: a refusal, or Slack limiting our look-ups, is said on a
    field (an HTTP 500 would only show "trouble connecting"). Before the ack, as `response_action:
    errors`; after it (checks that asked Slack), by showing the form again with its errors."""
    view = body.get("view") or {}
    if isinstance(error, FieldErrors):
        errors: Mapping[str, str] = error.errors
    else:
        errors = {refused_on(view): BUSY_FORM if isinstance(error, Busy) else str(error)}
    if acked is None:
        return _answer(response_action="errors", errors=dict(errors))
    form = form_with_errors(view, errors)
    if acked.again is not None:  # not sent yet (process_before_response): the form is the answer
        return _answer(response_action="update", view=form)
    update_working(client, view, form)
    return None


def _refuse(
    words: str, body: dict[str, Any], acked: _Acked | None, respond: Respond | None, client: WebClient
) -> BoltResponse | None:
    if acked is None and body.get("command"):
        return _answer(text=words)  # a slash command's answer: only the person sees it
    if body.get("command") and respond is not None:
        respond(text=words, response_type="ephemeral")
    elif body.get("response_url") and respond is not None:
        respond(text=words, response_type="ephemeral", replace_original=False)
    elif body.get("trigger_id"):  # pressed on the Home tab: there is no conversation to answer in
        client.views_open(trigger_id=body["trigger_id"], view=notice_view(words))
    return acked.again if acked is not None else _answer()


def _answer(**ack: Any) -> BoltResponse:
    """The HTTP answer `ack(**ack)` would have given, for the listener that raised instead."""
    return Ack()(**ack)  # type: ignore[no-untyped-call]


def _unexpected(error: Exception, body: dict[str, Any], respond: Respond | None) -> None:
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
