"""Each person's App Home tab: their upcoming sessions, what they still have to prepare, and for
facilitators who in their group is ready."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
)
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.models.views import View
from sqlmodel import Session, select

from bot.ids import SeriesAction
from bot.series import prep, render, store
from bot.slack import fit
from bot.slack.blocks import section
from bot.slack.text import local_datetime, mention
from storage.db import Database
from storage.programme_models import AssessSeries

MAX_SESSIONS_SHOWN = 10


def home_view(db: Database, *, team_id: str, user_id: str, now: datetime) -> dict[str, Any]:
    with db.session() as s:
        mine = [x for x in _planned(s, team_id) if _involved(x, user_id)]
        blocks: list[Block] = [HeaderBlock(text="Your peer-assessment sessions")]
        blocks += _upcoming(s, mine, now)
        groups = _to_prepare(s, [x for x in mine if user_id in store.leaders_of(x)], user_id)
        groups += _readiness(s, [x for x in mine if x.facilitator_id == user_id])
    blocks += _within_a_tab(groups, fit.VIEW_BLOCKS - len(blocks))
    if len(blocks) == 1:
        blocks.append(
            section("Nothing planned for you yet. A facilitator plans a series with `/assess plan`.")
        )
    return View(type="home", blocks=blocks).to_dict()


def _planned(s: Session, team_id: str) -> list[AssessSeries]:
    query = select(AssessSeries).where(AssessSeries.team_id == team_id, AssessSeries.status == "planned")
    return list(s.exec(query).all())


def _involved(series: AssessSeries, user_id: str) -> bool:
    return (
        user_id == series.facilitator_id
        or user_id in store.leaders_of(series)
        or user_id in store.sponsors_of(series)
    )


def _upcoming(s: Session, mine: list[AssessSeries], now: datetime) -> list[Block]:
    ahead = [
        (sitting.scheduled_at, series, sitting)
        for series in mine
        for sitting in store.sessions_of(s, series.id or 0)
        if sitting.status in store.OPEN and sitting.scheduled_at > now
    ]
    if not ahead:
        return []
    ahead.sort(key=lambda item: item[0])
    lines = [
        f"• {render.session_line(x.number, x.scheduled_at, x.status)} in <#{series.channel_id}>"
        for _, series, x in ahead[:MAX_SESSIONS_SHOWN]
    ]
    return [section("*Upcoming sessions*\n" + "\n".join(lines))]


def _within_a_tab(groups: list[list[Block]], room: int) -> list[Block]:
    """Whole groups (one series each) while Slack's 100 blocks allow, then how many more and where."""
    blocks: list[Block] = []
    for shown, group in enumerate(groups):
        if len(blocks) + len(group) > room - 1:
            more = f"and {len(groups) - shown} more series: `/assess plans` in their channels lists them."
            return [*blocks, fit.context(more)]
        blocks += group
    return blocks


def _to_prepare(s: Session, leading: list[AssessSeries], user_id: str) -> list[list[Block]]:
    blocks: list[list[Block]] = []
    for series in leading:
        if prep.round_has_begun(s, series.id or 0, user_id):
            continue
        done = store.preps_of(s, series.id or 0).get(user_id)
        prepared = done is not None and done.submitted_at is not None
        text = (
            f":white_check_mark: Your preparation for the series in <#{series.channel_id}> is in; "
            "you can edit it until your round starts."
            if prepared
            else f":memo: *To prepare* for the series in <#{series.channel_id}>: an example and a statement, "
            f"due {local_datetime(store.prep_due(s, series))}."
        )
        label = "Edit preparation" if prepared else "Prepare"
        button = ButtonElement(text=label, action_id=SeriesAction.OPEN_PREP, value=str(series.id))
        blocks.append([section(text), ActionsBlock(elements=[button])])
    return blocks


def _readiness(s: Session, running: list[AssessSeries]) -> list[list[Block]]:
    blocks: list[list[Block]] = []
    for series in running:
        ready, waiting = prep.ready_leaders(s, series)
        lines = [f":white_check_mark: {mention(u)}" for u in ready]
        lines += [f":hourglass: {mention(u)} (not yet)" for u in waiting]
        head = f"*Your group in <#{series.channel_id}>: who is ready*"
        blocks.append(
            [
                DividerBlock(),
                section(fit.lines(lines, head=head)),
                ContextBlock(
                    elements=[MarkdownTextObject(text="Leaders who are not ready get one reminder.")]
                ),
            ]
        )
    return blocks
