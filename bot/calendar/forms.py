"""The small form that dates a meeting: its state to a typed day and time, or errors on the field."""

from __future__ import annotations

from datetime import date, time, timedelta

from bot.calendar.domain import Meeting
from bot.ids import CalendarBlock
from bot.inputs import too_far
from bot.platform.errors import FieldErrors
from bot.platform.forms import Values, picked_date, picked_time

MEETINGS = (Meeting.FEEDBACK, Meeting.ALIGNMENT)  # their order is the form's reference: 0 and 1


def parse_meeting(values: Values, *, today: date) -> tuple[date, time]:
    """The day and time picked, in the engagement's zone (`today` in UTC: a day ahead somewhere counts)."""
    day, at = picked_date(values, CalendarBlock.DAY), picked_time(values, CalendarBlock.TIME)
    errors: dict[str, str] = {}
    if day is None:
        errors[CalendarBlock.DAY] = "Choose the day."
    elif (far := too_far(day, today)) or day < today - timedelta(days=1):
        errors[CalendarBlock.DAY] = far or "Choose a day in the future."
    if at is None:
        errors[CalendarBlock.TIME] = "Choose the time."
    if errors or day is None or at is None:
        raise FieldErrors(errors)
    return day, at
