"""Modal submissions parsed into typed inputs, or field errors that Slack shows on the fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from bot.coach.domain.engagement import MAX_COLLEAGUES, MAX_SPONSORS, Category
from bot.ids import CoachBlock
from bot.inputs import (
    COMMITMENT,
    LONG_ANSWER,
    NAME,
    SHORT,
    TextLimit,
    decimal,
    too_far,
    whole_number,
)
from bot.platform import people
from bot.platform.errors import FieldErrors
from bot.platform.forms import (
    Values,
    checked,
    conversation,
    field,
    option,
    picked_date,
    picked_time,
    text,
    user,
    users,
)

WEEKDAY_VALUES = frozenset(str(i) for i in range(7))
INTAKE_BLOCKS = (CoachBlock.Q1, CoachBlock.Q2, CoachBlock.Q3, CoachBlock.Q4)


@dataclass(frozen=True)
class SlotInput:
    weekday: int
    at: time


@dataclass(frozen=True)
class NewEngagement:
    name: str
    leaders: tuple[str, ...]
    sponsors: tuple[str, ...]
    coach: str
    colleagues: tuple[str, ...]
    summary_channel: str | None
    start: date
    cadence_weeks: int
    length_months: int
    slots: tuple[SlotInput, SlotInput, SlotInput]  # first leader, second leader, three-way
    nudge_minutes: tuple[int, ...] = (1440, 60)


def check_text(errors: dict[str, str], block: CoachBlock, value: str, limit: TextLimit) -> None:
    """Adds the field's error when `value` is longer than the messages that show it can hold."""
    if problem := limit.problem(value):
        errors.setdefault(block.value, problem)


def shared(values: Values) -> bool:
    return checked(values, CoachBlock.SHARE)


def _whole(raw: str, default: int, low: int, high: int) -> int | None:
    return whole_number(raw, low=low, high=high) if raw else default


def parse_new(values: Values, *, creator_id: str, today: date) -> NewEngagement:
    errors: dict[str, str] = {}
    name = text(values, CoachBlock.NAME)
    if not name:
        errors[CoachBlock.NAME] = "Give the engagement a name."
    check_text(errors, CoachBlock.NAME, name, NAME)
    leaders = users(values, CoachBlock.LEADERS)
    if len(leaders) != 2:
        errors[CoachBlock.LEADERS] = "Choose the two leaders."
    sponsors = users(values, CoachBlock.SPONSORS)
    coach = user(values, CoachBlock.COACH)
    if not sponsors:
        errors[CoachBlock.SPONSORS] = "Choose at least one sponsor."
    elif set(sponsors) & set(leaders):
        errors[CoachBlock.SPONSORS] = "A leader cannot also be the sponsor."
    elif len(sponsors) > MAX_SPONSORS:  # refused before anyone is looked up
        errors[CoachBlock.SPONSORS] = f"At most {MAX_SPONSORS} sponsors."
    if not coach:
        errors[CoachBlock.COACH] = "Choose the coach."
    elif coach in leaders:
        errors[CoachBlock.COACH] = "A leader cannot also be the coach."
    elif creator_id != coach and creator_id not in sponsors:
        errors[CoachBlock.COACH] = (
            "Only the coach or a sponsor can set up an engagement: name yourself as one."
        )
    colleagues = tuple(u for u in users(values, CoachBlock.COLLEAGUES) if u not in leaders)
    if len(colleagues) > MAX_COLLEAGUES:
        errors[CoachBlock.COLLEAGUES] = f"At most {MAX_COLLEAGUES} colleagues."
    start = picked_date(values, CoachBlock.START)
    if start is None or start < today:
        errors[CoachBlock.START] = "Choose a start date, today or later."
    elif far := too_far(start, today):
        errors[CoachBlock.START] = far
    cadence = _whole(text(values, CoachBlock.CADENCE), 2, 1, 8)
    if cadence is None:
        errors[CoachBlock.CADENCE] = "A whole number of weeks from 1 to 8."
    length = _whole(text(values, CoachBlock.LENGTH), 3, 1, 12)
    if length is None:
        errors[CoachBlock.LENGTH] = "A whole number of months from 1 to 12."
    slots = _slots(values, errors)
    for block in (CoachBlock.CADENCE, CoachBlock.LENGTH, CoachBlock.NUDGES):
        check_text(errors, block, text(values, block), SHORT)
    nudges = _nudges(text(values, CoachBlock.NUDGES))
    if nudges is None:
        errors[CoachBlock.NUDGES] = "Hours before each call, separated by commas: for example 24, 1."
    if errors:
        raise FieldErrors(errors)
    assert start is not None
    assert cadence is not None
    assert length is not None
    assert slots is not None
    channel = conversation(values, CoachBlock.SUMMARY_CHANNEL)
    return NewEngagement(
        name,
        leaders,
        sponsors,
        coach,
        colleagues,
        channel or None,
        start,
        cadence,
        length,
        slots,
        nudges or (),
    )


def _nudges(raw: str) -> tuple[int, ...] | None:
    """Hours before each call ("24, 1"), as minutes; empty means the default."""
    if not raw:
        return (1440, 60)
    # ASCII decimals only: float() also reads "1_0", "nan", "1e2" and digits of other scripts
    parts = [decimal(p.strip()) for p in raw.split(",") if p.strip()]
    if not parts or len(parts) > 4 or any(h is None or not 0 < h <= 168 for h in parts):
        return None
    minutes = sorted({round((h or 0) * 60) for h in parts}, reverse=True)
    return tuple(minutes) if minutes[-1] >= 1 else None


def _slots(values: Values, errors: dict[str, str]) -> tuple[SlotInput, SlotInput, SlotInput] | None:
    pairs = (
        (CoachBlock.SLOT1_DAY, CoachBlock.SLOT1_TIME),
        (CoachBlock.SLOT2_DAY, CoachBlock.SLOT2_TIME),
        (CoachBlock.SLOT3_DAY, CoachBlock.SLOT3_TIME),
    )
    out: list[SlotInput] = []
    for day_block, time_block in pairs:
        day, at = option(values, day_block), picked_time(values, time_block)
        if day not in WEEKDAY_VALUES:  # a client can send a value that is no option
            day = None
            errors[day_block] = "Choose a day."
        if at is None:
            errors[time_block] = "Choose a time."
        if day is not None and at is not None:
            out.append(SlotInput(int(day), at))
    return (out[0], out[1], out[2]) if len(out) == 3 else None


@dataclass(frozen=True)
class FeedbackInput:
    text: str
    leader_id: str
    category: str


def parse_feedback(values: Values, leaders: tuple[str, ...]) -> FeedbackInput:
    errors: dict[str, str] = {}
    body, leader, category = (
        text(values, CoachBlock.TEXT),
        option(values, CoachBlock.LEADER),
        option(values, CoachBlock.CATEGORY),
    )
    if not body:
        errors[CoachBlock.TEXT] = "Write the feedback item."
    check_text(errors, CoachBlock.TEXT, body, LONG_ANSWER)
    if leader not in leaders:
        errors[CoachBlock.LEADER] = "Choose one of the engagement's leaders."
    if category not in set(Category):
        errors[CoachBlock.CATEGORY] = "Choose a category."
    if errors:
        raise FieldErrors(errors)
    return FeedbackInput(body, str(leader), str(category))


@dataclass(frozen=True)
class CommitmentInput:
    text: str
    owner_id: str
    due: date | None


def parse_commitment(values: Values, leaders: tuple[str, ...], *, today: date) -> CommitmentInput:
    errors: dict[str, str] = {}
    body, owner = text(values, CoachBlock.TEXT), option(values, CoachBlock.OWNER)
    if not body:
        errors[CoachBlock.TEXT] = "Write the commitment."
    check_text(errors, CoachBlock.TEXT, body, COMMITMENT)
    if owner not in leaders:
        errors[CoachBlock.OWNER] = "Choose one of the leaders."
    raw_due = field(values, CoachBlock.DUE).get("selected_date")
    due = picked_date(values, CoachBlock.DUE)
    if raw_due and due is None:
        errors[CoachBlock.DUE] = "Choose a date from the calendar."
    elif due is not None and (far := too_far(due, today)):
        errors[CoachBlock.DUE] = far
    if errors:
        raise FieldErrors(errors)
    return CommitmentInput(body, str(owner), due)


def parse_intake(values: Values) -> dict[str, str]:
    """Answers by question block (a colleague's form has one question fewer); any may be empty, none may be
    longer than the coach's DM can show."""
    errors: dict[str, str] = {}
    answers = {block.value: text(values, block) for block in INTAKE_BLOCKS}
    for block in INTAKE_BLOCKS:
        check_text(errors, block, answers[block.value], LONG_ANSWER)
    if errors:
        raise FieldErrors(errors)
    return answers


def parse_move(values: Values, *, today: date) -> tuple[date, time]:
    """The new day and time of a call, picked in the engagement's zone."""
    day, at = picked_date(values, CoachBlock.DAY), picked_time(values, CoachBlock.TIME)
    if day is None or at is None:
        raise FieldErrors({CoachBlock.DAY: "Choose the new day and time."})
    if (far := too_far(day, today)) or day < today - timedelta(days=1):
        raise FieldErrors({CoachBlock.DAY: far or "Choose a day in the future."})
    return day, at


@dataclass(frozen=True)
class CheckInInput:
    score: int
    went_well: str
    got_in_way: str
    issues: str
    shared: bool


def parse_checkin(values: Values) -> CheckInInput:
    errors: dict[str, str] = {}
    score = option(values, CoachBlock.SCORE)
    if score not in {"1", "2", "3", "4", "5"}:
        errors[CoachBlock.SCORE] = "Choose a score from 1 to 5."
    well, way = text(values, CoachBlock.WENT_WELL), text(values, CoachBlock.GOT_IN_WAY)
    if not well:
        errors[CoachBlock.WENT_WELL] = "A line or two, please."
    if not way:
        errors[CoachBlock.GOT_IN_WAY] = 'A line or two, please ("nothing" is an answer).'
    issues = text(values, CoachBlock.ISSUES)
    check_text(errors, CoachBlock.WENT_WELL, well, LONG_ANSWER)
    check_text(errors, CoachBlock.GOT_IN_WAY, way, LONG_ANSWER)
    check_text(errors, CoachBlock.ISSUES, issues, LONG_ANSWER)
    if errors:
        raise FieldErrors(errors)
    return CheckInInput(int(str(score)), well, way, issues, shared(values))


def check_people(form: NewEngagement, lookup: Callable[[str], dict[str, Any]]) -> None:
    """Everyone named must be an active person, not a bot: `lookup` is users.info's `user`."""
    people.check_people(
        (
            (CoachBlock.LEADERS, form.leaders),
            (CoachBlock.SPONSORS, form.sponsors),
            (CoachBlock.COACH, (form.coach,)),
            (CoachBlock.COLLEAGUES, form.colleagues),
        ),
        lookup,
    )
