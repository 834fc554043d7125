"""Planning a series through the real app against the local Slack, and reading what each person saw."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.ids import VALUE, SeriesAction, SeriesBlock, SeriesView
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, BotUnderTest, action_ids, block_text

LEADERS = (ANA, BEN, CHO)
# The harness starts Monday 23 Nov 2026 09:00 UTC; Fran (New York, UTC-5) plans 30 Nov 10:00 her time.
FIRST_DAY, FIRST_TIME = "2026-11-30", "10:00"


def plan_values(**overrides: Any) -> dict[str, dict[str, dict[str, Any]]]:
    fields: dict[str, dict[str, Any]] = {
        SeriesBlock.LEADERS: {"type": "multi_users_select", "selected_users": list(LEADERS)},
        SeriesBlock.CHANNEL: {"type": "conversations_select", "selected_conversation": CHANNEL},
        SeriesBlock.DATE: {"type": "datepicker", "selected_date": FIRST_DAY},
        SeriesBlock.TIME: {"type": "timepicker", "selected_time": FIRST_TIME},
        SeriesBlock.SESSIONS: {"type": "plain_text_input", "value": "4"},
        SeriesBlock.GAP: {"type": "plain_text_input", "value": "4"},
        SeriesBlock.TIMING: {"type": "plain_text_input", "value": "20s,20s,20s,20s,20s"},
        SeriesBlock.FEEDBACK: {"type": "radio_buttons", "selected_option": {"value": "named"}},
        SeriesBlock.PREP_DAYS: {"type": "plain_text_input", "value": "2"},
        SeriesBlock.MIN_GROUP: {"type": "plain_text_input", "value": "3"},
    }
    for key, value in overrides.items():
        fields[SeriesBlock[key.upper()]] = value
    return {str(block): {VALUE: field} for block, field in fields.items()}


def answer(delivery: Any) -> str:
    """A command's synchronous answer: plain text, or JSON with a text field."""
    return str(delivery.json["text"]) if delivery.json else str(delivery.body)


def modal(bot: BotUnderTest, user: str, callback: SeriesView) -> dict[str, Any]:
    views = [v for v in bot.ws.views(user) if v["callback_id"] == callback.value]
    assert views, f"no {callback} modal open for {user}"
    return views[-1]


def submit_plan(bot: BotUnderTest, user: str = FAC, **overrides: Any) -> Any:
    bot.command("plan", user=user)
    return bot.ws.submit_view(user, modal(bot, user, SeriesView.PLAN)["id"], values=plan_values(**overrides))


def settle(bot: BotUnderTest, seconds: float = 6) -> None:
    """A few seconds of ticks: messages to one lane leave about one a second, as Slack allows."""
    bot.advance(seconds, step=1)


def run_until(bot: BotUnderTest, when: datetime) -> None:
    """Jump to `when` (the scheduler ticking once there), then let the outbox drain."""
    bot.clock.advance((when - bot.clock.now()).total_seconds())
    bot.tick()
    settle(bot)


def texts(messages: list[Any]) -> list[str]:
    return [block_text(m.blocks) or m.text or "" for m in messages]


def dm_texts(bot: BotUnderTest, user: str) -> list[str]:
    return texts(bot.ws.dm_with(user))


def with_button(messages: list[Any], action: SeriesAction) -> list[Any]:
    return [m for m in messages if action.value in action_ids(m.blocks)]


def reminders(bot: BotUnderTest) -> list[Any]:
    return with_button(bot.ws.messages(CHANNEL), SeriesAction.START_SESSION)


def button_value(message: Any, action: SeriesAction) -> str:
    for block in message.blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action.value:
                return str(element["value"])
    raise AssertionError(action)


def press(bot: BotUnderTest, user: str, message: Any, action: SeriesAction) -> Any:
    return bot.ws.click_button(user, message.channel, message.ts, action.value, button_value(message, action))


def prepare(bot: BotUnderTest, leader: str, example: str, statement: str) -> Any:
    press(bot, leader, with_button(bot.ws.dm_with(leader), SeriesAction.OPEN_PREP)[0], SeriesAction.OPEN_PREP)
    values = {
        SeriesBlock.EXAMPLE.value: {VALUE: {"type": "plain_text_input", "value": example}},
        SeriesBlock.STATEMENT.value: {VALUE: {"type": "plain_text_input", "value": statement}},
    }
    return bot.ws.submit_view(leader, modal(bot, leader, SeriesView.PREP)["id"], values=values)


def ephemeral_texts(bot: BotUnderTest, user: str) -> list[str]:
    return [e.text or block_text(e.blocks) for e in bot.ws.ephemerals(user_id=user)]
