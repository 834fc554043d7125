"""Every slash command with generated text, through the real app: each gets an answer (never a 500), and
the canary session in another channel keeps changing phase on time throughout."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.assess.commands import MAX_LEADERS
from bot.coach.forms import NewEngagement, SlotInput
from bot.coach.service import setup
from tests.bot.series.helpers import submit_plan
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, PETE, PIA, TEAM
from tests.property.stage import COACH, engagement
from tests.property.strategies import days, hostile_text, numbers, short_text, times, user_lists, users
from tests.property.world import World

mention = st.builds(
    lambda u, label: f"<@{u}|{label}>" if label else f"<@{u}>", users, st.sampled_from(["", "x"])
)
timing = st.one_of(
    st.lists(numbers, min_size=0, max_size=7).map(",".join),
    st.lists(st.sampled_from(["5s", "20s", "60", "1", "4s", "61", "0"]), min_size=5, max_size=5).map(
        ",".join
    ),
)
option = st.one_of(
    st.just("anonymous"),
    timing.map(lambda t: f"timing={t}"),
    mention.map(lambda m: f"sponsor={m}"),
    st.sampled_from(["sponsor=<#C0TEAM|team>", "sponsor=<#C0CANARY>", "sponsor=sam", "sponsors=<!here>"]),
    short_text().map(lambda t: f"series={t}"),
    st.sampled_from(["series=sales-q1", "series=a" * 2]),
    numbers.map(lambda n: f"min_group={n}"),
)
word = st.one_of(
    mention, option, short_text(), st.sampled_from(["<!channel>", "<#C0TEAM>", "<!subteam^S1|@x>"])
)
people = st.lists(st.sampled_from([ANA, BEN, CHO, PIA]), min_size=1, max_size=4, unique=True)
valid_option = st.sampled_from(
    ["", "anonymous", "timing=5s,5s,5s,5s,5s", f"sponsor=<@{PETE}>", "series=sales-q1", "min_group=4"]
)
starts = st.one_of(
    st.lists(word, max_size=8).map(" ".join),
    user_lists(MAX_LEADERS).map(lambda ids: " ".join(f"<@{u}>" for u in ids)),
    st.builds(lambda ids, opt: " ".join([*(f"<@{u}>" for u in ids), opt]), people, valid_option),
)
kept = st.sampled_from([ANA, BEN, CHO, PIA, "U0NOBODY", "U0OTHERBOT"])  # Fran and Pete stay facilitators
series_commands = st.one_of(
    st.sampled_from(
        ["plan", "plans", "plan status", "plan list", "facilitators", "plan cancel", "plan move"]
    ),
    st.builds(lambda n, d, t: f"plan move {n} {d} {t}", numbers, days, times),
    numbers.map(lambda n: f"plan cancel {n}"),
    st.builds(lambda verb, who: f"facilitators {verb} <@{who}>", st.sampled_from(["add", "remove"]), kept),
    short_text().map(lambda t: f"plan {t}"),
    short_text().map(lambda t: f"facilitators add {t}"),
)
assess_text = st.one_of(
    starts,
    st.sampled_from(["status", "stop", "help", "STATUS", "", " "]),
    series_commands,
    hostile_text(300),
)


@pytest.fixture
def planned(world: World) -> World:
    """A series planned in the channel, so that `plan move` and `plan cancel` reach a plan."""
    assert submit_plan(world.bot).status == 200
    return world


@given(text=assess_text, where=st.sampled_from(["team", "team", "quiet", "dm"]))
def test_every_assess_command_is_answered(planned: World, text: str, where: str) -> None:
    world = planned
    channel = {"team": CHANNEL, "quiet": "C0QUIET", "dm": world.bot.ws.dm_channel_id(FAC)}[where]
    looked_up = len(world.bot.slack.calls_to("users.info"))
    answer = world.answered(world.bot.command(text, channel=channel), f"/assess {text!r} in {where}")
    leaders = {w for w in text.split() if w.startswith("<@") and "=" not in w}
    if len(leaders) > MAX_LEADERS and text.split()[0].lower() not in ("plan", "plans", "facilitators"):
        assert f"at most {MAX_LEADERS} leaders" in str(answer.get("text"))
        assert len(world.bot.slack.calls_to("users.info")) == looked_up  # refused before any look-up
    world.answered(world.bot.command("stop", channel=channel), "/assess stop")  # free for the next example
    world.step()


coach_verbs = st.sampled_from(
    ["new", "list", "status", "next", "feedback", "commit", "export", "erase", "help", "", "NEXT", "bogus"]
)
coach_names = st.one_of(st.sampled_from(["", "Ops and Sales", "ops", "sales", "Field"]), short_text())
HOSTILE_NAME = "<!channel> & *Field* _team_ \U0001f600 \u202eevil\u202c <@U0ANA> ²"


@pytest.fixture
def engaged(world: World) -> World:
    """Two engagements: Ana and Ben's, and Pia and Pete's with a name full of markup."""
    engagement(world.bot, "intake")
    slots = (SlotInput(0, time(9)), SlotInput(1, time(10)), SlotInput(3, time(15)))
    today = world.bot.clock.now().date()
    form = NewEngagement(HOSTILE_NAME, (PIA, PETE), (CHO,), FAC, (), None, today, 2, 3, slots)
    now = world.bot.clock.now()
    setup.create_engagement(world.bot.db, team_id=TEAM, creator_id=FAC, zone="Asia/Seoul", form=form, now=now)
    return world


@given(who=st.sampled_from([COACH, ANA, BEN, CHO, PIA, PETE]), verb=coach_verbs, name=coach_names)
def test_every_coach_command_is_answered(engaged: World, who: str, verb: str, name: str) -> None:
    text = f"{verb} {name}".strip()
    reply = engaged.bot.ws.slash_command(who, CHANNEL, command="/coach", text=text)
    engaged.answered(reply, f"/coach {text!r}")
    engaged.step()
