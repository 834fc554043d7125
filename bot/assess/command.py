"""Parsing what follows `/assess`: a subcommand, or the leaders to rotate through and their timing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.assess.phases import DEFAULT_TIMING, MAX_PHASE_SECONDS, MIN_PHASE_SECONDS, PHASES

SUBCOMMANDS = ("help", "status", "stop")
USAGE = "`/assess @ana @ben @cho` (optionally `timing=3,2,3,2,1`). See `/assess help`."

_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL = re.compile(r"^<#(C[A-Z0-9]+|G[A-Z0-9]+)(?:\|([^>]*))?>$")
_GROUP = re.compile(r"^<!subteam\^([A-Z0-9]+)(?:\|([^>]*))?>$")
_SPECIAL = re.compile(r"^<!(here|channel|everyone)(?:\|[^>]*)?>$")
_LENGTH = re.compile(r"^(\d{1,5})(s?)$")


class CommandError(Exception):
    """The text cannot be understood; the message tells the invoker what to type instead."""


@dataclass(frozen=True)
class StartRotation:
    leader_ids: tuple[str, ...]
    timing: tuple[int, ...]


@dataclass(frozen=True)
class Subcommand:
    name: str


AssessCommand = StartRotation | Subcommand


def parse_assess(text: str) -> AssessCommand:
    words = text.split()
    if len(words) == 1 and words[0].lower() in SUBCOMMANDS:
        return Subcommand(words[0].lower())
    if not words:
        raise CommandError(f"Name at least one leader to put in focus: {USAGE}")
    leaders: list[str] = []
    timing = DEFAULT_TIMING
    for word in words:
        if word.lower().startswith("timing="):
            timing = parse_timing(word.split("=", 1)[1])
        else:
            leaders.append(_leader(word))
    if not leaders:
        raise CommandError(f"Name at least one leader to put in focus: {USAGE}")
    duplicates = sorted({f"<@{u}>" for u in leaders if leaders.count(u) > 1})
    if duplicates:
        raise CommandError(f"{', '.join(duplicates)} is named twice: each leader takes one turn.")
    return StartRotation(tuple(leaders), timing)


def _leader(word: str) -> str:
    if match := _USER.match(word):
        return match.group(1)
    if match := _CHANNEL.match(word):
        name = match.group(2) or match.group(1)
        raise CommandError(f"#{name} is a channel, not a person: mention leaders like @ana.")
    if match := _GROUP.match(word):
        name = match.group(2) or "that user group"
        raise CommandError(f"{name} is a user group: mention each leader on their own.")
    if match := _SPECIAL.match(word):
        raise CommandError(f"@{match.group(1)} is not a person: mention each leader on their own.")
    if word.startswith("@"):
        raise CommandError(
            f"I could not find a person called {word}: pick them from Slack's @ menu so the "
            "name turns into a mention."
        )
    raise CommandError(f"I did not understand `{word}`. {USAGE}")


def parse_timing(spec: str) -> tuple[int, ...]:
    """`3,2,3,2,1` in minutes, or `20s,...` in seconds; each phase 5 s to 60 min."""
    parts = [p.strip().lower() for p in spec.split(",")]
    if len(parts) != len(PHASES):
        raise CommandError(
            f"`timing=` needs {len(PHASES)} lengths, one per phase, like `timing=3,2,3,2,1` "
            "(minutes) or `timing=20s,20s,20s,20s,20s` (seconds)."
        )
    seconds: list[int] = []
    for part, phase in zip(parts, PHASES, strict=True):
        match = _LENGTH.match(part)
        if not match:
            raise CommandError(f"`{part}` is not a length: write minutes like `3` or seconds like `20s`.")
        value = int(match.group(1)) * (1 if match.group(2) else 60)
        if not MIN_PHASE_SECONDS <= value <= MAX_PHASE_SECONDS:
            raise CommandError(
                f"{phase.name} would last {part}: each phase must be between 5s and 60 minutes."
            )
        seconds.append(value)
    return tuple(seconds)
