"""The series modals as pure functions: planning a series, a leader's preparation, a short notice."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    TimePickerElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.assess.commands import MAX_LEADERS, MAX_SPONSORS
from bot.ids import VALUE, SeriesBlock, SeriesView
from bot.inputs import LONG_ANSWER, SHORT
from bot.series.domain import Feedback
from bot.slack.blocks import input_field, modal, section

DEFAULT_SESSIONS, DEFAULT_GAP_WEEKS, DEFAULT_PREP_DAYS, DEFAULT_MIN_GROUP = 4, 4, 2, 3
DEFAULT_TIMING_TEXT = "3,2,3,2,1"
EXAMPLE_LABEL = "An example from your own coaching"
EXAMPLE_HINT = "A moment where you felt uncertain, got no result, or sensed something was missing."
STATEMENT_LABEL = "Your summary statement for peers"
STATEMENT_HINT = "Context, examples, and what feedback you are looking for. Peers see it on your round card."


def _short(block: SeriesBlock, label: str, initial: str) -> InputBlock:
    element = PlainTextInputElement(action_id=VALUE, initial_value=initial, max_length=SHORT.chars)
    return input_field(block, label, element)


def plan_view(team_id: str, channel_id: str) -> View:
    """The channel the command was typed in is chosen to begin with; the team rides in private_metadata."""
    feedback = [
        Option(value=Feedback.NAMED, label="Named: peers reply in the thread"),
        Option(value=Feedback.ANONYMOUS, label="Anonymous: peers use a form"),
    ]
    blocks: list[Block] = [
        input_field(
            SeriesBlock.LEADERS,
            f"Leaders (2 to {MAX_LEADERS})",
            UserMultiSelectElement(action_id=VALUE, max_selected_items=MAX_LEADERS),
        ),
        input_field(
            SeriesBlock.CHANNEL,
            "Channel for the sessions",
            ConversationSelectElement(
                action_id=VALUE,
                initial_conversation=channel_id if channel_id[:1] in ("C", "G") else None,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
        ),
        section("The first session, in your own time zone (from your Slack profile):"),
        input_field(SeriesBlock.DATE, "First session: date", DatePickerElement(action_id=VALUE)),
        input_field(
            SeriesBlock.TIME, "First session: time", TimePickerElement(action_id=VALUE, initial_time="09:00")
        ),
        _short(SeriesBlock.SESSIONS, "Number of sessions", str(DEFAULT_SESSIONS)),
        _short(SeriesBlock.GAP, "Weeks between sessions", str(DEFAULT_GAP_WEEKS)),
        _short(SeriesBlock.TIMING, "Phase lengths in minutes (or 20s for seconds)", DEFAULT_TIMING_TEXT),
        input_field(
            SeriesBlock.SPONSORS,
            "Sponsor(s)",
            UserMultiSelectElement(action_id=VALUE, max_selected_items=MAX_SPONSORS),
            optional=True,
        ),
        input_field(
            SeriesBlock.SPONSOR_CHANNEL,
            "Private channel for sponsor summaries (empty: by DM)",
            ConversationSelectElement(action_id=VALUE, filter=ConversationFilter(include=["private"])),
            optional=True,
        ),
        input_field(
            SeriesBlock.FEEDBACK,
            "Peer feedback",
            RadioButtonsElement(action_id=VALUE, options=feedback, initial_option=feedback[0]),
        ),
        _short(
            SeriesBlock.PREP_DAYS, "Preparation due: days before the first session", str(DEFAULT_PREP_DAYS)
        ),
        _short(SeriesBlock.MIN_GROUP, "Smallest group shown in figures (3 or more)", str(DEFAULT_MIN_GROUP)),
    ]
    return modal(SeriesView.PLAN, "Plan a series", blocks, submit="Plan", metadata=team_id)


def prep_view(series_id: int, *, example: str, statement: str) -> View:
    def text(block: SeriesBlock, label: str, hint: str, initial: str) -> InputBlock:
        # An answer saved before the limit was lowered is cut to it: Slack refuses a longer initial value.
        element = PlainTextInputElement(
            action_id=VALUE,
            multiline=True,
            max_length=LONG_ANSWER.chars,
            initial_value=initial[: LONG_ANSWER.chars] or None,
        )
        return input_field(block, label, element, hint=hint)

    blocks: list[Block] = [
        text(SeriesBlock.EXAMPLE, EXAMPLE_LABEL, EXAMPLE_HINT, example),
        text(SeriesBlock.STATEMENT, STATEMENT_LABEL, STATEMENT_HINT, statement),
    ]
    return modal(SeriesView.PREP, "Your preparation", blocks, submit="Save", metadata=str(series_id))


def notice_view(text: str) -> View:
    """Says why a button did nothing, where there is no channel to answer in (the Home tab)."""
    return modal(SeriesView.NOTICE, "coachbot", [section(text)], close="OK")
