"""`/assess` view state -> typed input: the anonymous feedback modal."""

from __future__ import annotations

from typing import Any

from bot.ids import AssessBlock
from bot.platform.forms import field


def feedback_text(values: dict[str, Any]) -> str:
    """The typed feedback; empty when the field is missing (the service refuses an empty text)."""
    return str(field(values, AssessBlock.FEEDBACK_TEXT).get("value") or "")
