from __future__ import annotations

import pytest

from bot.assess.commands import CommandError, StartRotation, Subcommand, Verb, parse_assess, parse_timing
from bot.assess.domain.phases import DEFAULT_TIMING


def test_escaped_mentions_with_and_without_names() -> None:
    parsed = parse_assess("<@U1|ana> <@U2>  <@W3|cho>")
    assert parsed == StartRotation(("U1", "U2", "W3"), DEFAULT_TIMING)


@pytest.mark.parametrize("word", ["help", "status", "stop", "STATUS"])
def test_subcommands(word: str) -> None:
    assert parse_assess(word) == Subcommand(Verb(word.lower()))


def test_timing_in_minutes_and_seconds() -> None:
    assert parse_assess("<@U1> timing=3,2,3,2,1").timing == (180, 120, 180, 120, 60)  # type: ignore[union-attr]
    assert parse_timing("20s,20s,20s,20s,20s") == (20,) * 5
    assert parse_timing("60,5s,1,1,1") == (3600, 5, 60, 60, 60)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Name at least one leader"),
        ("timing=3,2,3,2,1", "Name at least one leader"),
        ("<#C1|general>", "#general is a channel"),
        ("<!subteam^S1|@leads>", "@leads is a user group"),
        ("<!here>", "@here is not a person"),
        ("@ana", "pick them from Slack's @ menu"),
        ("ana", "did not understand `ana`"),
        ("<@U1> <@U1|ana>", "<@U1> is named twice"),
        ("<@U1> timing=3,2", "needs 5 lengths"),
        ("<@U1> timing=3,2,x,2,1", "`x` is not a length"),
        ("<@U1> timing=4s,2,3,2,1", "between 5s and 60 minutes"),
        ("<@U1> timing=61,2,3,2,1", "between 5s and 60 minutes"),
    ],
)
def test_bad_input_says_precisely_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(CommandError, match=None) as caught:
        parse_assess(text)
    assert says in str(caught.value)
