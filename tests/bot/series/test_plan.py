"""`/assess plan`: the modal, its field errors, the plan post and each leader's preparation DM."""

from __future__ import annotations

from typing import Any

from bot.ids import SeriesAction, SeriesBlock, SeriesView
from handlers.kit import shown_errors
from tests.bot.series.helpers import LEADERS, dm_texts, modal, settle, submit_plan, texts, with_button
from tests.harness import CHANNEL, FAC, PETE, PIA, BotUnderTest


def test_the_modal_opens_with_defaults_in_this_channel(bot: BotUnderTest) -> None:
    bot.command("plan")
    view = modal(bot, FAC, SeriesView.PLAN)
    elements = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert elements[SeriesBlock.CHANNEL]["initial_conversation"] == CHANNEL
    assert elements[SeriesBlock.SESSIONS]["initial_value"] == "4"
    assert elements[SeriesBlock.GAP]["initial_value"] == "4"
    assert elements[SeriesBlock.TIMING]["initial_value"] == "3,2,3,2,1"
    assert elements[SeriesBlock.PREP_DAYS]["initial_value"] == "2"
    assert elements[SeriesBlock.MIN_GROUP]["initial_value"] == "3"
    assert elements[SeriesBlock.FEEDBACK]["initial_option"]["value"] == "named"
    assert elements[SeriesBlock.LEADERS]["type"] == "multi_users_select"


def test_plan_posts_the_dates_and_asks_each_leader_to_prepare(bot: BotUnderTest) -> None:
    delivery = submit_plan(bot)
    assert delivery.status == 200
    assert not (delivery.json or {}).get("errors")
    settle(bot)
    posts = texts(bot.ws.messages(CHANNEL))
    assert len(posts) == 1
    plan = posts[0]
    # 30 Nov 10:00 in New York is 15:00 UTC; then every four weeks at the same wall-clock time.
    for day in ("Mon 30 Nov 2026, 15:00 UTC", "Mon 28 Dec 2026, 15:00 UTC", "Mon 22 Feb 2027, 15:00 UTC"):
        assert day in plan
    assert plan.count("<!date^") == 5  # four sessions and the preparation due time
    assert all(f"<@{leader}>" in plan for leader in LEADERS)
    assert "felt uncertain, got no result, or sensed something was missing" in plan
    assert "what feedback you are looking for" in plan
    assert "*Feedback is named*" in plan
    assert "Sponsors" not in plan  # none were chosen
    for leader in LEADERS:
        prep = with_button(bot.ws.dm_with(leader), SeriesAction.OPEN_PREP)
        assert len(prep) == 1
        assert "Please prepare by <!date^" in texts(prep)[0]
    assert dm_texts(bot, PIA) == []
    assert dm_texts(bot, PETE) == []
    (invite,) = dm_texts(bot, FAC)  # the facilitator's calendar invite, and nothing else
    assert invite.startswith("*Assessment session*")


def _errors(bot: BotUnderTest, **overrides: Any) -> dict[str, str]:
    delivery = submit_plan(bot, **overrides)
    assert delivery.json is not None, "the modal should stay open with errors"
    assert delivery.json["response_action"] == "errors"
    errors = delivery.json["errors"]
    assert isinstance(errors, dict)
    return errors


def _errors_after_checks(bot: BotUnderTest, **overrides: Any) -> dict[str, str]:
    """What needs Slack (people, channels, the facilitator's zone) is checked after the ack, which shows a
    working view: a failed check shows the form again with its errors."""
    delivery = submit_plan(bot, **overrides)
    assert delivery.json is not None
    assert delivery.json["response_action"] == "update"
    now = modal(bot, FAC, SeriesView.PLAN)  # the form again, to correct and submit
    errors = shown_errors(now)
    assert errors, "the form should be shown again with errors"
    return errors


def test_field_errors_appear_on_their_fields(bot: BotUnderTest) -> None:
    one = _errors(bot, leaders={"type": "multi_users_select", "selected_users": [LEADERS[0]]})
    assert "at least two leaders" in one[SeriesBlock.LEADERS]
    robot = _errors_after_checks(
        bot, leaders={"type": "multi_users_select", "selected_users": [*LEADERS, "U0OTHERBOT"]}
    )
    assert "is a bot" in robot[SeriesBlock.LEADERS]
    past = _errors_after_checks(bot, date={"type": "datepicker", "selected_date": "2026-11-20"})
    assert "in the past" in past[SeriesBlock.DATE]
    timing = _errors(bot, timing={"type": "plain_text_input", "value": "3,2"})
    assert SeriesBlock.TIMING in timing
    group = _errors(bot, min_group={"type": "plain_text_input", "value": "2"})
    assert "3 or more" in group[SeriesBlock.MIN_GROUP]
    many = _errors(
        bot,
        sessions={"type": "plain_text_input", "value": "forty"},
        gap={"type": "plain_text_input", "value": "0"},
    )
    assert set(many) == {SeriesBlock.SESSIONS, SeriesBlock.GAP}
    quiet = _errors_after_checks(
        bot, channel={"type": "conversations_select", "selected_conversation": "C0QUIET"}
    )
    assert "/invite @coachbot" in quiet[SeriesBlock.CHANNEL]
    public = _errors_after_checks(
        bot, sponsor_channel={"type": "conversations_select", "selected_conversation": CHANNEL}
    )
    assert "Choose a private channel" in public[SeriesBlock.SPONSOR_CHANNEL]
    bot.ws.add_channel("G0SPONSORS", "sponsors", members=[FAC], bot_member=False, is_private=True)
    absent = _errors_after_checks(
        bot, sponsor_channel={"type": "conversations_select", "selected_conversation": "G0SPONSORS"}
    )
    assert "/invite @coachbot" in absent[SeriesBlock.SPONSOR_CHANNEL]
    settle(bot)
    assert bot.ws.messages(CHANNEL) == []
    assert all(dm_texts(bot, leader) == [] for leader in LEADERS)


def test_the_plan_post_names_sponsors_and_anonymous_feedback(bot: BotUnderTest) -> None:
    submit_plan(
        bot,
        sponsors={"type": "multi_users_select", "selected_users": [PIA]},
        feedback={"type": "radio_buttons", "selected_option": {"value": "anonymous"}},
    )
    settle(bot)
    plan = texts(bot.ws.messages(CHANNEL))[0]
    assert "*Feedback is anonymous*" in plan
    assert f"*Sponsors* (<@{PIA}>) get a short summary" in plan
    assert "never anything anyone wrote" in plan
    assert dm_texts(bot, PIA) == []  # sponsors are not asked to prepare
