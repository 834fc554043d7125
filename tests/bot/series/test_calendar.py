"""A planned series in calendars, through the local Slack: each leader and the facilitator get the sessions'
invite in their DM, then an update for a moved session and a cancellation for a cancelled one; nobody else
gets a file."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, select

from storage.series import SeriesSession
from tests.bot.calendar.reading import events, method, starts
from tests.bot.series.helpers import LEADERS, answer, settle, submit_plan
from tests.harness import FAC, PIA, BotUnderTest

MOVED = datetime(2026, 12, 29, 16, 30, tzinfo=UTC)  # 11:30 on 29 Dec in New York, the plan's zone


def _files(bot: BotUnderTest, user: str) -> list[tuple[str, bytes]]:
    shared = [f for m in bot.ws.dm_with(user) for f in m.files or []]
    return [(f["name"], bot.ws.files[f["id"]].content or b"") for f in shared]


def _sessions(bot: BotUnderTest) -> list[SeriesSession]:
    with bot.db.read() as s:
        return list(s.exec(select(SeriesSession).order_by(col(SeriesSession.number))).all())


def test_sessions_reach_calendars_with_moves_and_cancellations(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot, 12)
    planned = _sessions(bot)
    for person in (*LEADERS, FAC):
        ((name, data),) = _files(bot, person)
        assert name == "assessment-sessions.ics"
        assert method(data) == "REQUEST"
        assert starts(data) == [x.scheduled_at for x in planned]
        assert events(data)[0]["RRULE"]["INTERVAL"] == [4]
    assert _files(bot, PIA) == []
    assert "is moved" in answer(bot.command("plan move 2 2026-12-29 11:30"))
    assert "is cancelled" in answer(bot.command("plan cancel 3"))
    settle(bot, 12)
    for person in (*LEADERS, FAC):
        names = dict(_files(bot, person))
        assert set(names) == {
            "assessment-sessions.ics",
            "assessment-sessions-update.ics",
            "assessment-sessions-cancelled.ics",
        }
        (moved,) = events(names["assessment-sessions-update.ics"])
        assert moved["RECURRENCE-ID"].dt == planned[1].scheduled_at
        assert moved["DTSTART"].dt == MOVED
        assert moved["SEQUENCE"] == 1
        assert method(names["assessment-sessions-cancelled.ics"]) == "CANCEL"
        (gone,) = events(names["assessment-sessions-cancelled.ics"])
        assert gone["RECURRENCE-ID"].dt == planned[2].scheduled_at
    assert _files(bot, PIA) == []
