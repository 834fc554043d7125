"""Who may coach and closed means closed, through the real Bolt app and the local Slack: a person with no role
cannot make himself a coach, and an engagement's old buttons and forms change nothing once it is closed."""

from __future__ import annotations

from sqlmodel import col, func, select

from bot.ids import VALUE, CoachAction, CoachBlock, CoachView
from storage.coach import CoachDue, CoachEngagement
from tests.handlers.coach.test_slack import (
    COACH,
    _answer,
    _command,
    _dm_text,
    _dms,
    _enlist,
    _form,
    _get,
    _last_ephemeral,
    _modal,
    _plain,
    _press,
    _settle,
    _start,
    _to_support,
    _with_button,
)
from tests.harness import ADMIN, ANA, BEN, CHANNEL, PETE, PIA, BotUnderTest


def _coaches(bot: BotUnderTest, text: str, user: str) -> str:
    return _answer(bot.ws.slash_command(user, CHANNEL, command="/coach", text=f"coaches {text}".strip()))


def _engagements(bot: BotUnderTest) -> int:
    with bot.db.read() as s:
        return int(s.exec(select(func.count()).select_from(CoachEngagement)).one())


def test_nobody_may_coach_until_an_admin_lists_them(bot: BotUnderTest) -> None:
    assert "Nobody in this workspace may coach yet" in _coaches(bot, "", PETE)
    refused = _answer(_command(bot, "new", user=PETE))
    assert "Nobody in this workspace may coach yet" in refused
    assert bot.ws.modal_stack(PETE) == []  # no form to fill in
    assert "Only a workspace admin or owner" in _coaches(bot, f"add <@{PETE}>", PETE)
    assert "may now create" in _coaches(bot, f"add <@{COACH}>", ADMIN)
    assert "not an active person" in _coaches(bot, "add <@U0NOBODY>", ADMIN)
    assert "not an active person" in _coaches(bot, "add <@U0OTHERBOT>", ADMIN)
    assert "Only a workspace admin or owner" in _coaches(bot, f"add <@{PETE}>", PETE)
    assert f"<@{COACH}>" in _coaches(bot, "", PETE)  # anyone may read the list
    # A listed coach may add others; an admin may remove them; an empty list says so.
    assert "may now create" in _coaches(bot, f"add <@{PIA}>", COACH)
    assert "no longer" in _coaches(bot, f"remove <@{PIA}>", ADMIN)
    assert "nobody may coach" in _coaches(bot, f"remove <@{COACH}>", ADMIN)


def test_a_person_with_no_role_cannot_name_himself_coach(bot: BotUnderTest) -> None:
    _enlist(bot, COACH)
    assert "only the workspace's coaches may" in _answer(_command(bot, "new", user=PETE))
    # A modal he opened while he was listed: the submission is checked again, and refused.
    _enlist(bot, PETE)
    _command(bot, "new", user=PETE)
    assert "no longer" in _coaches(bot, f"remove <@{PETE}>", ADMIN)
    values = _form()
    values[CoachBlock.COACH] = {VALUE: {"type": "users_select", "selected_user": PETE}}
    answer = bot.ws.submit_view(PETE, _get(_modal(bot, PETE, CoachView.NEW), "id"), values=values).json
    assert answer is not None
    assert "only the workspace's coaches may" in str(answer["errors"])
    # ... and naming a listed coach does not make him one either: he is the creator, and is not listed.
    values[CoachBlock.COACH] = {VALUE: {"type": "users_select", "selected_user": COACH}}
    answer = bot.ws.submit_view(PETE, _get(_modal(bot, PETE, CoachView.NEW), "id"), values=values).json
    assert answer is not None
    assert answer["response_action"] == "errors"
    _settle(bot)
    assert _engagements(bot) == 0
    assert _dms(bot, ANA) == []
    assert _dms(bot, BEN) == []
    assert _dms(bot, PETE) == []


def _pending_due(bot: BotUnderTest) -> int:
    with bot.db.read() as s:
        return int(
            s.exec(select(func.count()).select_from(CoachDue).where(col(CoachDue.status) == "pending")).one()
        )


def test_after_closing_old_buttons_and_forms_are_refused(bot: BotUnderTest) -> None:
    _to_support(bot)
    bot.advance(7 * 3600, step=900)  # Ben's 24 h nudge, with Move and Skip
    nudge = _with_button(bot, BEN, CoachAction.MOVE_CALL)
    intake = _with_button(bot, ANA, CoachAction.OPEN_INTAKE)
    _press(bot, ANA, intake, CoachAction.OPEN_INTAKE)  # Ana opens her intake form and leaves it open
    assert "*Closed*" in _answer(_command(bot, "next"))
    _settle(bot)
    assert _pending_due(bot) == 0
    coach_before = len(_dms(bot, COACH))
    _press(bot, BEN, nudge, CoachAction.MOVE_CALL)
    assert "This engagement is closed" in _last_ephemeral(bot, BEN)
    _press(bot, BEN, nudge, CoachAction.SKIP_CALL)
    assert "This engagement is closed" in _last_ephemeral(bot, BEN)
    answer = {CoachBlock.Q1.value: {VALUE: _plain("A late answer after closing")}}
    late = bot.ws.submit_view(ANA, _get(_modal(bot, ANA, CoachView.INTAKE), "id"), values=answer).json
    assert late is not None
    assert "This engagement is closed" in str(late["errors"])
    _press(bot, ANA, intake, CoachAction.OPEN_INTAKE)
    assert "This engagement is closed" in _last_ephemeral(bot, ANA)
    bot.advance(3 * 86400, step=3600)
    assert _pending_due(bot) == 0  # nothing new was scheduled
    assert len(_dms(bot, COACH)) == coach_before  # and the coach got nothing
    assert "A late answer" not in _dm_text(bot, COACH)


def test_the_coach_may_still_read_status_after_closing(bot: BotUnderTest) -> None:
    _start(bot)
    for _ in range(4):
        _command(bot, "next")
    assert "stage *Closed*" in _answer(_command(bot, "status"))
