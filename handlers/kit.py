"""What every listener module shares: typed references parsed from a button's value or a modal's
private_metadata, and the views a submission shows while it checks and when a check fails.

Not a listener module: it registers nothing. Refusals and field errors are answered in handlers/errors.py."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.ids import AssessBlock, AssessView, SeriesBlock, SeriesView
from bot.slack.blocks import context, modal, section

# How long an update waits for Slack to show the working view the ack asked for.
WORKING_VIEW_WAIT_SECONDS = 2.0
_ERROR_PREFIX = "error:"  # block_id of the line that shows a field's error under it in a re-shown form
# Where a refusal is said on a modal with no single first field for it; other modals use their first input.
REFUSED_ON: dict[str, str] = {
    SeriesView.PLAN.value: SeriesBlock.LEADERS.value,
    SeriesView.PREP.value: SeriesBlock.STATEMENT.value,
    AssessView.FEEDBACK.value: AssessBlock.FEEDBACK_TEXT.value,
}
# An input's state in view.state.values, and the element field that shows it again in a re-shown form.
_INITIAL = {
    "value": "initial_value",
    "selected_users": "initial_users",
    "selected_user": "initial_user",
    "selected_option": "initial_option",
    "selected_options": "initial_options",
    "selected_date": "initial_date",
    "selected_time": "initial_time",
    "selected_conversation": "initial_conversation",
    "selected_conversations": "initial_conversations",
    "selected_channel": "initial_channel",
}


@dataclass(frozen=True)
class Ref:
    """The record a button or modal is about: `"12"` or `"12:34"` (an engagement and one of its calls)."""

    id: int
    part: int = 0

    @classmethod
    def parse(cls, raw: object) -> Ref | None:
        first, _, second = str(raw or "").partition(":")
        if (
            not first.isascii()
            or not first.isdigit()
            or (second and not (second.isascii() and second.isdigit()))
        ):
            return None
        return cls(int(first), int(second or 0))


def typed_ref(body: dict[str, Any], context: Any, next: Callable[[], Any]) -> Any:
    """Listener middleware: the pressed button's value or the submitted view's private_metadata as a
    `Ref`, in the context as `ref`. A value that is not one (forged) leaves None, and the listener fails
    as it did when it parsed the value itself: the person hears the apology from handlers/errors.py."""
    if body.get("type") == "block_actions":
        raw = (body.get("actions") or [{}])[0].get("value")
    else:
        raw = (body.get("view") or {}).get("private_metadata")
    context["ref"] = Ref.parse(raw)
    return next()


def message_blocks(body: Mapping[str, Any]) -> list[Block]:
    """The blocks of the message a pressed button is on, as Block Kit objects again: ours, so of types
    slack_sdk knows (one it does not know would be None, and is left out)."""
    blocks = Block.parse_all((body.get("message") or {}).get("blocks"))
    return [b for b in blocks if b is not None]


def refused_on(view: Mapping[str, Any]) -> str:
    """The field of a submitted modal that says a refusal (a modal has no conversation to answer in)."""
    named = REFUSED_ON.get(str(view.get("callback_id")))
    if named:
        return named
    return next((str(b["block_id"]) for b in view.get("blocks") or [] if b.get("type") == "input"), "")


CHECKING = "Checking the people and channels you named…"


@contextmanager
def checked_after_ack(
    ack: Any, client: WebClient, context: Any, view: Mapping[str, Any], *, done: str, checking: str = CHECKING
) -> Iterator[None]:
    """A submission whose checks ask Slack: acknowledged at once with a working view, then the block does
    the look-ups and saves, then `done` replaces the working view. A refusal raised in the block goes on
    to handlers/refusals.py, which shows the form again with its errors in place of the working view."""
    ack(response_action="update", view=working_view(view, checking))
    yield
    replace_view(ack, client, context, view, done_view(view, done))


def working_view(view: Mapping[str, Any], text: str = CHECKING) -> dict[str, Any]:
    """Shown at once in place of a submitted form whose checks ask Slack about people or channels. Its
    external_id names this one submission, so what follows replaces this view and no other."""
    working = View(
        type="modal",
        callback_id=str(view.get("callback_id") or ""),
        title=(view.get("title") or {}).get("text") or "coachbot",
        blocks=[section(text)],
        external_id=working_id(view),
    )
    out = working.to_dict()
    out["private_metadata"] = view.get("private_metadata") or ""
    return out


def working_id(view: Mapping[str, Any]) -> str:
    # The submitted view's hash changes with every version of it, so each submission has its own.
    return f"working:{view.get('id')}:{view.get('hash')}"


def done_view(view: Mapping[str, Any], text: str) -> dict[str, Any]:
    """Replaces the working view once the submission is saved."""
    title = (view.get("title") or {}).get("text") or "coachbot"
    return modal(None, title, [section(text)], close="Done").to_dict()


def replace_view(
    ack: Any, client: WebClient, context: Any, submitted: Mapping[str, Any], view: dict[str, Any]
) -> None:
    """Shows `view` in place of the working view a submission was acknowledged with."""
    if answers_after_listener(context):
        ack(response_action="update", view=view)  # not sent yet: this answer replaces the working view
        return
    update_working(client, submitted, view)


def answers_after_listener(context: Any) -> bool:
    """True when Bolt sends the HTTP answer only once the listener returns (process_before_response, as
    in tests and FaaS): an ack made again replaces the first. Otherwise the first ack is already sent."""
    return bool(context.listener_runner.process_before_response)


def update_working(client: WebClient, submitted: Mapping[str, Any], view: dict[str, Any]) -> None:
    """`views.update` of the working view by its external_id. Slack applies the ack's working view a moment
    after we sent it: until then the working view is not found, and the update waits a little for it. A
    view the person has closed meanwhile is not found either, and there is nothing left to show."""
    deadline = time.monotonic() + WORKING_VIEW_WAIT_SECONDS
    while True:
        try:
            client.views_update(external_id=working_id(submitted), view=view)
            return
        except SlackApiError as exc:
            if exc.response.get("error") != "not_found" or time.monotonic() > deadline:
                if exc.response.get("error") == "not_found":
                    return
                raise
        time.sleep(0.02)


def form_with_errors(view: Mapping[str, Any], errors: Mapping[str, str]) -> dict[str, Any]:
    """The submitted form again, as the person filled it in, with each error in a line under its field:
    what `views.update` shows when a check after the ack fails."""
    values = (view.get("state") or {}).get("values") or {}
    blocks: list[dict[str, Any]] = []
    for block in copy.deepcopy(view.get("blocks") or []):
        if str(block.get("block_id", "")).startswith(_ERROR_PREFIX):
            continue  # the last attempt's errors
        blocks.append(block)
        if block.get("type") != "input":
            continue
        _refill(block, values.get(block.get("block_id"), {}))
        words = errors.get(str(block.get("block_id")))
        if words:
            line = context(f":warning: {words}", block_id=f"{_ERROR_PREFIX}{block['block_id']}")
            blocks.append(line.to_dict())
    keep = ("type", "callback_id", "title", "submit", "close", "private_metadata", "notify_on_close")
    form = {key: copy.deepcopy(view[key]) for key in keep if view.get(key) is not None}
    form["blocks"] = blocks
    return form


def shown_errors(view: Mapping[str, Any]) -> dict[str, str]:
    """The errors a re-shown form says, by field: for tests and logs."""
    return {
        str(b["block_id"]).removeprefix(_ERROR_PREFIX): str(b["elements"][0]["text"]).removeprefix(
            ":warning: "
        )
        for b in view.get("blocks") or []
        if str(b.get("block_id", "")).startswith(_ERROR_PREFIX)
    }


def _refill(block: dict[str, Any], state: Mapping[str, Any]) -> None:
    element = block.get("element") or {}
    for entered in state.values():
        for key, initial in _INITIAL.items():
            if entered.get(key) not in (None, [], ""):
                element[initial] = entered[key]
