"""The Block Kit builders every renderer shares: a mrkdwn section, a one-line context, a row of buttons."""

from __future__ import annotations

from enum import StrEnum

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.slack import fit


def section(text: str, *, fitted: bool = False) -> SectionBlock:
    """A section of mrkdwn text, as given, or `fitted` to Slack's limit (bot/slack/fit.py)."""
    return SectionBlock(text=MarkdownTextObject(text=fit.cut(text, fit.SECTION_TEXT) if fitted else text))


def context(text: str, *, block_id: str | None = None) -> ContextBlock:
    """A context block of one mrkdwn element, as given (`fit.context` cuts it to Slack's limit)."""
    return ContextBlock(elements=[MarkdownTextObject(text=text)], block_id=block_id)


def buttons(*row: tuple[StrEnum | str, str, str]) -> ActionsBlock:
    """A row of plain buttons, each (action id, label, value)."""
    return ActionsBlock(
        elements=[
            ButtonElement(action_id=str(action), text=label, value=value) for action, label, value in row
        ]
    )
