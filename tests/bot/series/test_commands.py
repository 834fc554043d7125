"""`/assess plan …`, `/assess plans` and `/assess facilitators …` parsed into a typed request."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.assess.commands import CommandError
from bot.series.commands import SeriesCommand, is_series, parse_series
from bot.series.domain import Verb


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan", SeriesCommand(Verb.PLAN)),
        ("plans", SeriesCommand(Verb.PLANS)),
        ("plan status", SeriesCommand(Verb.PLANS)),
        ("plan cancel 3", SeriesCommand(Verb.CANCEL, number=3)),
        ("plan move 2 2026-12-21 15:00", SeriesCommand(Verb.MOVE, 2, date(2026, 12, 21), time(15, 0))),
        ("facilitators", SeriesCommand(Verb.FACILITATORS)),
        ("facilitators add <@U0PIA|pia>", SeriesCommand(Verb.ADD, user_id="U0PIA")),
        ("facilitators remove <@U0PIA>", SeriesCommand(Verb.REMOVE, user_id="U0PIA")),
    ],
)
def test_parse_series(text: str, expected: SeriesCommand) -> None:
    assert is_series(text)
    assert parse_series(text, today=date(2026, 11, 23)) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("plan move 2 21/12/2026 15:00", "is not a day in the calendar"),
        ("plan move 2 tomorrow noon", "is not a date and time"),
        ("plan move two", "Move a session like this"),
        ("plan cancel", "Name the session to cancel"),
        ("facilitators add pia", "is not a person"),
        ("plan bogus", "I did not understand"),
    ],
)
def test_parse_series_errors(text: str, says: str) -> None:
    with pytest.raises(CommandError, match=says):
        parse_series(text, today=date(2026, 11, 23))


def test_leader_mentions_are_not_series_commands() -> None:
    assert not is_series("<@U0ANA> <@U0BEN>")
    assert not is_series("")
