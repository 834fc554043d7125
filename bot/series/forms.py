"""The plan modal's submission parsed into a typed plan, or field errors that Slack shows on the fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.assess.commands import MAX_LEADERS, MAX_SPONSORS, CommandError, parse_timing
from bot.assess.domain.phases import PHASES
from bot.ids import SeriesBlock
from bot.inputs import LONG_ANSWER, too_far, whole_number
from bot.platform import people
from bot.platform.errors import FieldErrors
from bot.platform.forms import Values, conversation, field, picked_date, picked_time, text, users
from bot.series.domain import Feedback, local_instant
from bot.series.render import modals

MAX_SESSIONS, MAX_GAP_WEEKS, MAX_PREP_DAYS, MAX_MIN_GROUP = 12, 12, 14, 50


@dataclass(frozen=True)
class PlanInput:
    leaders: tuple[str, ...]
    channel_id: str
    first_at: datetime  # aware UTC
    sessions: int
    gap_weeks: int
    timing: tuple[int, ...]  # seconds per phase
    sponsors: tuple[str, ...]
    sponsor_channel_id: str | None
    anonymous: bool
    prep_days: int
    min_group: int
    zone: str


def _whole(values: Values, block: SeriesBlock, default: int, low: int, high: int) -> int | None:
    raw = text(values, block)
    return whole_number(raw, low=low, high=high) if raw else default


def parse_prep(values: Values) -> tuple[str, str]:
    """A leader's (example, statement); the statement is shown on their round card, so it must fit there."""
    example, statement = text(values, SeriesBlock.EXAMPLE), text(values, SeriesBlock.STATEMENT)
    errors: dict[str, str] = {}
    if not example:
        errors[SeriesBlock.EXAMPLE.value] = "Describe one example, a few lines are enough."
    if not statement:
        errors[SeriesBlock.STATEMENT.value] = "Tell peers what feedback you are looking for."
    for block, value in ((SeriesBlock.EXAMPLE, example), (SeriesBlock.STATEMENT, statement)):
        if problem := LONG_ANSWER.problem(value):
            errors.setdefault(block.value, problem)
    if errors:
        raise FieldErrors(errors)
    return example, statement


def check_plan(values: Values, *, now: datetime) -> None:
    """Everything in the plan that needs no look-up (the facilitator's zone is one): raises FieldErrors,
    before the submission is acknowledged."""
    parse_plan(values, zone=None, now=now)


def parse_plan(values: Values, *, zone: str | None, now: datetime) -> PlanInput:
    errors: dict[str, str] = {}
    leaders = users(values, SeriesBlock.LEADERS)
    if len(leaders) < 2:
        errors[SeriesBlock.LEADERS] = "Choose at least two leaders: each takes a turn in focus."
    elif len(leaders) > MAX_LEADERS:  # refused before anyone is looked up
        errors[SeriesBlock.LEADERS] = f"A session takes at most {MAX_LEADERS} leaders: plan two series."
    channel = conversation(values, SeriesBlock.CHANNEL) or ""
    if not channel:
        errors[SeriesBlock.CHANNEL] = "Choose the channel where the group meets."
    elif channel.startswith("D"):
        errors[SeriesBlock.CHANNEL] = "Choose the team's channel, not a direct message."
    first = _first(values, zone, now, errors)
    sessions, gap, prep, group = _numbers(values, errors)
    timing = _timing(text(values, SeriesBlock.TIMING) or modals.DEFAULT_TIMING_TEXT, errors)
    sponsors = users(values, SeriesBlock.SPONSORS)
    if set(sponsors) & set(leaders):
        errors[SeriesBlock.SPONSORS] = "A leader cannot also be a sponsor: sponsors see only summaries."
    elif len(sponsors) > MAX_SPONSORS:
        errors[SeriesBlock.SPONSORS] = f"At most {MAX_SPONSORS} sponsors."
    if errors:
        raise FieldErrors(errors)
    assert first is not None
    assert timing is not None
    picked = field(values, SeriesBlock.FEEDBACK).get("selected_option") or {}
    return PlanInput(
        leaders=leaders,
        channel_id=channel,
        first_at=first,
        sessions=sessions or 0,
        gap_weeks=gap or 0,
        timing=timing,
        sponsors=sponsors,
        sponsor_channel_id=conversation(values, SeriesBlock.SPONSOR_CHANNEL),
        anonymous=picked.get("value") == Feedback.ANONYMOUS,
        prep_days=prep or 0,
        min_group=group or 0,
        zone=zone or "UTC",
    )


def _numbers(values: Values, errors: dict[str, str]) -> tuple[int | None, ...]:
    """Sessions, weeks between them, preparation lead in days, smallest group shown."""
    sessions = _whole(values, SeriesBlock.SESSIONS, modals.DEFAULT_SESSIONS, 1, MAX_SESSIONS)
    if sessions is None:
        errors[SeriesBlock.SESSIONS] = f"A whole number of sessions from 1 to {MAX_SESSIONS}."
    gap = _whole(values, SeriesBlock.GAP, modals.DEFAULT_GAP_WEEKS, 1, MAX_GAP_WEEKS)
    if gap is None:
        errors[SeriesBlock.GAP] = f"A whole number of weeks from 1 to {MAX_GAP_WEEKS}."
    prep = _whole(values, SeriesBlock.PREP_DAYS, modals.DEFAULT_PREP_DAYS, 0, MAX_PREP_DAYS)
    if prep is None:
        errors[SeriesBlock.PREP_DAYS] = f"A whole number of days from 0 to {MAX_PREP_DAYS}."
    group = _whole(values, SeriesBlock.MIN_GROUP, modals.DEFAULT_MIN_GROUP, 3, MAX_MIN_GROUP)
    if group is None:
        errors[SeriesBlock.MIN_GROUP] = "3 or more: figures about fewer than 3 leaders are never shown."
    return sessions, gap, prep, group


def _first(values: Values, zone: str | None, now: datetime, errors: dict[str, str]) -> datetime | None:
    # A picker's value is checked like typed text: a client can send any string.
    day = picked_date(values, SeriesBlock.DATE)
    clock = picked_time(values, SeriesBlock.TIME)
    if day is None:
        errors[SeriesBlock.DATE] = "Choose the date of the first session."
        return None
    if clock is None:
        errors[SeriesBlock.TIME] = "Choose the time of the first session."
        return None
    if far := too_far(day, now):
        errors[SeriesBlock.DATE] = far
        return None
    if zone is None:  # the past is checked once the zone is known
        return datetime.combine(day, clock, tzinfo=UTC)
    if day < now.date() - timedelta(days=1):  # before any zone's today: also keeps year 1 away from UTC
        errors[SeriesBlock.DATE] = f"That is in the past ({zone} time): choose a later date or time."
        return None
    at = local_instant(day, clock, zone).astimezone(UTC)
    if at <= now:
        errors[SeriesBlock.DATE] = f"That is in the past ({zone} time): choose a later date or time."
        return None
    return at


def _timing(raw: str, errors: dict[str, str]) -> tuple[int, ...] | None:
    if len(raw.split(",")) != len(PHASES):  # said here as a form says it, not as `timing=` in a command
        errors[SeriesBlock.TIMING] = (
            f"Give {len(PHASES)} lengths, one per phase, like `timing=3,2,3,2,1` "
            "(minutes) or `timing=20s,20s,20s,20s,20s` (seconds)."
        )
        return None
    try:
        return parse_timing(raw)
    except CommandError as exc:
        errors[SeriesBlock.TIMING] = str(exc)
        return None


def check_people(plan: PlanInput, lookup: Callable[[str], dict[str, Any]]) -> None:
    """Leaders and sponsors must be active people, not bots: `lookup` is users.info's `user`."""
    people.check_people(((SeriesBlock.LEADERS, plan.leaders), (SeriesBlock.SPONSORS, plan.sponsors)), lookup)


def check_channels(plan: PlanInput, info: Callable[[str], dict[str, Any]]) -> None:
    """The bot must be in both channels, and sponsor summaries go only to a private one: `info` is
    conversations.info's `channel`, empty when the bot cannot see the channel."""
    errors: dict[str, str] = {}
    if not info(plan.channel_id).get("is_member"):
        errors[SeriesBlock.CHANNEL] = "I am not in that channel yet: `/invite @coachbot` there first."
    if plan.sponsor_channel_id:
        sponsors = info(plan.sponsor_channel_id)
        if not sponsors.get("is_member"):
            errors[SeriesBlock.SPONSOR_CHANNEL] = "I am not in that channel: `/invite @coachbot` there first."
        elif not sponsors.get("is_private"):
            errors[SeriesBlock.SPONSOR_CHANNEL] = "Choose a private channel, or leave it empty for DMs."
    if errors:
        raise FieldErrors(errors)
