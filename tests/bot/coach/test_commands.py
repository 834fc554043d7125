"""`/coach` text -> a typed request (bot/coach/commands.py), from a table."""

from __future__ import annotations

import pytest

from bot.coach.commands import ON_ENGAGEMENT, CoachCommand, Verb, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, CoachCommand(Verb.HELP, "")),
        ("", CoachCommand(Verb.HELP, "")),
        ("help", CoachCommand(Verb.HELP, "")),
        ("what now", CoachCommand(Verb.HELP, "now")),
        ("new", CoachCommand(Verb.NEW, "")),
        ("  STATUS  ", CoachCommand(Verb.STATUS, "")),
        ("next Ops and Sales", CoachCommand(Verb.NEXT, "Ops and Sales")),
        ("coaches add <@U1>", CoachCommand(Verb.COACHES, "add <@U1>")),
        ("export  Ops", CoachCommand(Verb.EXPORT, " Ops")),
    ],
)
def test_the_first_word_chooses_the_verb(text: str | None, expected: CoachCommand) -> None:
    assert parse(text) == expected


def test_only_verbs_about_one_engagement_name_one() -> None:
    assert {v.value for v in ON_ENGAGEMENT} == {"status", "next", "feedback", "commit", "export", "erase"}
