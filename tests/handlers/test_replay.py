"""A signed request replayed within Slack's 5 minutes has no second effect, on this replica or another."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.ids import AssessAction
from handlers.replay import interaction_key
from storage.assess import AssessRound
from storage.coach import CoachEngagement
from storage.platform import SeenEvent
from tests.handlers.assess.test_round import start
from tests.handlers.coach.test_slack import _command, _start
from tests.harness import CHANNEL, FAC, BotUnderTest


def _deadline(bot: BotUnderTest) -> object:
    with bot.db.read() as s:
        running = s.exec(select(AssessRound).where(AssessRound.status == "running")).one()
        return running.phase_ends_at


def _stage(bot: BotUnderTest) -> str:
    with bot.db.read() as s:
        return s.exec(select(CoachEngagement)).one().stage


def test_a_replayed_plus_one_minute_press_moves_the_deadline_once(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    before = _deadline(bot)
    press = bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.EXTEND)
    assert press.status == 200
    once = _deadline(bot)
    assert once == before + timedelta(minutes=1)  # type: ignore[operator]
    for _ in range(3):  # the same signed bytes, signature and all, sent again
        replayed = bot.ws.replay(press)
        assert replayed.status == 200
        assert replayed.body == ""
    assert _deadline(bot) == once
    # A second, real press is a new act: it counts.
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.EXTEND)
    assert _deadline(bot) == once + timedelta(minutes=1)  # type: ignore[operator]


def test_a_replayed_coach_next_advances_once(bot: BotUnderTest) -> None:
    _start(bot)
    assert _stage(bot) == "intake"
    moved = _command(bot, "next")
    assert _stage(bot) == "feedback"
    for _ in range(4):
        bot.ws.replay(moved)
    assert _stage(bot) == "feedback"  # four replays would otherwise have closed the engagement
    _command(bot, "next")
    assert _stage(bot) == "alignment"


def test_a_replay_landing_on_another_replica_is_caught(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    press = bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.EXTEND)
    once = _deadline(bot)
    other = BotUnderTest(bot.slack, bot.ws, bot.db, bot.clock)  # a second replica on the same database
    try:
        assert bot.ws.request_url == f"{other.server.url}/slack/events"
        assert bot.ws.replay(press).status == 200
        assert _deadline(bot) == once
    finally:
        other.stop()


def test_keys_are_remembered_in_the_seen_event_table_without_naming_anyone(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.EXTEND)
    with bot.db.read() as s:
        keys = [e.event_id for e in s.exec(select(SeenEvent)).all()]
    assert len([k for k in keys if k.startswith("interaction:")]) == 2  # the command and the press
    assert not any(FAC in k for k in keys)  # who acted is no part of a key


def test_what_makes_a_request_one_act() -> None:
    press = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "trigger_id": "t-1",
        "actions": [{"action_id": "a", "action_ts": "1.000001"}],
    }
    assert interaction_key(press) == "interaction:t-1"
    assert interaction_key(press | {"trigger_id": None}) == "action:T1:1.000001:a"
    assert interaction_key({"command": "/coach", "trigger_id": "t-2"}) == "interaction:t-2"
    assert interaction_key({"type": "view_submission", "trigger_id": "t-3"}) == "interaction:t-3"
    assert interaction_key({"type": "event_callback", "event_id": "Ev1"}) is None
    assert interaction_key({"type": "view_closed"}) is None
