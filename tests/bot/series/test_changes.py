"""Moving and cancelling planned sessions, `/assess plans`, and the workspace's list of facilitators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.ids import SeriesAction, SeriesView
from tests.bot.series.helpers import (
    LEADERS,
    answer,
    dm_texts,
    prepare,
    press,
    reminders,
    run_until,
    settle,
    submit_plan,
    texts,
)
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, PETE, PIA, BotUnderTest

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

SECOND = datetime(2026, 12, 28, 15, 0, tzinfo=UTC)
MOVED = datetime(2026, 12, 29, 16, 30, tzinfo=UTC)  # 11:30 on 29 Dec in New York, the plan's zone
THIRD = datetime(2027, 1, 25, 15, 0, tzinfo=UTC)


def test_move_and_cancel_tell_everyone_and_reminders_follow(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    refused = answer(bot.command("plan move 2 2026-12-29 11:30", user=PIA))
    assert f"Only <@{FAC}> or a listed facilitator can move" in refused
    assert "must come after session 1" in answer(bot.command("plan move 2 2026-11-29 11:30"))
    assert "must come before session 3" in answer(bot.command("plan move 2 2027-01-26 11:30"))
    assert "is moved" in answer(bot.command("plan move 2 2026-12-29 11:30"))
    assert "is cancelled" in answer(bot.command("plan cancel 3"))
    assert "only a session still ahead" in answer(bot.command("plan cancel 3"))
    settle(bot)
    channel = "\n".join(texts(bot.ws.messages(CHANNEL)))
    assert f"<!date^{int(SECOND.timestamp())}^" in channel
    assert f"to <!date^{int(MOVED.timestamp())}^" in channel
    assert "*Session 3* (<!date^" in channel
    assert "is cancelled" in channel
    for leader in LEADERS:
        told = "\n".join(dm_texts(bot, leader))
        assert "*Session 2* has moved" in told
        assert "*Session 3* (<!date^" in told
    assert dm_texts(bot, PIA) == []
    run_until(bot, SECOND - timedelta(days=1))
    assert not any("Session 2 of 4" in t for t in texts(reminders(bot)))
    run_until(bot, MOVED - timedelta(days=1))
    assert sum("Session 2 of 4* starts tomorrow" in t for t in texts(reminders(bot))) == 1
    run_until(bot, THIRD)
    assert not any("Session 3 of 4" in t for t in texts(reminders(bot)))
    listing = answer(bot.command("plans"))
    assert "~Session 3:" in listing
    assert "(moved)" in listing


def test_plans_show_readiness_only_to_facilitators(bot: BotUnderTest) -> None:
    assert "*Planning a series*" in answer(bot.command("help"))
    assert "No series is planned" in answer(bot.command("plans"))
    submit_plan(bot)
    settle(bot)
    prepare(bot, BEN, "An example", "A statement")
    mine = answer(bot.command("plan status"))
    assert f"Prepared: <@{BEN}>" in mine
    assert f"Not yet: <@{ANA}>, <@{CHO}>" in mine
    theirs = answer(bot.command("plans", user=PIA))
    assert "Session 1:" in theirs
    assert "Prepared" not in theirs
    assert "Session 4:" in answer(bot.command("status"))


def test_the_facilitator_list_decides_who_plans_and_starts(bot: BotUnderTest) -> None:
    assert "anyone can plan and start" in answer(bot.command("facilitators"))
    assert "is a bot" in answer(bot.command("facilitators add <@U0OTHERBOT|otherbot>"))
    assert "is not a person" in answer(bot.command("facilitators add #team"))
    assert "is now a facilitator" in answer(bot.command("facilitators add <@U0PIA|pia>"))
    assert f"*Facilitators* (they plan and start sessions): <@{PIA}>" in answer(bot.command("facilitators"))
    # Fran is not on the list: she may no longer plan, start ad hoc, or change the list.
    assert "Only this workspace's facilitators can plan a series" in answer(bot.command("plan"))
    assert [v for v in bot.ws.views(FAC) if v["callback_id"] == SeriesView.PLAN.value] == []
    assert "can start a session" in answer(bot.command(f"<@{ANA}> <@{BEN}>"))
    assert "change the list" in answer(bot.command("facilitators add <@U0FAC|fran>"))
    settle(bot, 2)
    assert bot.cards() == []
    submit_plan(bot, user=PIA)
    settle(bot)
    assert "is now a facilitator" in answer(bot.command("facilitators add <@U0PETE|pete>", user=PIA))
    run_until(bot, datetime(2026, 11, 30, 8, 45, tzinfo=UTC))  # Pia planned 10:00 in Berlin
    assert "no longer a facilitator" in answer(bot.command("facilitators remove <@U0PIA|pia>", user=PETE))
    # Pia planned this series, so she may still start it although she has left the list.
    assert "Not yet:" in answer(bot.command("plans", user=PIA))
    press(bot, FAC, reminders(bot)[-1], SeriesAction.START_SESSION)
    settle(bot, 2)
    assert bot.cards() == []
    press(bot, PIA, reminders(bot)[-1], SeriesAction.START_SESSION)
    settle(bot, 2)
    assert len(bot.cards()) == 1
