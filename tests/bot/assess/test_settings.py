"""Session settings on an ad-hoc `/assess` (sponsors, anonymity, series, group size); the script DM."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.assess.commands import CommandError, StartRotation, parse_assess
from bot.assess.domain.phases import DEFAULT_TIMING
from bot.assess.service import sessions as service
from storage.assess import AssessSession
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, PETE, PIA, TEAM, BotUnderTest, block_text


def test_settings_are_parsed_from_the_command() -> None:
    parsed = parse_assess("<@U1|ana> <@U2> sponsor=<@U9|sam> anonymous series=sales-q1 min_group=4")
    assert parsed == StartRotation(
        ("U1", "U2"),
        DEFAULT_TIMING,
        anonymous=True,
        sponsor_ids=("U9",),
        series_key="sales-q1",
        min_group=4,
    )
    channel = parse_assess("<@U1> sponsor=<#C77|sponsors>")
    assert isinstance(channel, StartRotation)
    assert channel.sponsor_channel == "C77"
    assert channel.sponsor_ids == ()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("<@U1> min_group=2", "`min_group=` is a number of leaders from 3"),
        ("<@U1> sponsor=sam", "`sponsor=` takes a person"),
        ("<@U1> sponsor=<@U1>", "is named as a leader and as a sponsor"),
        ("<@U1> series=a/b", "`series=` takes a short name"),
    ],
)
def test_bad_settings_say_what_to_type(text: str, says: str) -> None:
    with pytest.raises(CommandError, match=says.replace("(", r"\(")):
        parse_assess(text)


def test_a_session_keeps_its_settings_and_numbers_its_series(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> sponsor=<@{PETE}> anonymous series=q1 timing=5s,5s,5s,5s,5s")
    bot.advance(30)
    bot.command(f"<@{ANA}> <@{CHO}> series=q1 min_group=5 timing=5s,5s,5s,5s,5s")
    bot.tick()
    with bot.db.session() as s:
        rows = s.exec(select(AssessSession).order_by(AssessSession.id)).all()  # type: ignore[arg-type]
        got = [(r.anonymous, r.sponsor_ids, r.series_key, r.series_number, r.min_group) for r in rows]
    assert got == [(True, PETE, "q1", 1, 3), (False, "", "q1", 2, 5)]


def test_the_facilitator_gets_a_script_once(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> <@{BEN}> anonymous timing=20s,20s,20s,20s,20s")
    bot.tick()
    bot.tick()
    scripts = [m for m in bot.ws.dm_with(FAC) if "Your facilitator script" in block_text(m.blocks)]
    assert len(scripts) == 1
    text = block_text(scripts[0].blocks)
    assert "*Peer feedback* (20 s)" in text
    assert "listens during peer feedback and does not reply" in text
    assert "*Next phase*" in text
    assert "press *Give feedback*" in text
    assert bot.ws.dm_with(ANA) == []


def test_a_planned_series_passes_its_settings_to_start_session(bot: BotUnderTest) -> None:
    where = service.Where(TEAM, CHANNEL, FAC)
    request = StartRotation((ANA, BEN), DEFAULT_TIMING)
    service.start_session(
        bot.db,
        bot.services.gateway.answering(bot.services.client),
        where,
        request,
        bot.clock.now(),
        anonymous=True,
        sponsor_ids=(PETE, PIA),
        series_key="plan-7",
        series_number=3,
        min_group=2,  # below the floor: kept at 3
    )
    with bot.db.session() as s:
        row = s.exec(select(AssessSession)).one()
    assert (row.anonymous, row.sponsor_ids, row.series_key, row.series_number, row.min_group) == (
        True,
        f"{PETE},{PIA}",
        "plan-7",
        3,
        3,
    )


def test_help_explains_the_settings_and_that_typed_replies_are_named(bot: BotUnderTest) -> None:
    delivery = bot.command("help")
    shown = delivery.json["text"] if delivery.json else delivery.body
    assert "`sponsor=@sam`" in shown
    assert "press *Give feedback*" in shown
    assert "Replies typed in the thread still show the writer's" in shown
    assert "scores their approach from 1 to 10" in shown
