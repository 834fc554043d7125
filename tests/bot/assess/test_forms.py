"""The anonymous feedback modal's state read into text."""

from __future__ import annotations

from typing import Any

import pytest

from bot.assess.forms import feedback_text
from bot.ids import VALUE, AssessBlock


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {AssessBlock.FEEDBACK_TEXT.value: {VALUE: {"type": "plain_text_input", "value": "Nice pace"}}},
            "Nice pace",
        ),
        ({AssessBlock.FEEDBACK_TEXT.value: {VALUE: {"type": "plain_text_input", "value": None}}}, ""),
        ({}, ""),  # a client that sent no such block: the service refuses the empty text
    ],
)
def test_feedback_text(values: dict[str, Any], expected: str) -> None:
    assert feedback_text(values) == expected
