"""DST against the local Slack: a coach in New York, Berlin or Sydney sets Ben's call for Tuesday 10:00
their time; across a real 2027 change every nudge Ben receives names 10:00 in that zone, each exactly once."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.ids import VALUE, CoachBlock, CoachView
from tests.handlers.coach.test_slack import _command, _dms, _enlist, _form, _modal, _settle, _users
from tests.harness import BEN, FAC, PETE, PIA, BotUnderTest

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

# (coach and creator, their zone as in the harness, a Monday start two weeks before the change)
CASES = [
    (FAC, "America/New_York", date(2027, 3, 1)),  # clocks forward 14 March
    (PIA, "Europe/Berlin", date(2027, 3, 15)),  # forward 28 March
    (PETE, "Australia/Sydney", date(2027, 3, 22)),  # back 4 April
]


@pytest.mark.parametrize(("coach", "zone", "start"), CASES)
def test_nudges_keep_the_local_time_across_dst(bot: BotUnderTest, coach: str, zone: str, start: date) -> None:
    bot.clock.set(datetime.combine(start - timedelta(days=1), time(12, 0), tzinfo=UTC))
    _enlist(bot, coach)
    _command(bot, "new", user=coach)
    values = _form()
    values[CoachBlock.COACH] = {VALUE: {"type": "users_select", "selected_user": coach}}
    values[CoachBlock.COLLEAGUES] = {VALUE: _users()}
    values[CoachBlock.START] = {VALUE: {"type": "datepicker", "selected_date": start.isoformat()}}
    assert bot.ws.submit_view(coach, _modal(bot, coach, CoachView.NEW)["id"], values=values).status == 200
    for _ in range(3):
        _command(bot, "next", user=coach)
    _settle(bot)
    bot.advance(17 * 86400, step=3600)
    nudges = [m for m in _dms(bot, BEN) if (m.text or "").startswith("Coaching call")]
    stamps = [int(re.findall(r"<!date\^(\d+)\^", str(m.blocks))[0]) for m in nudges]
    assert len(stamps) == 4  # two calls, 24 h and 1 h before each, never twice
    calls = sorted(set(stamps))
    assert len(calls) == 2
    offsets = set()
    for stamp in calls:
        local = datetime.fromtimestamp(stamp, ZoneInfo(zone))
        assert (local.weekday(), local.hour, local.minute) == (1, 10, 0)
        offsets.add(local.utcoffset())
    assert len(offsets) == 2  # the two calls really straddle the change
