"""What people type that used to answer 500: digits of other scripts, dates past the calendar, 70 leaders,
answers longer than the message that shows them. Each is answered in words, or on the field."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlmodel import select

from bot.ids import AssessBlock, CoachBlock, CoachView
from handlers.kit import shown_errors
from storage.assess import AssessSession, CapturedReply
from storage.coach import CoachCommitment, CoachFeedbackItem
from storage.series import SeriesSession
from tests.bot.series.helpers import answer, submit_plan
from tests.harness import ANA, FAC, PIA, BotUnderTest, block_text
from tests.property.stage import COACH, Openers, engagement, field, plain, select_

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`


@pytest.fixture
def failures(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="handlers.errors")
    return caplog


def no_failure_logged(caplog: pytest.LogCaptureFixture) -> bool:
    return not [r for r in caplog.records if "request failed" in r.getMessage()]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (f"<@{ANA}> min_group=²", "`min_group=` is a number of leaders from 3 to 50"),
        (f"<@{ANA}> min_group=٤", "`min_group=` is a number of leaders from 3 to 50"),  # Arabic-Indic 4
        (f"<@{ANA}> min_group={'9' * 5000}", "`min_group=` is a number"),  # int() refuses 4,300+ digits
        (f"<@{ANA}> timing=٣,2,3,2,1", "`٣` is not a length"),
        ("plan cancel ²", "Name the session to cancel by its number"),
        ("plan cancel 9999999999999", "Name the session to cancel by its number"),
        ("plan move ² 2026-12-21 15:00", "Move a session like this"),
    ],
)
def test_digits_of_other_scripts_are_answered_not_a_500(
    bot: BotUnderTest, failures: pytest.LogCaptureFixture, text: str, says: str
) -> None:
    delivery = bot.command(text)
    assert delivery.status == 200
    assert says in answer(delivery)
    assert no_failure_logged(failures)


@pytest.mark.parametrize(
    ("when", "says"),
    [
        ("9999-12-31 23:59", "`9999-12-31` is too far ahead: a session moves to a date in the next 5 years"),
        ("0000-01-01 10:00", "`0000-01-01` is not a day in the calendar"),
        ("2027-02-30 10:00", "`2027-02-30` is not a day in the calendar"),
        ("2026-12-21 25:00", "`25:00` is not a time of day"),
        ("0001-01-01 00:00", "`0001-01-01` is in the past"),  # east of UTC that instant is before year 1
    ],
)
def test_moving_a_session_outside_the_calendar_is_answered_and_changes_nothing(
    bot: BotUnderTest, failures: pytest.LogCaptureFixture, when: str, says: str
) -> None:
    assert submit_plan(bot).status == 200
    with bot.db.session() as s:
        before = [(x.number, x.scheduled_at, x.status) for x in s.exec(select(SeriesSession)).all()]
    delivery = bot.command(f"plan move 1 {when}")
    assert delivery.status == 200
    assert says in answer(delivery)
    with bot.db.session() as s:
        assert [(x.number, x.scheduled_at, x.status) for x in s.exec(select(SeriesSession)).all()] == before
    assert no_failure_logged(failures)


def test_seventy_leaders_are_refused_before_anyone_is_looked_up(
    bot: BotUnderTest, failures: pytest.LogCaptureFixture
) -> None:
    leaders = [f"U0L{n:04d}" for n in range(70)]
    for user in leaders:
        bot.ws.add_user(user, user.lower())
    delivery = bot.command(" ".join(f"<@{u}>" for u in leaders))
    assert delivery.status == 200
    assert "A session takes at most 20 leaders (you named 70)" in answer(delivery)
    assert bot.slack.calls_to("users.info") == []  # the workspace's Tier 4 budget is untouched
    with bot.db.session() as s:
        assert s.exec(select(AssessSession)).all() == []
    assert no_failure_logged(failures)


def test_twenty_leaders_still_start(bot: BotUnderTest) -> None:
    leaders = [f"U0L{n:04d}" for n in range(20)]
    for user in leaders:
        bot.ws.add_user(user, user.lower())
    bot.ws.add_channel("C0BIG", "big", members=[FAC, *leaders])
    assert bot.command(" ".join(f"<@{u}>" for u in leaders), channel="C0BIG").status == 200
    assert "Round 1 of 20" in block_text(bot.card(channel="C0BIG").blocks)


def test_eleven_sponsors_are_refused_before_anyone_is_looked_up(bot: BotUnderTest) -> None:
    sponsors = " ".join(f"sponsor=<@U0S{n:04d}>" for n in range(11))
    delivery = bot.command(f"<@{ANA}> {sponsors}")
    assert "at most 10 sponsors" in answer(delivery)
    assert bot.slack.calls_to("users.info") == []


def submit(bot: BotUnderTest, user: str, modal: dict[str, Any], values: dict[str, Any]) -> Any:
    delivery = bot.ws.submit_view(user, modal["id"], values=values)
    assert delivery.status == 200
    return delivery


def field_errors(delivery: Any) -> dict[str, str]:
    body = delivery.json or {}
    assert body.get("response_action") == "errors", body
    return dict(body["errors"])


def checked_after_ack(bot: BotUnderTest, user: str, modal: dict[str, Any], delivery: Any) -> dict[str, Any]:
    """A form whose checks ask Slack is acknowledged at once with a working view; what the person sees
    once the checks ran (the form again with its errors, or that it is done) is the view as it is now."""
    body = delivery.json or {}
    assert body.get("response_action") == "update", body
    return next(v for v in bot.ws.views(user) if v["id"] == modal["id"])


def test_a_2970_character_feedback_item_gets_an_error_on_its_field(
    bot: BotUnderTest, failures: pytest.LogCaptureFixture
) -> None:
    openers = Openers(bot)
    openers.eid = engagement(bot, "feedback")
    modal = openers.coach_text("feedback")
    assert modal["blocks"][0]["element"]["max_length"] == 2000
    choices = {**field(CoachBlock.LEADER, select_(ANA)), **field(CoachBlock.CATEGORY, select_("personal"))}
    long = submit(bot, COACH, modal, {**field(CoachBlock.TEXT, plain("x" * 2970)), **choices})
    assert field_errors(long) == {CoachBlock.TEXT.value: "At most 2,000 characters, please: this has 2,970."}
    escaped = submit(bot, COACH, modal, {**field(CoachBlock.TEXT, plain("&<>" * 600)), **choices})
    assert "spells out each &, < and >" in field_errors(escaped)[CoachBlock.TEXT.value]
    with bot.db.session() as s:
        assert s.exec(select(CoachFeedbackItem)).all() == []
    # The longest item the form takes reaches the leader whole.
    item = "Talks over colleagues. " * 86 + "x" * 22  # 2,000 characters
    saved = submit(bot, COACH, modal, {**field(CoachBlock.TEXT, plain(item)), **choices})
    assert not saved.json
    bot.advance(6)
    assert item.strip() in "\n".join(block_text(m.blocks) for m in bot.ws.dm_with(ANA))
    assert no_failure_logged(failures)


def test_a_2990_character_commitment_gets_an_error_on_its_field(
    bot: BotUnderTest, failures: pytest.LogCaptureFixture
) -> None:
    openers = Openers(bot)
    openers.eid = engagement(bot, "alignment")
    modal = openers.coach_text("commit")
    owner = field(CoachBlock.OWNER, select_(ANA))
    delivery = submit(bot, COACH, modal, {**field(CoachBlock.TEXT, plain("y" * 2990)), **owner})
    assert field_errors(delivery) == {
        CoachBlock.TEXT.value: "At most 1,000 characters, please: this has 2,990."
    }
    far = {**field(CoachBlock.TEXT, plain("Weekly sync")), **owner}
    far[CoachBlock.DUE.value] = {"value": {"type": "datepicker", "selected_date": "9999-12-31"}}
    assert "too far ahead" in field_errors(submit(bot, COACH, modal, far))[CoachBlock.DUE.value]
    forged = {**far, CoachBlock.DUE.value: {"value": {"type": "datepicker", "selected_date": "31/12"}}}
    assert CoachBlock.DUE.value in field_errors(submit(bot, COACH, modal, forged))
    with bot.db.session() as s:
        assert s.exec(select(CoachCommitment)).all() == []
    assert no_failure_logged(failures)


def test_anonymous_feedback_of_600_short_lines_gets_an_error_on_its_field(
    bot: BotUnderTest, failures: pytest.LogCaptureFixture
) -> None:

    openers = Openers(bot)
    modal = openers.anonymous()
    lines = "\n".join(["ok"] * 600)
    text_field = {AssessBlock.FEEDBACK_TEXT.value: {"value": plain(lines)}}
    errors = field_errors(submit(bot, PIA, modal, text_field))
    assert errors == {AssessBlock.FEEDBACK_TEXT.value: "At most 40 lines, please: this has 600."}
    with bot.db.session() as s:
        assert s.exec(select(CapturedReply)).all() == []
    assert no_failure_logged(failures)


def test_every_text_input_is_no_longer_than_a_message_can_show(bot: BotUnderTest) -> None:
    openers = Openers(bot)
    openers.eid = engagement(bot)
    views = [
        openers.coach_new(),
        openers.coach_text("feedback"),
        openers.coach_text("commit"),
        openers.intake(),
        openers.checkin(),
        openers.plan(),
        openers.prep(),
        openers.anonymous(),
    ]
    lengths: dict[str, int] = {}
    for view in views:
        for block in view["blocks"]:
            element = block.get("element") or {}
            if element.get("type") == "plain_text_input":
                lengths[block["block_id"]] = element.get("max_length", 0)
    assert len(lengths) > 15
    assert all(0 < n <= 2000 for n in lengths.values()), lengths
    assert lengths[CoachBlock.NAME.value] == 80
    assert lengths[CoachBlock.TEXT.value] == 1000  # the commitment form, opened last of the two
    assert {view["callback_id"] for view in views} >= {CoachView.NEW.value, CoachView.CHECKIN.value}


def test_moving_a_call_back_to_a_time_it_had_is_answered(
    bot: BotUnderTest, failures: pytest.LogCaptureFixture
) -> None:
    openers = Openers(bot)
    openers.eid = engagement(bot)
    for day in ("2026-11-30", "2026-12-01", "2026-11-30"):
        picked = {
            CoachBlock.DAY.value: {"value": {"type": "datepicker", "selected_date": day}},
            CoachBlock.TIME.value: {"value": {"type": "timepicker", "selected_time": "09:00"}},
        }
        assert not submit(bot, ANA, openers.move(), picked).json
    assert no_failure_logged(failures)


def test_a_preparation_saved_before_the_limit_opens_cut_to_it() -> None:
    from bot.series.render.modals import prep_view

    view = prep_view(1, example="e" * 2500, statement="s" * 10).to_dict()
    elements = [block["element"] for block in view["blocks"]]
    assert [len(e["initial_value"]) for e in elements] == [2000, 10]  # Slack refuses one over max_length
    assert [e["max_length"] for e in elements] == [2000, 2000]


def test_a_spent_lookup_budget_is_said_on_the_form_not_a_500(
    bot: BotUnderTest, failures: pytest.LogCaptureFixture
) -> None:
    from bot.slack.handler_calls import TIER_4
    from bot.slack.people import BUSY_FORM
    from tests.bot.series.helpers import plan_values

    modal = Openers(bot).plan()
    budget = bot.services.gateway.budget
    while budget.try_take("tier4:users.info", TIER_4, bot.clock.now()):
        pass  # other people's starts and forms have just used every users.info call we allow ourselves
    delivery = submit(bot, FAC, modal, plan_values())
    shown = checked_after_ack(bot, FAC, modal, delivery)
    assert shown_errors(shown) == {"series_leaders": BUSY_FORM}
    assert shown["callback_id"] == modal["callback_id"]  # the form again, to submit once more
    assert no_failure_logged(failures)
    bot.clock.advance(30)  # the budget refills: the same form goes through
    done = checked_after_ack(bot, FAC, modal, submit(bot, FAC, modal, plan_values()))
    assert shown_errors(done) == {}
    assert "The series is planned" in str(done["blocks"])


def test_a_person_slack_does_not_know_is_a_field_error(bot: BotUnderTest) -> None:
    from tests.handlers.coach.test_slack import _form

    values = _form()
    values[CoachBlock.COLLEAGUES.value] = {
        "value": {"type": "multi_users_select", "selected_users": ["U0NOBODY"]}
    }
    values["coach_slot1_day"] = {"value": select_("Monday")}  # not one of the options' values
    delivery = submit(bot, COACH, Openers(bot).coach_new(), values)
    assert field_errors(delivery) == {"coach_slot1_day": "Choose a day."}  # refused before any look-up
    values["coach_slot1_day"] = {"value": select_("0")}
    modal = Openers(bot).coach_new()
    shown = checked_after_ack(bot, COACH, modal, submit(bot, COACH, modal, values))
    assert shown_errors(shown) == {
        CoachBlock.COLLEAGUES.value: "I could not find <@U0NOBODY> in this workspace."
    }
    # the form comes back as filled in, the unknown colleague still chosen for the person to change
    colleagues = next(b for b in shown["blocks"] if b.get("block_id") == CoachBlock.COLLEAGUES.value)
    assert colleagues["element"]["initial_users"] == ["U0NOBODY"]


def test_a_nul_character_is_dropped_not_stored(bot: BotUnderTest) -> None:
    openers = Openers(bot)
    openers.eid = engagement(bot, "feedback")
    choices = {**field(CoachBlock.LEADER, select_(ANA)), **field(CoachBlock.CATEGORY, select_("personal"))}
    saved = submit(
        bot, COACH, openers.coach_text("feedback"), {**field(CoachBlock.TEXT, plain("a\x00b")), **choices}
    )
    assert not saved.json  # PostgreSQL cannot store NUL in text
    with bot.db.session() as s:
        assert [i.text for i in s.exec(select(CoachFeedbackItem)).all()] == ["ab"]
