"""The sponsors' summary after each session: attendance, counts, timing and the average score shift.

Never any captured text. Figures about people appear only when at least `min_group` leaders were in focus
(and an average only over at least that many leaders' scores), so no figure points at one person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from sqlmodel import Session

from bot.assess import store
from bot.assess.domain.statuses import RoundStatus, SittingStatus
from bot.assess.render.digest import Reply, count_kinds
from bot.assess.service import chart
from bot.slack import fit
from bot.slack.blocks import section
from bot.slack.effects import Rendered, enqueue_dm, enqueue_post
from bot.slack.text import duration, local_datetime, mention
from storage.models import AssessRound, AssessSession


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


def session_facts(s: Session, sitting: AssessSession) -> SessionFacts:
    rounds: list[RoundFacts] = []
    writers: dict[str, None] = {}
    shifts: list[int] = []
    ran = [r for r in store.rounds_of(s, sitting.id or 0) if r.started_at is not None]
    for rnd in ran:
        replies = [Reply(r.user_id, r.phase, r.text) for r in store.replies_of(s, rnd.id or 0)]
        questions, feedback = count_kinds(replies, rnd.leader_id)
        writers.update(dict.fromkeys(r.user_id for r in replies if r.user_id))
        rounds.append(RoundFacts(rnd.leader_id, rnd.status, questions, feedback, _overrun(rnd)))
        if rnd.self_score is not None and rnd.re_score is not None:
            shifts.append(rnd.re_score - rnd.self_score)
    leaders = {r.leader_id for r in ran}
    return SessionFacts(
        held_at=sitting.created_at,
        series_number=sitting.series_number,
        stopped=sitting.status == SittingStatus.STOPPED,
        min_group=sitting.min_group,
        rounds=tuple(rounds),
        writers=tuple(w for w in writers if w not in leaders),
        shifts=tuple(shifts),
        anonymous=sitting.anonymous,
    )


def _overrun(rnd: AssessRound) -> timedelta | None:
    if rnd.status == RoundStatus.STOPPED or rnd.ended_at is None:
        return None
    return max(timedelta(milliseconds=rnd.overrun_ms), timedelta(0))


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
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="What people wrote stays with each leader: this summary holds no feedback text. "
                    "A leader may choose to share their own digest with you."
                )
            ]
        ),
    ]
    return Rendered(text=f"{title}: {held}", blocks=[b.to_dict() for b in fit.cap_blocks(blocks)])


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


def enqueue_summary(s: Session, sitting: AssessSession, now: datetime) -> None:
    """To each sponsor by DM, or one post in the sponsor channel; with a chart from the second session."""
    if not store.has_sponsors(sitting):
        return
    message = summary_message(session_facts(s, sitting))
    key = f"assess:session:{sitting.id}:sponsor"
    targets: list[tuple[str | None, str | None]] = (
        [(None, sitting.sponsor_channel)] if sitting.sponsor_channel else []
    )
    targets += [(sponsor, None) for sponsor in store.sponsors_of(sitting) if not sitting.sponsor_channel]
    for user_id, channel_id in targets:
        if channel_id:
            enqueue_post(
                s,
                dedupe_key=f"{key}:channel",
                team_id=sitting.team_id,
                channel_id=channel_id,
                message=message,
                now=now,
            )
        elif user_id:
            enqueue_dm(
                s,
                dedupe_key=f"{key}:{user_id}",
                team_id=sitting.team_id,
                user_id=user_id,
                message=message,
                now=now,
            )
        chart.plan_chart(s, sitting, user_id=user_id, channel_id=channel_id, now=now)
