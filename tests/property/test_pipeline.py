"""The longest answers the forms take, carried on into scheduled work: the messages that show them still go
out, and the canary session in another channel keeps changing phase on time."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.coach.forms import NewEngagement, SlotInput
from bot.coach.service import setup
from bot.ids import VALUE, CoachAction, CoachBlock
from bot.inputs import COMMITMENT, LONG_ANSWER
from bot.slack.text import escape
from tests.bot.coach.helpers import enlist
from tests.harness import ANA, BEN, CHO, FAC, TEAM, action_ids, block_text
from tests.property.stage import COACH, Openers, field, plain, select_
from tests.property.world import World

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`


def test_a_nudge_with_the_longest_commitments_and_check_in_goes_out_and_blocks_nothing(world: World) -> None:
    bot = world.bot
    now = bot.clock.now()  # Monday 23 Nov 2026, 09:00 UTC
    form = NewEngagement(
        name="Ops and Sales", leaders=(ANA, BEN), sponsors=(CHO,), coach=FAC, colleagues=(),
        summary_channel=None, start=now.date(), cadence_weeks=1, length_months=1,
        slots=(SlotInput(0, time(9, 8)), SlotInput(1, time(10)), SlotInput(3, time(15))), nudge_minutes=(5,),
    )  # fmt: skip
    enlist(bot.db, COACH, now, team_id=TEAM)
    eid = setup.create_engagement(bot.db, team_id=TEAM, creator_id=COACH, zone="UTC", form=form, now=now)
    for _ in range(2):  # to alignment, where commitments are made
        setup.advance(bot.db, engagement_id=eid, user_id=COACH, now=now)
    openers = Openers(bot)
    openers.eid = eid
    for n in range(2):
        words = f"Commitment {n}: " + "meet weekly and listen first & " * 40
        values = {
            **field(CoachBlock.TEXT, plain(words[: COMMITMENT.chars])),
            **field(CoachBlock.OWNER, select_(ANA)),
        }
        saved = bot.ws.submit_view(COACH, openers.coach_text("commit")["id"], values=values)
        assert world.answered(saved, "a commitment of 1,000 characters") == {}
    setup.advance(
        bot.db, engagement_id=eid, user_id=COACH, now=bot.clock.now()
    )  # support: the calls are made
    went_well = ("We agreed on a weekly sync & kept it. " * 60)[: LONG_ANSWER.chars]
    values = {
        CoachBlock.SCORE.value: {VALUE: {"type": "static_select", "selected_option": {"value": "4"}}},
        **field(CoachBlock.WENT_WELL, plain(went_well)),
        **field(CoachBlock.GOT_IN_WAY, plain("Nothing much")),
    }
    saved = bot.ws.submit_view(ANA, openers.checkin()["id"], values=values)
    assert world.answered(saved, "a check-in of 2,000 characters") == {}
    while bot.clock.now() < now + timedelta(minutes=5):  # the nudge at 09:03; the canary runs throughout
        world.step(2)
    nudges = [m for m in bot.ws.dm_with(ANA) if CoachAction.MOVE_CALL.value in action_ids(m.blocks)]
    assert nudges, (
        f"no nudge reached Ana; due work failed {len(world.due_errors)} times: {world.due_errors[-1:]}"
    )
    assert escape(went_well)[:200] in block_text(nudges[-1].blocks)  # her last check-in, as far as it fits
