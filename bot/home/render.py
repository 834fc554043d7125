"""The App Home tab from a HomeView, pure: calls and sessions ahead (times in each reader's zone, by Slack's
date tokens), what the person owes with the button that does it (the same action ids as the DMs'), and the
state of the engagements and groups they look after. Never over Slack's 100 blocks: the most urgent first,
then "and N more" with the commands that list the rest."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    DividerBlock,
    HeaderBlock,
)
from slack_sdk.models.views import View

from bot.coach.domain.engagement import Stage
from bot.coach.render.messages import STAGE_NAMES
from bot.home.view import EngagementState, Event, GroupReadiness, HomeView, Place, Task, ToDo, Upcoming
from bot.ids import CalendarAction, CoachAction, SeriesAction
from bot.slack import fit
from bot.slack.blocks import actions, button, section
from bot.slack.text import local_datetime, mention

TITLE = "Your coaching and peer assessment"
NAME_SHOWN = 80  # an engagement's name on the Home (its form allows more; `/coach status` shows it whole)
UPCOMING_SHOWN = 10
WHERE_TO_LIST = "`/coach status` and `/assess plans` list them"
EMPTY = (
    "*Nothing here for you yet.* This tab shows your coaching calls and peer-assessment sessions, what "
    "you still have to do for them, and the groups you look after, once you are part of one.\n"
    "• A facilitator plans a peer-assessment series with `/assess plan`, or runs a session now with "
    "`/assess @ana @ben @cho`.\n"
    "• A coach sets up a coaching engagement for two leaders with `/coach new`.\n"
    "`/assess help` and `/coach help` say more."
)
FOOTER = "Times are shown in your own time zone. `/coach help` · `/assess help`"

# Each task: its line's lead, its button's label and action id.
BUTTONS: dict[Task, tuple[str, CoachAction | SeriesAction]] = {
    Task.INTAKE: ("Answer the intake", CoachAction.OPEN_INTAKE),
    Task.CHECKIN: ("Check in", CoachAction.OPEN_CHECKIN),
    Task.CONFIRM: ("Confirm", CoachAction.CONFIRM_COMMITMENT),
    Task.TELL: ("I have told them", CoachAction.TOLD_COLLEAGUE),
    Task.PREPARE: ("Prepare", SeriesAction.OPEN_PREP),
    Task.PREPARED: ("Edit preparation", SeriesAction.OPEN_PREP),
}


def home_view(view: HomeView) -> View:
    top: list[Block] = [HeaderBlock(text=TITLE), _calendar()]
    if view.empty:
        return View(type="home", blocks=[*top, section(EMPTY)])
    body = _upcoming(view.upcoming)
    tail: list[Block] = [fit.context(FOOTER)]
    room = fit.VIEW_BLOCKS - len(top) - len(body) - len(tail)
    # The "and N more" line and the view's own keys take well under a kilobyte.
    space = fit.VIEW_BYTES - sum(_size(b) for b in (*top, *body, *tail)) - 1000
    entries = _entries(view)
    return View(type="home", blocks=[*top, *body, *_within(entries, room, space), *tail])


def _calendar() -> ActionsBlock:
    readers = "Show your calendar feed address, to subscribe to your calls and sessions"
    return actions(button(CalendarAction.FEED_SHOW, "Calendar feed", "show", accessibility_label=readers))


def place(where: Place) -> str:
    if where.engagement is not None:
        return f"*{fit.typed(where.engagement, NAME_SHOWN)}*"
    return f"<#{where.channel_id}>"


def event_text(item: Upcoming) -> str:
    if item.event is Event.OWN_CALL:
        return "Your coaching call"
    if item.event is Event.LEADER_CALL:
        return f"Coaching call with {mention(item.with_id or '')}"
    if item.event is Event.THREE_WAY:
        return "Three-way call"
    moved = " (moved)" if item.event is Event.SESSION_MOVED else ""
    return f"Session {item.number}{moved} of the series"


def _upcoming(ahead: Sequence[Upcoming]) -> list[Block]:
    if not ahead:
        return []
    lines = [f"• {local_datetime(x.at)} · {event_text(x)} · {place(x.place)}" for x in ahead[:UPCOMING_SHOWN]]
    if len(ahead) > UPCOMING_SHOWN:
        lines.append(f"and {len(ahead) - UPCOMING_SHOWN} more: {WHERE_TO_LIST}.")
    text = fit.lines(lines, head="*Coming up*", more=lambda n: f"and {n} more: {WHERE_TO_LIST}.")
    return [section(text)]


def todo_text(item: ToDo) -> str:
    where = place(item.place)
    due = f" (due {local_datetime(item.due)})" if item.due is not None else ""
    if item.task is Task.INTAKE:
        return f":memo: *Intake* for {where}: your answers to the coach's questions{due}."
    if item.task is Task.CHECKIN:
        call = f" ({local_datetime(item.at)})" if item.at is not None else ""
        return f":speech_balloon: *Check in* after your call{call} in {where}."
    if item.task is Task.CONFIRM:
        return (
            f":handshake: *Confirm* a commitment of {mention(item.with_id or '')} in {where}. "
            "Its words are in your direct messages from me."
        )
    if item.task is Task.TELL:
        who = mention(item.with_id or "")
        return f":speaking_head_in_silhouette: *Tell* {who} about your commitment ({where})."
    if item.task is Task.PREPARE:
        return f":memo: *To prepare* for the series in {where}: an example and a statement{due}."
    return (
        f":white_check_mark: Your preparation for the series in {where} is in; "
        "you can edit it until your round starts."
    )


def _todo(item: ToDo) -> Block:
    label, action = BUTTONS[item.task]
    return section(todo_text(item), fitted=True, accessory=button(action, label, item.value))


def engagement_text(state: EngagementState) -> str:
    roles = ", ".join(r for r in state.roles if r != "creator") or "creator"
    head = f"*{fit.typed(state.name, NAME_SHOWN)}* · {STAGE_NAMES[Stage(state.stage)]} · you: {roles}"
    facts = []
    if state.next_call is not None:
        facts.append(f"next call {local_datetime(state.next_call)}")
    if state.intakes is not None:
        facts.append(f"intake {state.intakes[0]} of {state.intakes[1]} in")
    if state.reviews_open is not None:
        facts.append(f"{state.reviews_open} feedback items awaiting review")
    if state.commitments is not None:
        facts.append(
            f"{state.commitments[0]} of {state.commitments[1]} commitments confirmed by both leaders"
        )
    if state.checkins is not None:
        facts.append(f"{state.checkins} check-ins")
    if state.calls is not None:
        facts.append(f"calls held {state.calls[0]}, skipped {state.calls[1]}")
    return head + ("\n" + " · ".join(facts) if facts else "")


def group_text(group: GroupReadiness) -> str:
    head = f"*Your group in <#{group.channel_id}>: who is ready*"
    if group.next_session is not None:
        head += f" (next session {local_datetime(group.next_session)})"
    lines = [f":white_check_mark: {mention(u)}" for u in group.ready]
    lines += [f":hourglass: {mention(u)} (not yet)" for u in group.waiting]
    return fit.lines(lines, head=head)


@dataclass(frozen=True)
class _Entry:
    block: Block
    kind: str  # "todo", "group", or "" for a heading


def _entries(view: HomeView) -> list[_Entry]:
    entries: list[_Entry] = []
    if view.todo:
        entries.append(_Entry(HeaderBlock(text="To do"), ""))
        entries += [_Entry(_todo(x), "todo") for x in view.todo]
    if view.engagements or view.groups:
        entries.append(_Entry(DividerBlock(), ""))
        entries.append(_Entry(HeaderBlock(text="Your engagements and groups"), ""))
        entries += [_Entry(section(engagement_text(x)), "group") for x in view.engagements]
        entries += [_Entry(section(group_text(x)), "group") for x in view.groups]
    return entries


def _size(block: Block) -> int:
    # As slack_sdk sends it: JSON with every character past ASCII escaped (`\u00e9`, six bytes).
    return len(json.dumps(block.to_dict()))


def _within(entries: list[_Entry], room: int, space: int) -> list[Block]:
    """Every entry while the tab has room (blocks, and bytes: Slack refuses a view over 250 kB); else the
    first ones and a line that counts the rest."""
    totals = list(accumulate(_size(e.block) for e in entries[:room]))  # past `room` nothing is shown
    if len(entries) <= room and (not totals or totals[-1] <= space):
        return [e.block for e in entries]
    kept = entries[: min(room - 1, bisect_right(totals, space))]
    while kept and not kept[-1].kind:  # a heading with nothing under it says nothing
        kept.pop()
    left = entries[len(kept) :]
    todo, groups = (sum(1 for e in left if e.kind == k) for k in ("todo", "group"))
    parts = [f"{todo} more to do"] if todo else []
    parts += [f"{groups} more engagements and groups"] if groups else []
    return [*(e.block for e in kept), fit.context(f"and {' and '.join(parts)}: {WHERE_TO_LIST}.")]
