"""The `/coach` listeners through the real Bolt app and the local Slack: acks, modals, field errors on the
field, and refusals of commands and buttons from the wrong person, as each person sees them in Slack."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from bot.ids import VALUE, CoachAction, CoachBlock, CoachView
from handlers.kit import shown_errors
from storage.coach import CoachEngagement
from tests.handlers.coach.test_slack import (
    COACH,
    SPONSOR,
    _answer,
    _command,
    _dms,
    _enlist,
    _form,
    _get,
    _last_ephemeral,
    _modal,
    _open_and_submit,
    _plain,
    _press,
    _select,
    _settle,
    _start,
    _with_button,
)
from tests.harness import ANA, BEN, PETE, PIA, TEAM, BotUnderTest, action_ids, block_text

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`


def _submit_new(bot: BotUnderTest, user: str, values: dict[str, dict[str, dict[str, Any]]]) -> Any:
    return bot.ws.submit_view(user, _get(_modal(bot, user, CoachView.NEW), "id"), values=values)


def _errors(bot: BotUnderTest, user: str, values: dict[str, dict[str, dict[str, Any]]]) -> dict[str, str]:
    answer = _submit_new(bot, user, values).json
    assert answer is not None
    assert answer["response_action"] == "errors"
    return dict(answer["errors"])


def _errors_after_checks(
    bot: BotUnderTest, user: str, values: dict[str, dict[str, dict[str, Any]]]
) -> dict[str, str]:
    """People are looked up after the ack (a working view first): the errors come back on the form."""
    modal = _modal(bot, user, CoachView.NEW)
    answer = _submit_new(bot, user, values).json
    assert answer is not None
    assert answer["response_action"] == "update"
    (now,) = bot.ws.modal_stack(user)
    assert now["id"] == modal["id"]
    assert now["callback_id"] == CoachView.NEW.value  # the form again, to correct and submit
    return shown_errors(now)


def test_new_opens_the_modal_and_field_errors_come_back_on_the_field(bot: BotUnderTest) -> None:
    _enlist(bot, COACH)
    _enlist(bot, PETE)  # a coach too, but he may not name himself coach of a form he is not in
    assert _command(bot, "new").status == 200
    # views.open took the command's trigger: the modal is open for the person who typed it.
    (opened,) = bot.ws.modal_stack(COACH)
    assert (_get(opened, "callback_id"), _get(opened, "private_metadata")) == (CoachView.NEW.value, TEAM)
    assert list(_errors(bot, COACH, _form(leaders=(ANA,)))) == [CoachBlock.LEADERS.value]
    with_bot = _errors_after_checks(bot, COACH, _form(leaders=(ANA, "U0OTHERBOT")))
    assert with_bot == {CoachBlock.LEADERS.value: "<@U0OTHERBOT> is a bot: choose people."}
    gone = _errors_after_checks(bot, COACH, _form(leaders=(ANA, "U0GONE")))
    assert gone == {CoachBlock.LEADERS.value: "<@U0GONE> has been deactivated."}
    assert len(bot.ws.modal_stack(COACH)) == 1  # errors leave the modal open for a correction
    _command(bot, "new", user=PETE)  # neither the coach nor a sponsor of the form he submits
    assert CoachBlock.COACH.value in _errors(bot, PETE, _form())
    assert _submit_new(bot, COACH, _form()).status == 200
    (done,) = bot.ws.modal_stack(COACH)  # the working view says it is done; the person closes it
    assert "The engagement is set up" in block_text(done["blocks"])
    assert shown_errors(done) == {}
    _settle(bot)
    assert CoachAction.OPEN_INTAKE.value in action_ids(_dms(bot, ANA)[-1].blocks)
    with bot.db.session() as s:
        (engagement,) = s.exec(select(CoachEngagement)).all()
    assert engagement.zone == "America/New_York"  # the creator's zone, from users.info
    assert "Intake" in _answer(_command(bot, "status"))


def test_a_button_pressed_by_someone_else_is_refused_privately(bot: BotUnderTest) -> None:
    _start(bot)
    _command(bot, "next")
    _command(bot, "feedback")
    item = {
        CoachBlock.TEXT: {VALUE: _plain("Interrupts")},
        CoachBlock.LEADER: {VALUE: _select(ANA)},
        CoachBlock.CATEGORY: {VALUE: _select("personal")},
    }
    _open_and_submit(bot, COACH, CoachView.FEEDBACK, item)
    review = _with_button(bot, ANA, CoachAction.REVIEW_AGREE)
    _press(bot, ANA, review, CoachAction.REVIEW_AGREE, as_user=BEN)
    _press(bot, ANA, review, CoachAction.REVIEW_AGREE, as_user=PIA)
    assert "Only the leader this item is about" in _last_ephemeral(bot, BEN)
    assert "Only the engagement's leader" in _last_ephemeral(bot, PIA)
    # Refusals are ephemerals from the response_url, seen by the presser alone; no message was changed.
    refusals = bot.ws.ephemerals(user_id=BEN) + bot.ws.ephemerals(user_id=PIA)
    assert [e.source for e in refusals] == ["response_url", "response_url"]
    assert bot.ws.ephemerals(user_id=ANA) == []
    assert bot.message(review.ts, review.channel).edits == []
    _press(bot, ANA, review, CoachAction.REVIEW_AGREE)
    assert "Marked *agree*" in _last_ephemeral(bot, ANA)


def test_only_the_coach_runs_coach_commands(bot: BotUnderTest) -> None:
    _start(bot)
    opened = len(bot.slack.calls_to("views.open"))
    for word in ("next", "feedback", "commit", "export", "erase"):
        assert "Only the engagement's coach" in _answer(_command(bot, word, user=SPONSOR)), word
        assert "Only the engagement's coach" in _last_ephemeral(bot, SPONSOR), word
    assert len(bot.slack.calls_to("views.open")) == opened
    assert bot.ws.files == {}  # the sponsor's export sent nothing
    assert "stage *Intake*" in _answer(_command(bot, "status"))  # neither moved on nor erased
    _command(bot, "feedback")
    assert len(bot.slack.calls_to("views.open")) == opened + 1
    assert _modal(bot, COACH, CoachView.FEEDBACK)


def test_intake_modal_opens_only_for_leaders_and_colleagues(bot: BotUnderTest) -> None:
    _start(bot)
    _press(
        bot, PIA, _with_button(bot, PIA, CoachAction.OPEN_INTAKE), CoachAction.OPEN_INTAKE, as_user=SPONSOR
    )
    assert bot.ws.views(SPONSOR) == []
    assert "answer the intake" in _last_ephemeral(bot, SPONSOR)
    _press(bot, PIA, _with_button(bot, PIA, CoachAction.OPEN_INTAKE), CoachAction.OPEN_INTAKE)
    assert "What you observed" in block_text(_modal(bot, PIA, CoachView.INTAKE)["blocks"])


def test_export_is_a_file_in_the_coach_dm(bot: BotUnderTest) -> None:
    _start(bot)
    _press(bot, ANA, _with_button(bot, ANA, CoachAction.OPEN_INTAKE), CoachAction.OPEN_INTAKE)
    _open_and_submit(bot, ANA, CoachView.INTAKE, {CoachBlock.Q1: {VALUE: _plain("My story")}})
    assert "Sending" in _answer(_command(bot, "export"))
    (exported,) = bot.ws.files.values()
    assert exported.channels == [bot.ws.dm_channel_id(COACH)]
    assert "My story" in (exported.content or b"").decode()
    shared = [m for m in _dms(bot, COACH) if m.subtype == "file_share"]
    assert [f["id"] for m in shared for f in m.files or []] == [exported.id]
