"""The `/coach` direct messages as pure functions of plain data: what each person reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import Block

from bot.coach.domain.engagement import Stage
from bot.coach.domain.visibility import Role
from bot.ids import CoachAction
from bot.slack import fit
from bot.slack.blocks import button, buttons, section
from bot.slack.effects import Rendered
from bot.slack.text import escape, local_datetime, mention
from storage.coach import CoachDisclosure

NAME_SHOWN = 150  # an engagement's name where it is shown (its form allows more)
STAGE_NAMES: dict[Stage, str] = {
    Stage.INTAKE: "Intake",
    Stage.FEEDBACK: "Feedback session",
    Stage.ALIGNMENT: "Alignment",
    Stage.SUPPORT: "Coaching support",
    Stage.CLOSED: "Closed",
}
STAGE_MEANING: dict[Stage, dict[Role, str]] = {
    Stage.INTAKE: {
        Role.LEADER: "Please answer the intake questions: only the coach reads your answers.",
        Role.COLLEAGUE: "Please tell the coach what you have seen: only the coach reads your answers.",
        Role.COACH: "You will get each intake answer as it arrives; `/coach status` shows who has answered.",
        Role.SPONSOR: "You will see how many people have answered, never what they wrote.",
    },
    Stage.FEEDBACK: {
        Role.LEADER: "The coach will send you the feedback items about you: mark each *agree* or *discuss*.",
        Role.COLLEAGUE: "Thank you for your input; nothing more is needed from you for now.",
        Role.COACH: "Record feedback items with `/coach feedback`; you will see where each leader agrees.",
        Role.SPONSOR: "You will see how many feedback items there are in each category.",
    },
    Stage.ALIGNMENT: {
        Role.LEADER: "The coach will record what you both agreed; please confirm each commitment.",
        Role.COLLEAGUE: "The leaders may talk to you about what they have committed to change.",
        Role.COACH: "Record the expectations and commitments with `/coach commit`.",
        Role.SPONSOR: "You will see how many commitments are on track.",
    },
    Stage.SUPPORT: {
        Role.LEADER: "Your calls are scheduled: you will get a nudge before each one and a check-in after.",
        Role.COLLEAGUE: "Three months of coaching support start now.",
        Role.COACH: "The call schedule is set; check-ins come to you after each call.",
        Role.SPONSOR: "You will get a summary after every cycle.",
    },
    Stage.CLOSED: {
        Role.LEADER: "The engagement is closed. Thank you for your work.",
        Role.COLLEAGUE: "The engagement is closed. Thank you for your help.",
        Role.COACH: (
            "The engagement is closed: `/coach export` sends you its record, `/coach erase` removes it."
        ),
        Role.SPONSOR: "The engagement is closed; the final summary follows.",
    },
}


def _message(text: str, blocks: Sequence[Block]) -> Rendered:
    """`text` is what notifications show: escaped by the caller where it holds typed text, then fitted."""
    return Rendered(text=fit.fallback(text), blocks=fit.cap_blocks(blocks))


def _name(name: str) -> str:
    """An engagement's name as typed, safe to show: it cannot ping or disguise a link."""
    return fit.typed(name, NAME_SHOWN)


def welcome(name: str, role: Role, coach_id: str, engagement_id: int) -> Rendered:
    lead = (
        f"You are a *{role.value}* in the coaching engagement *{_name(name)}*, "
        f"with {mention(coach_id)} as coach."
    )
    blocks: list[Block] = [
        section(lead, fitted=True),
        section(STAGE_MEANING[Stage.INTAKE].get(role, ""), fitted=True),
    ]
    if role in (Role.LEADER, Role.COLLEAGUE):
        blocks.append(buttons((CoachAction.OPEN_INTAKE, "Answer the intake questions", str(engagement_id))))
    return _message(f"You are a {role.value} in the engagement {_name(name)}", blocks)


def intake_reminder(name: str, engagement_id: int) -> Rendered:
    blocks: list[Block] = [
        section(
            f"A reminder: the coach is waiting for your intake answers for *{_name(name)}*.", fitted=True
        ),
        buttons((CoachAction.OPEN_INTAKE, "Answer the intake questions", str(engagement_id))),
    ]
    return _message("A reminder about your intake answers", blocks)


def answers_for_coach(title: str, author_id: str, answers: Sequence[tuple[str, str]]) -> Rendered:
    """Every answer in full, over as many sections as it takes (an answer is cut only past 3,000)."""
    lines = [f"*{title}* from {mention(author_id)}:"]
    lines += [f"*{escape(q)}*\n{fit.typed(a, fit.SECTION_TEXT - 200) or '_(no answer)_'}" for q, a in answers]
    return _message(f"{title} from a participant", [section(c, fitted=True) for c in fit.chunks(lines)])


def feedback_for_leader(item_id: int, engagement_id: int, category: str, text: str) -> Rendered:
    value = f"{engagement_id}:{item_id}"
    blocks: list[Block] = [
        section(
            f"*Feedback about you* ({category}):\n>{fit.typed(text, fit.SECTION_TEXT - 60)}", fitted=True
        ),
        buttons((CoachAction.REVIEW_AGREE, "Agree", value), (CoachAction.REVIEW_DISCUSS, "Discuss", value)),
    ]
    return _message("A feedback item about you", blocks)


def commitment_for_leader(
    commitment_id: int, engagement_id: int, owner_id: str, text: str, due: str | None
) -> Rendered:
    when = f" by {due}" if due else ""
    blocks: list[Block] = [
        section(
            f"*Commitment* of {mention(owner_id)}{when}:\n>{fit.typed(text, fit.SECTION_TEXT - 80)}",
            fitted=True,
        ),
        buttons((CoachAction.CONFIRM_COMMITMENT, "Confirm", f"{engagement_id}:{commitment_id}")),
    ]
    return _message("A commitment to confirm", blocks)


def stage_changed(name: str, stage: Stage, role: Role) -> Rendered:
    text = f"*{_name(name)}* has moved to *{STAGE_NAMES[stage]}*. {STAGE_MEANING[stage].get(role, '')}"
    return _message(f"{_name(name)}: now {STAGE_NAMES[stage]}", [section(text, fitted=True)])


def nudge(
    *,
    engagement_id: int,
    call_id: int,
    title: str,
    starts_at: datetime,
    commitments: Sequence[str] | None,
    last_checkin: str | None,
) -> Rendered:
    """To a leader: what to bring. To the coach (commitments None): the call and its buttons."""
    head = f"*{title}*: {local_datetime(starts_at)}."
    blocks: list[Block] = []
    if commitments is None:
        blocks.append(section(head, fitted=True))
    else:
        # Each commitment gets a fair share of the section; the full text is in the commitment's own DM.
        lead = f"{head}\nBring your open commitments:"
        share = max((fit.SECTION_TEXT - len(lead) - 30) // max(len(commitments), 1) - 3, 200)
        items = [f"• {fit.typed(c, share)}" for c in commitments] or ["• _no open commitments_"]
        blocks.append(section(fit.lines(items, head=lead), fitted=True))
        if last_checkin:
            blocks.append(
                section(f"Your last check-in: {fit.typed(last_checkin, fit.SECTION_TEXT - 30)}", fitted=True)
            )
    value = f"{engagement_id}:{call_id}"
    blocks.append(buttons((CoachAction.MOVE_CALL, "Move", value), (CoachAction.SKIP_CALL, "Skip", value)))
    return _message(f"{title} coming up", blocks)


def checkin_prompt(engagement_id: int, call_id: int, title: str, *, reminder: bool) -> Rendered:
    lead = "A reminder: your check-in" if reminder else "Your check-in"
    blocks: list[Block] = [
        section(f"{lead} after the *{title}*: two minutes, and it goes to the coach.", fitted=True),
        buttons((CoachAction.OPEN_CHECKIN, "Check in", f"{engagement_id}:{call_id}")),
    ]
    return _message(f"{lead} after the {title}", blocks)


def plain(text: str) -> Rendered:
    """A message of bot-made lines (typed parts already escaped): as many sections as it takes."""
    return _message(text, [section(c, fitted=True) for c in fit.chunks(text.split("\n"))])


def disclosure_checklist(eid: int, rows: Sequence[CoachDisclosure], *, reminder: bool) -> Rendered:
    """A leader's list of affected colleagues to tell, each with its button while still to be told."""
    lead = "A reminder: please" if reminder else "As agreed, please"
    blocks: list[Block] = [
        section(
            f"{lead} tell each affected colleague about your commitment to change, "
            "then mark it here. Only you and the coach see this list."
        )
    ]
    told = [mention(r.colleague_id) for r in rows if r.told_at is not None]
    waiting = [r for r in rows if r.told_at is None]
    # One block per colleague still to tell (each has its button), the told ones on one line, and
    # Slack's 50 blocks a message: the rest come in the next reminder, once these are marked.
    room = fit.MESSAGE_BLOCKS - len(blocks) - (1 if told else 0) - 1
    for row in waiting[:room]:
        told_button = button(CoachAction.TOLD_COLLEAGUE, "I have told them", f"{eid}:{row.id}")
        blocks.append(section(mention(row.colleague_id), accessory=told_button))
    if len(waiting) > room:
        left = len(waiting) - room
        blocks.append(fit.context(f"and {left} more to tell: they follow in the weekly reminder."))
    if told:
        blocks.append(section(fit.lines(told, head="Told:", sep=" ")))
    return Rendered(text="Tell the affected colleagues about your commitment", blocks=blocks)


def told_note(text: str) -> Rendered:
    """To the coach: a leader has told a colleague (bot-made text)."""
    return Rendered(text=text, blocks=[section(text)])
