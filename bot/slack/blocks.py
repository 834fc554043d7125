"""The Block Kit builders every renderer shares: a mrkdwn section, a one-line context, a button, a row of
buttons, a modal's input and the modal. They return slack_sdk.models objects; only bot/slack/ serializes
them (Rendered.wire), or the Web API client does when a view is opened."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    BlockElement,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    InputBlock,
    InputInteractiveElement,
    InteractiveElement,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.slack import fit


def section(
    text: str, *, fitted: bool = False, block_id: str | None = None, accessory: BlockElement | None = None
) -> SectionBlock:
    """A section of mrkdwn text, as given, or `fitted` to Slack's limit (bot/slack/fit.py)."""
    return SectionBlock(
        text=MarkdownTextObject(text=fit.cut(text, fit.SECTION_TEXT) if fitted else text),
        block_id=block_id,
        accessory=accessory,
    )


def context(text: str, *, block_id: str | None = None) -> ContextBlock:
    """A context block of one mrkdwn element, as given (`fit.context` cuts it to Slack's limit)."""
    return ContextBlock(elements=[MarkdownTextObject(text=text)], block_id=block_id)


def button(
    action: StrEnum | str,
    label: str,
    value: str,
    *,
    style: str | None = None,
    confirm: ConfirmObject | None = None,
    accessibility_label: str | None = None,
) -> ButtonElement:
    """A plain-text button; `style` "primary" or "danger", `confirm` asks before it acts,
    `accessibility_label` is what a screen reader says in place of a bare label."""
    return ButtonElement(
        action_id=str(action),
        text=label,
        value=value,
        style=style,
        confirm=confirm,
        accessibility_label=accessibility_label,
    )


def actions(*elements: InteractiveElement, block_id: str | None = None) -> ActionsBlock:
    """A row of interactive elements (buttons)."""
    return ActionsBlock(elements=list(elements), block_id=block_id)


def buttons(*row: tuple[StrEnum | str, str, str], block_id: str | None = None) -> ActionsBlock:
    """A row of plain buttons, each (action id, label, value)."""
    return actions(*(button(action, label, value) for action, label, value in row), block_id=block_id)


def input_field(
    block_id: StrEnum | str,
    label: str,
    element: InputInteractiveElement,
    *,
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    """A labelled input of a modal; its answer is read back by `block_id` (bot/platform/forms.py)."""
    return InputBlock(block_id=str(block_id), label=label, element=element, optional=optional, hint=hint)


def modal(
    callback: StrEnum | str | None,
    title: str,
    blocks: Sequence[Block],
    *,
    submit: str | None = None,
    close: str = "Cancel",
    metadata: str = "",
) -> View:
    """A modal; `metadata` (private_metadata) says what it is about, as the listener's typed reference reads
    it (handlers/kit.py). Without `submit` it only shows something and closes."""
    return View(
        type="modal",
        callback_id=None if callback is None else str(callback),
        title=title,
        submit=submit,
        close=close,
        blocks=list(blocks),
        private_metadata=metadata,
    )
