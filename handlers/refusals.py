"""The one place a refusal or field errors become what the person sees: `answering(listener)` wraps every
listener. A modal gets its errors on its fields (or, after the ack, the form again with them); a command
gets its answer; a button gets a message only the presser sees (or, on the Home tab, a notice modal).

Caught here rather than in Bolt's error handler: a listener that raises after its ack has Bolt reset that
ack when it answers only then (process_before_response off, as `coachbot serve` runs), and the request
would go unanswered."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import BoltContext

from bot.platform.errors import FieldErrors, Refused
from bot.series.render.modals import notice_view
from bot.slack.handler_calls import Busy
from bot.slack.people import BUSY_FORM
from handlers.kit import answers_after_listener, form_with_errors, refused_on, update_working

Listener = Callable[..., None]


def answering(listener: Listener) -> Listener:
    """`listener` as Bolt runs it, its refusals answered here. Bolt hands the wrapper the request; the
    wrapper hands the listener what it names (ack, body, action, view, command, client, respond, context,
    services, ref), as Bolt would."""

    def run(ack: Any, body: dict[str, Any], context: BoltContext) -> None:
        wanted = listener.__code__.co_varnames[: listener.__code__.co_argcount]
        try:
            listener(**{name: _argument(name, ack, body, context) for name in wanted})
        except (Refused, FieldErrors, Busy) as exc:
            if isinstance(exc, Busy) and body.get("type") != "view_submission":
                raise  # said by handlers/errors.py, which knows every kind of failure
            answer(exc, ack, body, context)

    run.__name__ = run.__qualname__ = listener.__name__  # Bolt's log lines name the listener
    run.__doc__ = listener.__doc__
    return run


def _argument(name: str, ack: Any, body: dict[str, Any], context: BoltContext) -> Any:
    if name == "ack":
        return ack
    if name == "body":
        return body
    if name == "context":
        return context
    if name == "action":
        return (body.get("actions") or [{}])[0]
    if name == "view":
        return body.get("view")
    if name == "command":
        return body
    if name in ("client", "respond"):
        return getattr(context, name)
    return context.get(name)  # services, ref: put there by middleware


def answer(exc: Refused | FieldErrors | Busy, ack: Any, body: dict[str, Any], context: BoltContext) -> None:
    acked = ack.response is not None
    if body.get("type") == "view_submission":
        _on_the_form(exc, ack, acked, body, context)
    elif not acked and body.get("command"):
        ack(text=str(exc))  # a slash command's answer: only the person sees it
    else:
        if not acked:
            ack()
        _say(str(exc), body, context)


def _on_the_form(exc: Exception, ack: Any, acked: bool, body: dict[str, Any], context: BoltContext) -> None:
    """A modal has no conversation to answer in: a refusal, or Slack limiting our look-ups, is said on a
    field (an HTTP 500 would only show "trouble connecting"). Before the ack, as `response_action:
    errors`; after it (checks that asked Slack), by showing the form again with its errors."""
    view = body.get("view") or {}
    if isinstance(exc, FieldErrors):
        errors: Mapping[str, str] = exc.errors
    else:
        errors = {refused_on(view): BUSY_FORM if isinstance(exc, Busy) else str(exc)}
    if not acked:
        ack(response_action="errors", errors=dict(errors))
        return
    form = form_with_errors(view, errors)
    if answers_after_listener(context):
        ack(response_action="update", view=form)  # the answer is not sent yet: this one replaces it
    else:
        update_working(context.client, view, form)


def _say(words: str, body: dict[str, Any], context: BoltContext) -> None:
    respond = context.respond
    if body.get("command") and respond is not None:
        respond(text=words, response_type="ephemeral")
    elif body.get("response_url") and respond is not None:
        respond(text=words, response_type="ephemeral", replace_original=False)
    elif body.get("trigger_id"):  # pressed on the Home tab: there is no conversation to answer in
        context.client.views_open(trigger_id=body["trigger_id"], view=notice_view(words))
