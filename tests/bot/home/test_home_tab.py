"""One App Home for both programmes, through the real app and the local Slack: what views.publish carried for
a coach with several engagements, a leader in both programmes and a person in none; its buttons; that a burst
of changes publishes each Home once; and that nothing anyone typed for others reaches a Home."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

import pytest
from sqlmodel import col, select

from bot.coach.service import calls
from bot.ids import (
    VALUE,
    CalendarAction,
    CoachAction,
    CoachBlock,
    CoachView,
    SeriesAction,
    SeriesBlock,
    SeriesView,
)
from storage.coach import CoachCall, CoachSlot
from tests.bot.series.helpers import modal, submit_plan
from tests.handlers.coach.test_slack import (
    COACH,
    SPONSOR,
    _command,
    _enlist,
    _form,
    _get,
    _modal,
    _open_and_submit,
    _plain,
    _press,
    _select,
    _settle,
    _with_button,
)
from tests.harness import ADMIN, ANA, BEN, PETE, PIA, BotUnderTest, action_ids, block_text

INTAKE = "We stopped talking after the reorganisation"
FEEDBACK = "Talks over colleagues"
PROMISE = "Ask before deciding for the team"
PREP = "An example of a stuck coaching call"


def _published(bot: BotUnderTest, user: str) -> list[dict[str, Any]]:
    """Every Home the bot published for `user`, as views.publish carried it, oldest first."""
    views = []
    for call in bot.slack.calls_to("views.publish"):
        if call.params.get("user_id") == user and call.response.get("ok"):
            view = call.params["view"]
            views.append(json.loads(view) if isinstance(view, str) else view)
    return views


def _home(bot: BotUnderTest, user: str) -> str:
    """The person opens their Home: the text of what was published."""
    assert bot.ws.open_home(user).status == 200
    home = bot.ws.home(user)
    assert home is not None, f"no Home published for {user}"
    assert home == {**home, "blocks": _published(bot, user)[-1]["blocks"]}
    return block_text(home["blocks"])


def _new(bot: BotUnderTest, name: str, leaders: tuple[str, str]) -> None:
    _command(bot, "new")
    new = _modal(bot, COACH, CoachView.NEW)
    assert bot.ws.submit_view(COACH, _get(new, "id"), values=_form(leaders=leaders, name=name)).status == 200
    _settle(bot)


def test_a_person_in_nothing_gets_a_friendly_home_that_says_how_to_start(bot: BotUnderTest) -> None:
    said = _home(bot, ADMIN)
    assert "Nothing here for you yet" in said
    assert "`/assess plan`" in said
    assert "`/coach new`" in said
    blocks = _published(bot, ADMIN)[-1]["blocks"]
    assert blocks[1]["elements"][0]["action_id"] == CalendarAction.FEED_SHOW.value  # at the top


@pytest.mark.slow
def test_a_coach_with_several_engagements_sees_each_as_far_as_each_role_may(bot: BotUnderTest) -> None:
    _enlist(bot)
    _new(bot, "Ops & <Sales>", (ANA, BEN))
    _new(bot, "Field team", (PIA, PETE))
    for _ in range(3):
        _command(bot, "next Ops")  # to coaching support: the calls are made
    _settle(bot)
    coach = _home(bot, COACH)
    assert "*Ops &amp; &lt;Sales&gt;* · Coaching support · you: coach" in coach
    assert "*Field team* · Intake · you: coach" in coach
    assert "intake 0 of 4 in" in coach
    assert "calls held 0, skipped 0" in coach
    assert f"Coaching call with <@{ANA}>" in coach
    assert f"Coaching call with <@{BEN}>" in coach
    assert "Three-way call" in coach
    sponsor = _home(bot, SPONSOR)  # in both as sponsor: stage and counts, never a call or an intake
    assert "you: sponsor" in sponsor
    assert "calls held 0, skipped 0" in sponsor
    assert "Coaching call" not in sponsor
    assert "intake" not in sponsor.lower().replace("· intake ·", "")
    pia = _home(bot, PIA)  # a colleague in one, a leader in the other: her intake is owed there
    assert "*Field team* · Intake · you: leader" in pia
    assert CoachAction.OPEN_INTAKE.value in action_ids(_published(bot, PIA)[-1]["blocks"])
    # A moved call reaches the Homes of the people in it, without them opening anything.
    with bot.db.session() as db:
        ben_call = db.exec(
            select(CoachCall)
            .join(CoachSlot)
            .where(CoachSlot.leader_id == BEN)
            .order_by(col(CoachCall.starts_at))
        ).first()
        assert ben_call is not None
        eid, call_id = ben_call.engagement_id, ben_call.id or 0
    seen = len(_published(bot, BEN))
    moved = calls.move_call(
        bot.db,
        engagement_id=eid,
        call_id=call_id,
        user_id=COACH,
        day=date(2026, 12, 2),
        at=time(7, 45),
        now=bot.clock.now(),
    )
    _settle(bot)
    assert len(_published(bot, BEN)) == seen + 1
    assert f"<!date^{int(moved.timestamp())}^" in json.dumps(_published(bot, BEN)[-1])
    assert f"<!date^{int(moved.timestamp())}^" not in json.dumps(_published(bot, ANA))  # not her call
    ana = _home(bot, ANA)
    assert "Your coaching call" in ana
    assert "Three-way call" in ana
    assert f"Coaching call with <@{BEN}>" not in ana  # Ben's call is not hers


@pytest.mark.slow
def test_a_leader_in_both_programmes_does_what_she_owes_from_her_home(bot: BotUnderTest) -> None:
    _enlist(bot)
    _new(bot, "Ops", (ANA, BEN))
    _press(bot, ANA, _with_button(bot, ANA, CoachAction.OPEN_INTAKE), CoachAction.OPEN_INTAKE)
    _open_and_submit(bot, ANA, CoachView.INTAKE, {CoachBlock.Q1: {VALUE: _plain(INTAKE)}})
    _command(bot, "next")
    _command(bot, "feedback")
    item = {
        CoachBlock.TEXT: {VALUE: _plain(FEEDBACK)},
        CoachBlock.LEADER: {VALUE: _select(BEN)},
        CoachBlock.CATEGORY: {VALUE: _select("personal")},
    }
    _open_and_submit(bot, COACH, CoachView.FEEDBACK, item)
    _command(bot, "next")  # alignment: Ana has colleagues to tell
    _command(bot, "commit")
    promise = {CoachBlock.TEXT: {VALUE: _plain(PROMISE)}, CoachBlock.OWNER: {VALUE: _select(BEN)}}
    _open_and_submit(bot, COACH, CoachView.COMMITMENT, promise)
    assert submit_plan(bot).status == 200  # and a peer-assessment series she leads
    _settle(bot)
    ana = _home(bot, ANA)
    assert "Session 1 of the series" in ana
    assert "<#C0TEAM>" in ana
    assert f"*Confirm* a commitment of <@{BEN}>" in ana
    assert f"*Tell* <@{PIA}>" in ana
    assert "*To prepare*" in ana
    assert "*Intake*" not in ana  # answered
    # Confirming on the Home: no conversation to answer in, the Home itself changes at once.
    bot.ws.click_home_button(ANA, CoachAction.CONFIRM_COMMITMENT.value)
    assert "*Confirm*" not in block_text(bot.ws.home(ANA)["blocks"])  # type: ignore[index]
    bot.ws.click_home_button(ANA, SeriesAction.OPEN_PREP.value)
    values = {
        SeriesBlock.EXAMPLE.value: {VALUE: _plain(PREP)},
        SeriesBlock.STATEMENT.value: {VALUE: _plain("What I want to hear")},
    }
    assert bot.ws.submit_view(ANA, modal(bot, ANA, SeriesView.PREP)["id"], values=values).status == 200
    after = block_text(bot.ws.home(ANA)["blocks"])  # type: ignore[index]
    assert "*To prepare*" not in after
    assert "Edit preparation" in after
    _settle(bot)
    assert f"<@{ANA}>" in _home(bot, "U0FAC").split("who is ready")[1]  # Fran facilitates and coaches
    # Nothing anyone typed for others reached any Home: not answers, feedback, commitments or preparation.
    everything = json.dumps([c.params for c in bot.slack.calls_to("views.publish")])
    for secret in (INTAKE, FEEDBACK, PROMISE, PREP, "What I want to hear"):
        assert secret not in everything


@pytest.mark.slow
def test_a_burst_of_changes_publishes_each_home_once(bot: BotUnderTest) -> None:
    _enlist(bot)
    _new(bot, "Ops", (ANA, BEN))
    assert len(_published(bot, ANA)) == 1  # set up: one Home, with everything the burst of DMs says
    before = {u: len(_published(bot, u)) for u in (ANA, BEN, COACH, SPONSOR)}
    _command(bot, "next")
    _command(bot, "next")  # two stage changes before the settle: one publish each
    _settle(bot)
    assert {u: len(_published(bot, u)) - n for u, n in before.items()} == {
        ANA: 1,
        BEN: 1,
        COACH: 1,
        SPONSOR: 1,
    }
    assert "· Alignment ·" in block_text(_published(bot, ANA)[-1]["blocks"])
