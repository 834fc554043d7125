"""Parsing what follows `/assess`: a subcommand, or the leaders to rotate through and their timing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from bot.assess.domain.phases import DEFAULT_TIMING, MAX_PHASE_SECONDS, MIN_PHASE_SECONDS, PHASES
from bot.inputs import whole_number
from bot.platform.errors import Refused


class Verb(StrEnum):
    """A one-word subcommand of `/assess`."""

    HELP = "help"
    STATUS = "status"
    STOP = "stop"
    EXPORT = "export"
    ERASE = "erase"


SUBCOMMANDS = tuple(Verb)
USAGE = (
    "`/assess @ana @ben @cho` (optionally `timing=3,2,3,2,1`, `sponsor=@sam`, `anonymous`). "
    "See `/assess help`."
)
MIN_GROUP = 3  # the smallest group sponsors may see figures about; configurable upward only
# A round is 11 minutes by default, so 20 leaders is nearly four hours: more than one sitting holds. The
# card's run order, the wrap-up and the sponsor summary list every leader, and starting looks each one up
# with users.info (Tier 4): 20 leaders and 10 sponsors take half of our burst of 60, so others can start.
MAX_LEADERS = 20
MAX_SPONSORS = 10
MAX_MIN_GROUP = 50
_SERIES = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")

_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL = re.compile(r"^<#(C[A-Z0-9]+|G[A-Z0-9]+)(?:\|([^>]*))?>$")
_GROUP = re.compile(r"^<!subteam\^([A-Z0-9]+)(?:\|([^>]*))?>$")
_SPECIAL = re.compile(r"^<!(here|channel|everyone)(?:\|[^>]*)?>$")
_LENGTH = re.compile(r"^([0-9]{1,5})(s?)$")  # ASCII digits: int() takes other scripts too


class CommandError(Refused):
    """The text cannot be understood; the message tells the invoker what to type instead."""


@dataclass(frozen=True)
class StartRotation:
    """Who takes a turn, the phase lengths, and the session's settings (a planned series passes its own)."""

    leader_ids: tuple[str, ...]
    timing: tuple[int, ...]
    anonymous: bool = field(default=False, kw_only=True)
    sponsor_ids: tuple[str, ...] = field(default=(), kw_only=True)
    sponsor_channel: str | None = field(default=None, kw_only=True)
    series_key: str | None = field(default=None, kw_only=True)
    series_number: int | None = field(default=None, kw_only=True)
    min_group: int = field(default=MIN_GROUP, kw_only=True)


@dataclass(frozen=True)
class Subcommand:
    name: Verb


AssessCommand = StartRotation | Subcommand


def parse_assess(text: str) -> AssessCommand:
    words = text.split()
    if len(words) == 1 and words[0].lower() in SUBCOMMANDS:
        return Subcommand(Verb(words[0].lower()))
    if not words:
        raise CommandError(f"Name at least one leader to put in focus: {USAGE}")
    leaders: list[str] = []
    options = _Options()
    for word in words:
        if not options.take(word):
            leaders.append(_leader(word))
    if not leaders:
        raise CommandError(f"Name at least one leader to put in focus: {USAGE}")
    # Refused before anyone is looked up: a start that can never succeed must not spend the lookup budget.
    if len(leaders) > MAX_LEADERS:
        raise CommandError(
            f"A session takes at most {MAX_LEADERS} leaders (you named {len(leaders)}): "
            "split the group into two sessions."
        )
    if len(set(options.sponsors)) > MAX_SPONSORS:
        raise CommandError(f"A session takes at most {MAX_SPONSORS} sponsors: name fewer `sponsor=`.")
    duplicates = sorted({f"<@{u}>" for u in leaders if leaders.count(u) > 1})
    if duplicates:
        raise CommandError(f"{', '.join(duplicates)} is named twice: each leader takes one turn.")
    both = [f"<@{u}>" for u in options.sponsors if u in leaders]
    if both:
        raise CommandError(f"{', '.join(both)} is named as a leader and as a sponsor: choose one.")
    return StartRotation(
        tuple(leaders),
        options.timing,
        anonymous=options.anonymous,
        sponsor_ids=tuple(dict.fromkeys(options.sponsors)),
        sponsor_channel=options.channel,
        series_key=options.series,
        min_group=options.min_group,
    )


@dataclass
class _Options:
    timing: tuple[int, ...] = DEFAULT_TIMING
    anonymous: bool = False
    sponsors: list[str] = field(default_factory=list)
    channel: str | None = None
    series: str | None = None
    min_group: int = MIN_GROUP

    def take(self, word: str) -> bool:
        """Consume a `name=value` option or the `anonymous` flag; False when the word is a leader."""
        name, has_value, value = word.partition("=")
        name = name.lower()
        if word.lower() == "anonymous":
            self.anonymous = True
        elif not has_value:
            return False
        elif name == "timing":
            self.timing = parse_timing(value)
        elif name in ("sponsor", "sponsors"):
            self._sponsor(value)
        elif name == "series":
            if not _SERIES.match(value):
                raise CommandError("`series=` takes a short name like `series=sales-q1`.")
            self.series = value
        elif name == "min_group":
            group = whole_number(value, low=MIN_GROUP, high=MAX_MIN_GROUP)
            if group is None:
                raise CommandError(
                    f"`min_group=` is a number of leaders from {MIN_GROUP} to {MAX_MIN_GROUP}."
                )
            self.min_group = group
        else:
            return False
        return True

    def _sponsor(self, value: str) -> None:
        if match := _CHANNEL.match(value):
            self.channel = match.group(1)
        elif match := _USER.match(value):
            self.sponsors.append(match.group(1))
        else:
            raise CommandError(
                "`sponsor=` takes a person picked from the @ menu, like `sponsor=@sam`, "
                "or a channel like `sponsor=#leadership-sponsors`."
            )


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
