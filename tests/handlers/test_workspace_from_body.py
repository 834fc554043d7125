"""The workspace a modal submission acts in comes from Slack's signed body, never from the view's
private_metadata: a view carrying another team's id still saves under the team that submitted it."""

from __future__ import annotations

from sqlmodel import select

from bot.ids import CoachView, SeriesView
from storage.coach import CoachEngagement
from storage.series import AssessSeries
from tests.bot.series.helpers import modal, plan_values
from tests.handlers.coach.test_slack import COACH, _command, _enlist, _form, _modal
from tests.harness import FAC, TEAM, BotUnderTest

ELSEWHERE = "T0ELSEWHERE"


def _tamper(bot: BotUnderTest, view_id: str) -> None:
    with bot.slack.lock:
        bot.ws.view_store[view_id]["private_metadata"] = ELSEWHERE


def test_a_new_engagement_belongs_to_the_submitting_workspace(bot: BotUnderTest) -> None:
    _enlist(bot)
    _command(bot, "new")
    view_id = _modal(bot, COACH, CoachView.NEW)["id"]
    _tamper(bot, view_id)
    assert bot.ws.submit_view(COACH, view_id, values=_form()).status == 200
    with bot.db.read() as s:
        assert [e.team_id for e in s.exec(select(CoachEngagement)).all()] == [TEAM]


def test_a_planned_series_belongs_to_the_submitting_workspace(bot: BotUnderTest) -> None:
    bot.command("plan", user=FAC)
    view_id = modal(bot, FAC, SeriesView.PLAN)["id"]
    _tamper(bot, view_id)
    assert bot.ws.submit_view(FAC, view_id, values=plan_values()).status == 200
    with bot.db.read() as s:
        assert [series.team_id for series in s.exec(select(AssessSeries)).all()] == [TEAM]
