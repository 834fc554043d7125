"""The plan form parsed without Slack: the phase lengths field answers as a form does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.ids import SeriesBlock
from bot.platform.errors import FieldErrors
from bot.series.domain import Feedback
from bot.series.forms import parse_plan
from tests.bot.series.helpers import plan_values

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _text(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


@pytest.mark.parametrize(
    ("timing", "says"),
    [
        (
            "3,2,3",
            "Give 5 lengths, one per phase, like `timing=3,2,3,2,1` (minutes) or "
            "`timing=20s,20s,20s,20s,20s` (seconds).",
        ),
        ("3,2,x,2,1", "`x` is not a length: write minutes like `3` or seconds like `20s`."),
    ],
)
def test_timing_errors_are_said_on_the_field(timing: str, says: str) -> None:
    with pytest.raises(FieldErrors) as raised:
        parse_plan(plan_values(timing=_text(timing)), zone="UTC", now=NOW)
    assert raised.value.errors == {SeriesBlock.TIMING.value: says}


def test_a_plan_parses_into_typed_input() -> None:
    anonymous = {"type": "radio_buttons", "selected_option": {"value": Feedback.ANONYMOUS.value}}
    plan = parse_plan(plan_values(timing=_text("1,2,3,2,1"), feedback=anonymous), zone="UTC", now=NOW)
    assert plan.timing == (60, 120, 180, 120, 60)
    assert plan.anonymous is True
    assert plan.sessions == 4
