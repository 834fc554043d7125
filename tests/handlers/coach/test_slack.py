"""`/coach` end to end: the real Bolt app against the local Slack; assertions on what each person received."""

from __future__ import annotations

from typing import Any

import pytest

from bot.ids import VALUE, CoachAction, CoachBlock, CoachView
from tests.harness import (
    ADMIN,
    ANA,
    BEN,
    CHANNEL,
    CHO,
    FAC,
    PETE,
    PIA,
    BotUnderTest,
    action_ids,
    block_text,
)

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

COACH, SPONSOR = FAC, CHO


def _settle(bot: BotUnderTest) -> None:
    """A few seconds of scheduler ticks: DMs to one person leave about one a second, as Slack allows."""
    bot.advance(6, step=1)


def _answer(delivery: Any) -> str:
    """The command's synchronous answer: plain text, or JSON with a text field."""
    return str(delivery.json["text"]) if delivery.json else str(delivery.body)


def _users(*ids: str) -> dict[str, Any]:
    return {"type": "multi_users_select", "selected_users": list(ids)}


def _form(
    leaders: tuple[str, ...] = (ANA, BEN), name: str = "Ops and Sales"
) -> dict[str, dict[str, dict[str, Any]]]:
    fields: dict[str, dict[str, Any]] = {
        CoachBlock.NAME: {"type": "plain_text_input", "value": name},
        CoachBlock.LEADERS: _users(*leaders),
        CoachBlock.SPONSORS: _users(SPONSOR),
        CoachBlock.COACH: {"type": "users_select", "selected_user": COACH},
        CoachBlock.COLLEAGUES: _users(PIA, PETE),
        CoachBlock.START: {"type": "datepicker", "selected_date": "2026-11-23"},
    }
    for i, (day, at) in enumerate((("0", "09:00"), ("1", "10:00"), ("3", "15:00")), start=1):
        fields[f"coach_slot{i}_day"] = {"type": "static_select", "selected_option": {"value": day}}
        fields[f"coach_slot{i}_time"] = {"type": "timepicker", "selected_time": at}
    return {block: {VALUE: field} for block, field in fields.items()}


def _command(bot: BotUnderTest, text: str, user: str = COACH) -> Any:
    return bot.ws.slash_command(user, CHANNEL, command="/coach", text=text)


def _modal(bot: BotUnderTest, user: str, callback: CoachView) -> Any:
    views = [v for v in bot.ws.views(user) if _get(v, "callback_id") == callback.value]
    assert views, f"no {callback} modal open for {user}"
    return views[-1]


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key)


def _dms(bot: BotUnderTest, user: str) -> list[Any]:
    return list(bot.ws.dm_with(user))


def _dm_text(bot: BotUnderTest, user: str) -> str:
    return "\n".join(block_text(m.blocks) or m.text for m in _dms(bot, user))


def _with_button(bot: BotUnderTest, user: str, action: CoachAction) -> Any:
    found = [m for m in _dms(bot, user) if action.value in action_ids(m.blocks)]
    assert found, f"{user} has no message with {action}"
    return found[-1]


def _value(message: Any, action: CoachAction) -> str:
    for block in message.blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action.value:
                return str(element["value"])
    raise AssertionError(action)


def _press(
    bot: BotUnderTest, user: str, message: Any, action: CoachAction, *, as_user: str | None = None
) -> Any:
    return bot.ws.click_button(
        as_user or user, message.channel, message.ts, action.value, value=_value(message, action)
    )


def _enlist(bot: BotUnderTest, user: str = COACH) -> None:
    """A workspace admin puts the person on the list of coaches, as `/coach coaches add @name`."""
    answer = _answer(bot.ws.slash_command(ADMIN, CHANNEL, command="/coach", text=f"coaches add <@{user}>"))
    assert "may now create coaching engagements" in answer or "already on the list" in answer


def _start(bot: BotUnderTest) -> None:
    _enlist(bot)
    _command(bot, "new")
    modal = _modal(bot, COACH, CoachView.NEW)
    bad = bot.ws.submit_view(COACH, _get(modal, "id"), values=_form(leaders=(ANA,)))
    assert bad.json is not None
    assert bad.json["response_action"] == "errors"
    assert CoachBlock.LEADERS.value in bad.json["errors"]
    good = bot.ws.submit_view(COACH, _get(modal, "id"), values=_form())
    assert good.status == 200
    _settle(bot)


def test_help_and_status_before_any_engagement(bot: BotUnderTest) -> None:
    assert "/coach new" in _answer(_command(bot, "help"))
    assert "not part of a coaching engagement" in _answer(_command(bot, "status", user=ANA))


def test_a_coach_in_two_engagements_names_the_one_meant(bot: BotUnderTest) -> None:
    _start(bot)
    _command(bot, "new")
    modal = _modal(bot, COACH, CoachView.NEW)
    assert (
        bot.ws.submit_view(
            COACH, _get(modal, "id"), values=_form(leaders=(PIA, PETE), name="Field team")
        ).status
        == 200
    )
    _settle(bot)
    listed = _answer(_command(bot, "list"))
    assert "*Field team*" in listed
    assert "*Ops and Sales*" in listed
    assert "you are its coach" in listed
    unnamed = _answer(_command(bot, "status"))
    assert "You take part in 2 open engagements" in unnamed
    assert "`/coach status Field team`" in unnamed
    assert _answer(_command(bot, "status ops and sales")).startswith("*Ops and Sales*")
    assert _answer(_command(bot, "status field")).startswith("*Field team*")
    assert "None of your engagements is called “Finance”" in _answer(_command(bot, "next Finance"))
    # Ana is only in the first: her commands need no name, and she cannot reach the other.
    assert _answer(_command(bot, "status", user=ANA)).startswith("*Ops and Sales*")
    assert "None of your engagements" in _answer(_command(bot, "status Field team", user=ANA))
    assert "Feedback session" in _answer(_command(bot, "next Field team"))
    assert "stage *Intake*" in _answer(_command(bot, "status Ops and Sales"))


def test_new_engagement_to_intake_with_visibility(bot: BotUnderTest) -> None:
    _start(bot)
    for person in (ANA, BEN, PIA, PETE):
        assert CoachAction.OPEN_INTAKE.value in action_ids(_dms(bot, person)[-1].blocks)
    assert "*sponsor*" in _dm_text(bot, SPONSOR)
    welcome = _with_button(bot, ANA, CoachAction.OPEN_INTAKE)
    _press(bot, ANA, welcome, CoachAction.OPEN_INTAKE)
    intake = _modal(bot, ANA, CoachView.INTAKE)
    answer = {CoachBlock.Q2.value: {VALUE: {"type": "plain_text_input", "value": "Years of silent rivalry"}}}
    assert bot.ws.submit_view(ANA, _get(intake, "id"), values=answer).status == 200
    _settle(bot)
    assert "Years of silent rivalry" in _dm_text(bot, COACH)
    for person in (BEN, PIA, PETE, SPONSOR):
        assert "Years of silent rivalry" not in _dm_text(bot, person)
    sponsor_status = _answer(_command(bot, "status", user=SPONSOR))
    assert "1 of 4 answered" in sponsor_status
    assert "silent rivalry" not in sponsor_status
    refused = _answer(_command(bot, "next", user=SPONSOR))
    assert "Only the engagement's coach" in refused
    assert "Feedback session" in _answer(_command(bot, "next"))
    _settle(bot)
    assert "Feedback session" in _dm_text(bot, PIA)


def _open_and_submit(bot: BotUnderTest, user: str, callback: CoachView, values: dict[Any, Any]) -> Any:
    modal = _modal(bot, user, callback)
    delivery = bot.ws.submit_view(user, _get(modal, "id"), values={str(k): v for k, v in values.items()})
    assert delivery.status == 200
    assert not (delivery.json or {}).get("errors"), delivery.json
    _settle(bot)
    return delivery


def _select(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def _plain(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _last_ephemeral(bot: BotUnderTest, user: str) -> str:
    found = bot.ws.ephemerals(user_id=user)
    assert found, f"no ephemeral for {user}"
    return str(found[-1].text or block_text(found[-1].blocks))


def test_a_whole_engagement_what_each_person_receives(bot: BotUnderTest) -> None:
    _start(bot)
    _press(bot, PIA, _with_button(bot, PIA, CoachAction.OPEN_INTAKE), CoachAction.OPEN_INTAKE)
    _open_and_submit(bot, PIA, CoachView.INTAKE, {CoachBlock.Q1: {VALUE: _plain("Meetings end in silence")}})
    _command(bot, "next")
    # Feedback session: items go to the leader they are about; the coach sees where they agree.
    _command(bot, "feedback")
    item = {
        CoachBlock.TEXT: {VALUE: _plain("Talks over colleagues")},
        CoachBlock.LEADER: {VALUE: _select(ANA)},
        CoachBlock.CATEGORY: {VALUE: _select("personal")},
    }
    _open_and_submit(bot, COACH, CoachView.FEEDBACK, item)
    assert "Talks over colleagues" in _dm_text(bot, ANA)
    for person in (BEN, PIA, PETE, SPONSOR):
        assert "Talks over colleagues" not in _dm_text(bot, person)
    review = _with_button(bot, ANA, CoachAction.REVIEW_AGREE)
    _press(bot, ANA, review, CoachAction.REVIEW_AGREE, as_user=BEN)  # a stale button in the wrong hands
    assert "Only the leader this item is about" in _last_ephemeral(bot, BEN)
    pressed = _press(bot, ANA, review, CoachAction.REVIEW_AGREE)
    assert pressed.status == 200, pressed.body
    assert "Marked *agree*" in _last_ephemeral(bot, ANA)
    _settle(bot)
    assert "marked a personal item *agree*" in _dm_text(bot, COACH)
    _command(bot, "next")
    # Alignment: commitments go to both leaders, never to colleagues or the sponsor.
    _command(bot, "commit")
    commitment = {
        CoachBlock.TEXT: {VALUE: _plain("Ask before deciding for the team")},
        CoachBlock.OWNER: {VALUE: _select(ANA)},
    }
    _open_and_submit(bot, COACH, CoachView.COMMITMENT, commitment)
    for person in (ANA, BEN):
        assert "Ask before deciding" in _dm_text(bot, person)
    for person in (PIA, PETE, SPONSOR):
        assert "Ask before deciding" not in _dm_text(bot, person)
    _press(bot, BEN, _with_button(bot, BEN, CoachAction.CONFIRM_COMMITMENT), CoachAction.CONFIRM_COMMITMENT)
    _command(bot, "next")
    _settle(bot)
    # Coaching support: Ben's call is Tuesday 10:00 in the coach's zone (New York) = 15:00 UTC.
    bot.advance(7 * 3600, step=900)
    nudge = _with_button(bot, BEN, CoachAction.SKIP_CALL)
    assert "<!date^1795532400^" in str(nudge.blocks)  # Tue 24 Nov 2026 15:00 UTC, shown in Ben's own zone
    assert f"Coaching call with <@{BEN}>" in block_text(nudge.blocks)
    assert "Ask before deciding" not in block_text(nudge.blocks)  # Ana's commitment, not Ben's
    bot.advance(26 * 3600, step=1800)
    prompt = _with_button(bot, BEN, CoachAction.OPEN_CHECKIN)
    _press(bot, BEN, prompt, CoachAction.OPEN_CHECKIN)
    answers = {
        CoachBlock.SCORE: {VALUE: _select("4")},
        CoachBlock.WENT_WELL: {VALUE: _plain("Calm 1:1")},
        CoachBlock.GOT_IN_WAY: {VALUE: _plain("Deadline pressure")},
    }
    _open_and_submit(bot, BEN, CoachView.CHECKIN, answers)
    assert "Calm 1:1" in _dm_text(bot, COACH)
    # The first cycle ends on day 14: the sponsor's summary has counts and scores, never words.
    bot.advance(13 * 86400, step=3 * 3600)
    summaries = [
        block_text(m.blocks) for m in _dms(bot, SPONSOR) if "Sponsor summary" in block_text(m.blocks)
    ]
    assert any("progress scores 4" in text for text in summaries)
    everything = "\n".join(summaries)
    for secret in ("Calm 1:1", "Meetings end in silence", "Talks over colleagues", "Ask before deciding"):
        assert secret not in everything
    assert "Calm 1:1" not in _dm_text(bot, ANA) + _dm_text(bot, PIA)


def _to_support(bot: BotUnderTest) -> None:
    _start(bot)
    for _ in range(3):
        _command(bot, "next")
    _settle(bot)


def test_moving_and_skipping_from_the_nudge(bot: BotUnderTest) -> None:
    _to_support(bot)
    bot.advance(7 * 3600, step=900)  # Ben's 24 h nudge (call on Tuesday 15:00 UTC)
    nudge = _with_button(bot, BEN, CoachAction.MOVE_CALL)
    _press(bot, BEN, nudge, CoachAction.SKIP_CALL, as_user=PIA)
    assert "Only the engagement's coach or leader" in _last_ephemeral(bot, PIA)
    _press(bot, BEN, nudge, CoachAction.MOVE_CALL)
    move = {
        CoachBlock.DAY: {VALUE: {"type": "datepicker", "selected_date": "2026-11-25"}},
        CoachBlock.TIME: {VALUE: {"type": "timepicker", "selected_time": "11:30"}},
    }
    _open_and_submit(bot, BEN, CoachView.MOVE, move)
    moved_to = "<!date^1795624200^"  # Wed 25 Nov 2026 11:30 in New York = 16:30 UTC
    assert moved_to in "\n".join(str(m.blocks) for m in _dms(bot, COACH))
    bot.advance(25 * 3600, step=1800)  # past the old time, up to the new 24 h nudge
    nudges = [m for m in _dms(bot, BEN) if "Coaching call" in (m.text or "")]
    assert moved_to in str(nudges[-1].blocks)
    _press(bot, BEN, nudges[-1], CoachAction.SKIP_CALL)
    assert "Skipped the coaching call" in _last_ephemeral(bot, BEN)
    before = len(_dms(bot, BEN))
    bot.advance(2 * 86400, step=3600)
    later = [m.text or "" for m in _dms(bot, BEN)[before:]]
    assert not any(t.startswith("Coaching call") for t in later)  # no 1 h nudge
    assert not any("after the coaching call" in t for t in later)  # no check-in prompt
    assert any(t.startswith("Three-way call") for t in later)  # the other calls go on


def test_closing_exporting_and_erasing(bot: BotUnderTest) -> None:
    _to_support(bot)
    assert "Only the engagement's coach" in _answer(_command(bot, "export", user=ANA))
    _command(bot, "next")
    _settle(bot)
    for person in (SPONSOR, COACH):
        assert "Final summary" in _dm_text(bot, person)
    assert "Sending" in _answer(_command(bot, "export"))
    assert any("Ops and Sales" in (f.content or b"").decode() for f in bot.ws.files.values())
    assert "erased" in _answer(_command(bot, "erase"))
    assert "not part of a coaching engagement" in _answer(_command(bot, "status"))
