"""The new-engagement form: field errors land on the field that caused them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.coach.forms import parse_checkin, parse_new
from bot.ids import VALUE, CoachBlock
from bot.platform.errors import FieldErrors

TODAY = date(2026, 11, 23)


def _form(**over: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, dict[str, Any]] = {
        CoachBlock.NAME: {"value": "Ops and Sales"},
        CoachBlock.LEADERS: {"selected_users": ["U_ANA", "U_BEN"]},
        CoachBlock.SPONSORS: {"selected_users": ["U_SPO"]},
        CoachBlock.COACH: {"selected_user": "U_COACH"},
        CoachBlock.COLLEAGUES: {"selected_users": ["U_COL", "U_ANA"]},
        CoachBlock.START: {"selected_date": "2026-11-30"},
        CoachBlock.SLOT1_DAY: {"selected_option": {"value": "0"}},
        CoachBlock.SLOT1_TIME: {"selected_time": "09:00"},
        CoachBlock.SLOT2_DAY: {"selected_option": {"value": "1"}},
        CoachBlock.SLOT2_TIME: {"selected_time": "10:30"},
        CoachBlock.SLOT3_DAY: {"selected_option": {"value": "3"}},
        CoachBlock.SLOT3_TIME: {"selected_time": "15:00"},
    }
    values.update(over)
    return {block: {VALUE: field} for block, field in values.items()}


def test_a_complete_form_with_defaults() -> None:
    form = parse_new(_form(), creator_id="U_COACH", today=TODAY)
    assert form.leaders == ("U_ANA", "U_BEN")
    assert form.colleagues == ("U_COL",)  # a leader is not also an affected colleague
    assert (form.cadence_weeks, form.length_months) == (2, 3)
    assert form.slots[1].at.isoformat() == "10:30:00"


@pytest.mark.parametrize(
    ("over", "creator", "block"),
    [
        ({CoachBlock.NAME: {"value": " "}}, "U_COACH", CoachBlock.NAME),
        ({CoachBlock.LEADERS: {"selected_users": ["U_ANA"]}}, "U_COACH", CoachBlock.LEADERS),
        ({CoachBlock.SPONSORS: {"selected_users": ["U_ANA"]}}, "U_COACH", CoachBlock.SPONSORS),
        ({CoachBlock.COACH: {"selected_user": "U_BEN"}}, "U_COACH", CoachBlock.COACH),
        ({}, "U_SOMEONE", CoachBlock.COACH),
        ({CoachBlock.START: {"selected_date": "2026-11-01"}}, "U_COACH", CoachBlock.START),
        ({CoachBlock.CADENCE: {"value": "two"}}, "U_COACH", CoachBlock.CADENCE),
        ({CoachBlock.LENGTH: {"value": "40"}}, "U_COACH", CoachBlock.LENGTH),
        ({CoachBlock.SLOT2_TIME: {}}, "U_COACH", CoachBlock.SLOT2_TIME),
        ({CoachBlock.NUDGES: {"value": "soon"}}, "U_COACH", CoachBlock.NUDGES),
        ({CoachBlock.NUDGES: {"value": "0"}}, "U_COACH", CoachBlock.NUDGES),
    ],
)
def test_field_errors(over: dict[str, Any], creator: str, block: CoachBlock) -> None:
    with pytest.raises(FieldErrors) as caught:
        parse_new(_form(**over), creator_id=creator, today=TODAY)
    assert list(caught.value.errors) == [block]


def test_nudge_hours_are_configurable() -> None:
    assert parse_new(_form(), creator_id="U_COACH", today=TODAY).nudge_minutes == (1440, 60)
    form = parse_new(_form(**{CoachBlock.NUDGES: {"value": "2, 48, 0.5"}}), creator_id="U_COACH", today=TODAY)
    assert form.nudge_minutes == (2880, 120, 30)


def test_a_sponsor_may_set_up_an_engagement() -> None:
    assert parse_new(_form(), creator_id="U_SPO", today=TODAY).coach == "U_COACH"


def test_checkin_needs_a_score_and_two_answers() -> None:
    with pytest.raises(FieldErrors) as caught:
        parse_checkin({})
    assert set(caught.value.errors) == {CoachBlock.SCORE, CoachBlock.WENT_WELL, CoachBlock.GOT_IN_WAY}
