"""Each person's App Home tab: their upcoming sessions, what they still have to prepare, and for
facilitators who in their group is ready. `load_home` reads the rows into a view; `home_view` is pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import (
    Block,
    DividerBlock,
    HeaderBlock,
)
from slack_sdk.models.views import View
from sqlmodel import Session

from bot.ids import SeriesAction
from bot.series import store
from bot.series.domain import OPEN
from bot.series.render.messages import session_line
from bot.slack import fit
from bot.slack.blocks import buttons, context, section
from bot.slack.text import local_datetime, mention
from storage.db import Database
from storage.series import AssessSeries
from storage.types import row_id

MAX_SESSIONS_SHOWN = 10


@dataclass(frozen=True)
class Upcoming:
    number: int
    at: datetime
    status: str
    channel_id: str


@dataclass(frozen=True)
class ToPrepare:
    series_id: int
    channel_id: str
    prepared: bool
    due: datetime


@dataclass(frozen=True)
class Readiness:
    channel_id: str
    ready: list[str]
    waiting: list[str]


@dataclass(frozen=True)
class HomeView:
    upcoming: list[Upcoming]  # soonest first
    to_prepare: list[ToPrepare]
    readiness: list[Readiness]


def load_home(s: Session, *, team_id: str, user_id: str, now: datetime) -> HomeView:
    mine = [x for x in store.planned_for_team(s, team_id) if _involved(x, user_id)]
    ahead = [
        Upcoming(sitting.number, sitting.scheduled_at, sitting.status, series.channel_id)
        for series in mine
        for sitting in store.sessions_of(s, row_id(series))
        if sitting.status in OPEN and sitting.scheduled_at > now
    ]
    ahead.sort(key=lambda item: item.at)
    to_prepare = [
        ToPrepare(
            row_id(series),
            series.channel_id,
            user_id in store.prepared_leaders(s, row_id(series)),
            store.prep_due(s, series),
        )
        for series in mine
        if user_id in store.leaders_of(series) and not store.round_has_begun(s, row_id(series), user_id)
    ]
    readiness = [
        Readiness(series.channel_id, *store.ready_leaders(s, series))
        for series in mine
        if series.facilitator_id == user_id
    ]
    return HomeView(ahead, to_prepare, readiness)


def home_for(db: Database, *, team_id: str, user_id: str, now: datetime) -> View:
    """The tab to publish for this person now."""
    with db.session() as s:
        view = load_home(s, team_id=team_id, user_id=user_id, now=now)
    return home_view(view)


def home_view(view: HomeView) -> View:
    blocks: list[Block] = [HeaderBlock(text="Your peer-assessment sessions")]
    blocks += _upcoming(view.upcoming)
    groups = [_to_prepare(x) for x in view.to_prepare] + [_readiness(x) for x in view.readiness]
    blocks += _within_a_tab(groups, fit.VIEW_BLOCKS - len(blocks))
    if len(blocks) == 1:
        blocks.append(
            section("Nothing planned for you yet. A facilitator plans a series with `/assess plan`.")
        )
    return View(type="home", blocks=blocks)


def _involved(series: AssessSeries, user_id: str) -> bool:
    return (
        user_id == series.facilitator_id
        or user_id in store.leaders_of(series)
        or user_id in store.sponsors_of(series)
    )


def _upcoming(ahead: list[Upcoming]) -> list[Block]:
    if not ahead:
        return []
    lines = [
        f"• {session_line(x.number, x.at, x.status)} in <#{x.channel_id}>" for x in ahead[:MAX_SESSIONS_SHOWN]
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


def _to_prepare(item: ToPrepare) -> list[Block]:
    text = (
        f":white_check_mark: Your preparation for the series in <#{item.channel_id}> is in; "
        "you can edit it until your round starts."
        if item.prepared
        else f":memo: *To prepare* for the series in <#{item.channel_id}>: an example and a statement, "
        f"due {local_datetime(item.due)}."
    )
    label = "Edit preparation" if item.prepared else "Prepare"
    return [section(text), buttons((SeriesAction.OPEN_PREP, label, str(item.series_id)))]


def _readiness(item: Readiness) -> list[Block]:
    lines = [f":white_check_mark: {mention(u)}" for u in item.ready]
    lines += [f":hourglass: {mention(u)} (not yet)" for u in item.waiting]
    head = f"*Your group in <#{item.channel_id}>: who is ready*"
    return [
        DividerBlock(),
        section(fit.lines(lines, head=head)),
        context("Leaders who are not ready get one reminder."),
    ]
