"""The App Home tab: each person sees their own sessions, preparation and, for facilitators, readiness."""

from __future__ import annotations

from typing import Any

from bot.ids import VALUE, SeriesAction, SeriesBlock, SeriesView
from tests.bot.series.helpers import modal, prepare, settle, submit_plan
from tests.harness import ANA, BEN, CHO, FAC, PIA, BotUnderTest, action_ids, block_text


def _home(bot: BotUnderTest, user: str) -> dict[str, Any]:
    delivery = bot.ws.open_home(user)
    assert delivery.status == 200
    home = bot.ws.home(user)
    assert home is not None, f"no Home tab published for {user}"
    return home


def test_each_person_sees_their_own_home(bot: BotUnderTest) -> None:
    assert "Nothing here for you yet" in block_text(_home(bot, ANA)["blocks"])
    submit_plan(bot)
    settle(bot)
    prepare(bot, BEN, "An example", "A statement")
    ana = _home(bot, ANA)
    text = block_text(ana["blocks"])
    assert text.count("<!date^") >= 5  # four sessions and the due time
    assert "To prepare" in text
    assert SeriesAction.OPEN_PREP.value in action_ids(ana["blocks"])
    assert "who is ready" not in text
    ben = block_text(_home(bot, BEN)["blocks"])
    assert "Your preparation for the series" in ben
    assert "To prepare" not in ben
    fac = block_text(_home(bot, FAC)["blocks"])
    assert "who is ready" in fac
    assert f":white_check_mark: <@{BEN}>" in fac
    assert f":hourglass: <@{ANA}> (not yet)" in fac
    assert f":hourglass: <@{CHO}> (not yet)" in fac
    assert SeriesAction.OPEN_PREP.value not in action_ids(_home(bot, FAC)["blocks"])
    assert "Nothing here for you yet" in block_text(_home(bot, PIA)["blocks"])


def test_preparing_from_home_updates_it(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    _home(bot, ANA)
    bot.ws.click_home_button(ANA, SeriesAction.OPEN_PREP.value)
    prep = modal(bot, ANA, SeriesView.PREP)
    values = {
        SeriesBlock.EXAMPLE.value: {VALUE: {"type": "plain_text_input", "value": "An example"}},
        SeriesBlock.STATEMENT.value: {VALUE: {"type": "plain_text_input", "value": "A statement"}},
    }
    assert bot.ws.submit_view(ANA, prep["id"], values=values).status == 200
    home = bot.ws.home(ANA)
    assert home is not None
    assert "Your preparation for the series" in block_text(home["blocks"])
    assert "Edit preparation" in str(home["blocks"])
