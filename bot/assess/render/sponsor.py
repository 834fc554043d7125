"""The sponsors' summary after each session: attendance, counts, timing and the average score shift.

Never any captured text. Figures about people appear only when at least `min_group` leaders were in focus
(and an average only over at least that many leaders' scores), so no figure points at one person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.models.blocks import Block, HeaderBlock

from bot.slack import fit
from bot.slack.blocks import context, section
from bot.slack.effects import Rendered
from bot.slack.text import duration, local_datetime, mention


@dataclass(frozen=True)
class RoundFacts:
    leader_id: str
    status: str
    questions: int
    feedback: int
    overrun: timedelta | None  # None: ended early


@dataclass(frozen=True)
class SessionFacts:
    held_at: datetime
    series_number: int | None
    stopped: bool
    min_group: int
    rounds: tuple[RoundFacts, ...]  # only rounds that ran
    writers: tuple[str, ...]  # peers who wrote in the threads (typed replies only)
    shifts: tuple[int, ...]  # re-score minus self-score, for each leader who gave both
    anonymous: bool = False


def summary_message(facts: SessionFacts) -> Rendered:
    title = "Session summary" + (f" · session {facts.series_number}" if facts.series_number else "")
    held = f"Held {local_datetime(facts.held_at)}" + (" (stopped early)" if facts.stopped else "") + "."
    # Long lists of names are cut with "and N more"; each part keeps a share of the section.
    in_focus = fit.lines([mention(r.leader_id) for r in facts.rounds], 1000, sep=", ") or "nobody"
    attended = f"*In focus:* {in_focus}"
    if facts.writers:
        wrote = fit.lines([mention(w) for w in facts.writers], 1500, sep=", ")
        attended += f"\n*Also wrote in the threads:* {wrote}"
    if facts.anonymous:
        attended += "\n_Feedback was anonymous: who gave it through the form is not recorded._"
    figures = [section(t) for t in fit.chunks(_figures(facts))]
    blocks: list[Block] = [
        HeaderBlock(text=title),
        section(fit.cut(f"{held}\n{attended}", fit.SECTION_TEXT)),
        *figures,
        context(
            "What people wrote stays with each leader: this summary holds no feedback text. "
            "A leader may choose to share their own digest with you."
        ),
    ]
    return Rendered(text=f"{title}: {held}", blocks=fit.cap_blocks(blocks))


def _figures(facts: SessionFacts) -> list[str]:
    if len(facts.rounds) < facts.min_group:
        return [
            f"The group is too small to report figures: they are shown when at least {facts.min_group} "
            "leaders are in focus, so that no figure points at one person."
        ]
    lines = [
        f"*Round {i + 1}* ({mention(r.leader_id)}): {_round_line(r)}" for i, r in enumerate(facts.rounds)
    ]
    over = sum(1 for r in facts.rounds if r.overrun)
    lines.append(f"*Time discipline:* {over} of {len(facts.rounds)} rounds ran over their planned time.")
    lines.append(_average_shift(facts.shifts, facts.min_group))
    return lines


def _round_line(r: RoundFacts) -> str:
    questions = f"{r.questions} question{'' if r.questions == 1 else 's'}"
    feedback = f"{r.feedback} feedback repl{'y' if r.feedback == 1 else 'ies'}"
    if r.overrun is None:
        timing = "ended early"
    elif r.overrun:
        timing = f"over by {duration(r.overrun)}"
    else:
        timing = "on time"
    return f"{questions} · {feedback} · {timing}"


def _average_shift(shifts: Sequence[int], min_group: int) -> str:
    if len(shifts) < min_group:
        return (
            f"*Average score shift:* not reported: fewer than {min_group} leaders gave both a self-score "
            "and a re-score."
        )
    average = sum(shifts) / len(shifts)
    return f"*Average score shift* (re-score minus self-score, 1-10 scale): {average:+.1f}"
