"""Sponsor summaries: attendance, counts, timing and the average shift, never captured text, never a figure
about fewer than `min_group` leaders; a chart from the second session of a series on."""

from __future__ import annotations

import pytest

from tests.bot.assess.helpers import files_in, received_by, run_session
from tests.harness import ANA, BEN, CHO, PETE, PIA, BotUnderTest, block_text, running_bot

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

THREE = [ANA, BEN, CHO]


def summaries(bot: BotUnderTest, user: str) -> list[str]:
    return [block_text(m.blocks) for m in bot.ws.dm_with(user) if "Session summary" in block_text(m.blocks)]


def test_the_sponsor_gets_figures_but_never_what_anyone_wrote(bot: BotUnderTest) -> None:
    texts = run_session(bot, THREE, [(4, 6), (5, 8), (6, 7)], f"sponsor=<@{PETE}>", peer=PIA)
    [summary] = summaries(bot, PETE)
    assert f"*In focus:* <@{ANA}>, <@{BEN}>, <@{CHO}>" in summary
    assert f"*Also wrote in the threads:* <@{PIA}>" in summary
    assert f"*Round 1* (<@{ANA}>): 1 question · 1 feedback reply · on time" in summary
    assert "*Time discipline:* 0 of 3 rounds ran over their planned time." in summary
    assert "(re-score minus self-score, 1-10 scale): +2.0" in summary
    everything = received_by(bot, PETE)
    assert texts
    for captured in texts:
        assert captured not in everything
    assert "budget talk" not in everything
    assert files_in(bot, PETE) == []  # one session: no chart yet


def test_a_group_below_min_group_gets_no_figures(bot: BotUnderTest) -> None:
    texts = run_session(bot, [ANA, BEN], [(4, 6), (5, 8)], f"sponsor=<@{PETE}>", peer=PIA)
    [summary] = summaries(bot, PETE)
    assert "The group is too small to report figures" in summary
    assert f"*In focus:* <@{ANA}>, <@{BEN}>" in summary
    for figure in ("question", "feedback repl", "Average score shift", "Time discipline", "+2"):
        assert figure not in summary
    for captured in texts:
        assert captured not in received_by(bot, PETE)


def test_min_group_can_be_raised(bot: BotUnderTest) -> None:
    run_session(bot, THREE, [(4, 6), (5, 8), (6, 7)], f"sponsor=<@{PETE}>", "min_group=4", peer=PIA)
    [summary] = summaries(bot, PETE)
    assert "at least 4 leaders are in focus" in summary
    assert "Average score shift" not in summary


def test_a_sponsor_channel_gets_one_post_and_no_one_gets_a_dm(bot: BotUnderTest) -> None:
    bot.ws.add_channel("C0SPONS", "sponsors", members=[PETE], is_private=True)
    texts = run_session(bot, THREE, [(4, 6), (5, 8), (6, 7)], "sponsor=<#C0SPONS|sponsors>", peer=PIA)
    posts = [m for m in bot.ws.messages("C0SPONS") if "Session summary" in block_text(m.blocks)]
    assert len(posts) == 1
    assert summaries(bot, PETE) == []
    for captured in texts:
        assert captured not in received_by(bot, channel="C0SPONS")


def test_the_chart_comes_with_the_second_session_of_a_series(bot: BotUnderTest) -> None:
    options = (f"sponsor=<@{PETE}>", "series=sales")
    texts = run_session(bot, THREE, [(4, 6), (5, 8), (6, 7)], *options, peer=PIA)
    assert files_in(bot, PETE) == []
    texts += run_session(bot, THREE, [(5, 7), (6, 8), (6, 9)], *options, peer=PIA)
    [chart] = files_in(bot, PETE)
    assert (chart.content or b"").startswith(b"\x89PNG")
    assert chart.title == "Group average self-score and re-score per session"
    assert chart.alt_txt == (  # what a screen reader says: every figure the chart draws
        "Line chart of the group's average scores per session, on a scale of 1 to 10. "
        "Session 1: self-score 5.0, re-score 7.0. Session 2: self-score 5.7, re-score 8.0."
    )
    assert "Session summary · session 2" in summaries(bot, PETE)[-1]
    bot.tick()
    assert len(files_in(bot, PETE)) == 1  # uploaded once
    everything = received_by(bot, PETE)
    for captured in texts:
        assert captured not in everything


def test_a_stopped_session_still_reports_and_a_small_series_gets_no_chart(bot: BotUnderTest) -> None:
    options = (f"sponsor=<@{PETE}>", "series=duo")
    run_session(bot, [ANA, BEN], [(4, 6), (5, 8)], *options, peer=PIA)
    run_session(bot, [ANA, BEN], [(5, 7), (6, 8)], *options, peer=PIA)
    assert len(summaries(bot, PETE)) == 2
    assert files_in(bot, PETE) == []  # averages over two leaders are figures about two people
    bot.command(f"<@{ANA}> <@{BEN}> <@{CHO}> sponsor=<@{PETE}> timing=20s,20s,20s,20s,20s")
    bot.advance(10)
    bot.command("stop")
    bot.tick()
    last = summaries(bot, PETE)[-1]
    assert "(stopped early)" in last
    assert f"*In focus:* <@{ANA}>" in last
    assert "The group is too small to report figures" in last


def test_a_restart_after_the_session_sends_no_summary_or_chart_twice(bot: BotUnderTest) -> None:
    options = (f"sponsor=<@{PETE}>", "series=sales")
    run_session(bot, THREE, [(4, 6), (5, 8), (6, 7)], *options, peer=PIA)
    run_session(bot, THREE, [(5, 7), (6, 8), (6, 9)], *options, peer=PIA)
    bot.stop()
    with running_bot(bot.slack, bot.ws, bot.db, bot.clock) as again:
        again.advance(5)
        assert len(summaries(again, PETE)) == 2
        assert len(files_in(again, PETE)) == 1
