"""The `/coach` modals as pure functions: engagement set-up, intake, feedback, commitment, check-in, move."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    TimePickerElement,
    UserMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.coach.domain.engagement import MAX_COLLEAGUES, MAX_SPONSORS, Category, intake_questions
from bot.coach.domain.schedule import WEEKDAYS
from bot.ids import VALUE, CoachBlock, CoachView
from bot.inputs import COMMITMENT, LONG_ANSWER, NAME, SHORT, TextLimit
from bot.slack.blocks import input_field, modal, section

SHARE_LABEL = "Let the sponsor read this too"


def _text(
    block: CoachBlock, label: str, limit: TextLimit = LONG_ANSWER, *, optional: bool = False
) -> InputBlock:
    """A text input as long as the messages that later show its answer can hold (see bot/inputs.py)."""
    element = PlainTextInputElement(action_id=VALUE, multiline=limit.lines > 1, max_length=limit.chars)
    return input_field(block, label, element, optional=optional)


def _options(values: Sequence[tuple[str, str]]) -> list[Option]:
    return [Option(value=v, label=label) for v, label in values]


def _days() -> StaticSelectElement:
    return StaticSelectElement(
        action_id=VALUE, options=_options([(str(i), d) for i, d in enumerate(WEEKDAYS)])
    )


def _share() -> InputBlock:
    box = CheckboxesElement(action_id=VALUE, options=_options([("share", SHARE_LABEL)]))
    return input_field(CoachBlock.SHARE, "Sharing", box, optional=True)


def _modal(callback: CoachView, title: str, blocks: list[Block], metadata: str = "") -> View:
    return modal(callback, title, blocks, submit="Save", metadata=metadata)


def new_engagement_view(team_id: str) -> View:
    """The workspace rides in private_metadata: the submission is saved under it."""
    blocks: list[Block] = [
        _text(CoachBlock.NAME, "Engagement name", NAME),
        input_field(
            CoachBlock.LEADERS,
            "The two leaders",
            UserMultiSelectElement(action_id=VALUE, max_selected_items=2),
        ),
        input_field(
            CoachBlock.SPONSORS,
            "Sponsor(s)",
            UserMultiSelectElement(action_id=VALUE, max_selected_items=MAX_SPONSORS),
        ),
        input_field(CoachBlock.COACH, "Coach", UserSelectElement(action_id=VALUE)),
        input_field(
            CoachBlock.COLLEAGUES,
            "Affected colleagues",
            UserMultiSelectElement(action_id=VALUE, max_selected_items=MAX_COLLEAGUES),
            optional=True,
        ),
        input_field(
            CoachBlock.SUMMARY_CHANNEL,
            "Private channel for sponsor summaries (empty: by DM)",
            ConversationSelectElement(action_id=VALUE, filter=ConversationFilter(include=["private"])),
            optional=True,
        ),
        input_field(CoachBlock.START, "Start date", DatePickerElement(action_id=VALUE)),
        _text(CoachBlock.CADENCE, "Calls every how many weeks", SHORT, optional=True),
        _text(CoachBlock.LENGTH, "Length in months", SHORT, optional=True),
        _text(CoachBlock.NUDGES, "Nudges: hours before each call (default 24, 1)", SHORT, optional=True),
        section("*Call slots*, in your own time zone (from your Slack profile):"),
        input_field(CoachBlock.SLOT1_DAY, "First leader's coaching call: day", _days()),
        input_field(
            CoachBlock.SLOT1_TIME, "First leader's coaching call: time", TimePickerElement(action_id=VALUE)
        ),
        input_field(CoachBlock.SLOT2_DAY, "Second leader's coaching call: day", _days()),
        input_field(
            CoachBlock.SLOT2_TIME, "Second leader's coaching call: time", TimePickerElement(action_id=VALUE)
        ),
        input_field(CoachBlock.SLOT3_DAY, "Three-way call: day", _days()),
        input_field(CoachBlock.SLOT3_TIME, "Three-way call: time", TimePickerElement(action_id=VALUE)),
    ]
    return _modal(CoachView.NEW, "New engagement", blocks, team_id)


def intake_view(engagement_id: int, *, leader: bool) -> View:
    questions = intake_questions(leader=leader)
    blocks: list[Block] = [
        section("Only the coach reads your answers. The sponsor sees only how many people answered."),
        *(_text(block, label) for block, label in questions),
    ]
    if leader:
        blocks.append(_share())
    return _modal(CoachView.INTAKE, "Intake", blocks, str(engagement_id))


def feedback_view(engagement_id: int, leaders: Sequence[tuple[str, str]]) -> View:
    blocks: list[Block] = [
        _text(CoachBlock.TEXT, "Feedback item"),
        input_field(
            CoachBlock.LEADER,
            "Which leader it concerns",
            StaticSelectElement(action_id=VALUE, options=_options(leaders)),
        ),
        input_field(
            CoachBlock.CATEGORY,
            "Category",
            StaticSelectElement(
                action_id=VALUE, options=_options([(c.value, c.value.capitalize()) for c in Category])
            ),
        ),
    ]
    return _modal(CoachView.FEEDBACK, "Feedback item", blocks, str(engagement_id))


def commitment_view(engagement_id: int, leaders: Sequence[tuple[str, str]]) -> View:
    blocks: list[Block] = [
        _text(CoachBlock.TEXT, "Expectation or commitment", COMMITMENT),
        input_field(
            CoachBlock.OWNER, "Owner", StaticSelectElement(action_id=VALUE, options=_options(leaders))
        ),
        input_field(CoachBlock.DUE, "Due date", DatePickerElement(action_id=VALUE), optional=True),
    ]
    return _modal(CoachView.COMMITMENT, "Commitment", blocks, str(engagement_id))


def checkin_view(engagement_id: int, call_id: int) -> View:
    scores = StaticSelectElement(action_id=VALUE, options=_options([(str(i), str(i)) for i in range(1, 6)]))
    blocks: list[Block] = [
        input_field(CoachBlock.SCORE, "Progress since the last call (1 = none, 5 = a lot)", scores),
        _text(CoachBlock.WENT_WELL, "What went well"),
        _text(CoachBlock.GOT_IN_WAY, "What got in the way"),
        _text(CoachBlock.ISSUES, "Issues to resolve", optional=True),
        _share(),
    ]
    return _modal(CoachView.CHECKIN, "Check-in", blocks, f"{engagement_id}:{call_id}")


def move_view(engagement_id: int, call_id: int, zone: str) -> View:
    blocks: list[Block] = [
        section(f"The new day and time, in the engagement's zone ({zone})."),
        input_field(CoachBlock.DAY, "Day", DatePickerElement(action_id=VALUE)),
        input_field(CoachBlock.TIME, "Time", TimePickerElement(action_id=VALUE)),
    ]
    return _modal(CoachView.MOVE, "Move the call", blocks, f"{engagement_id}:{call_id}")
