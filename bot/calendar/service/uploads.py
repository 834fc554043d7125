"""The .ics files due to people's DMs, for the gateway to upload (bot/slack/uploads.py): each drawn at send
time from the calendar as it then stands, so a later change is never undone by an earlier file. A file is
marked sent only once Slack has it; one Slack refuses is retried with backoff, then failed on its own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from sqlmodel import Session, col, select

from bot.calendar import ics, render, store
from bot.calendar.domain import Entry
from bot.slack import uploads
from storage.calendar import CalendarInvite

BATCH = 200  # per tick: a closed programme's cancellations for everyone in it fit easily


def draw(entry: Entry, what: str) -> bytes:
    """The file for one change: request (the series), update:<key>, cancel:<key>, close:<key>,<key>…"""
    verb, _, rest = what.partition(":")
    if verb == "update":
        return ics.update(entry, rest)
    if verb in ("cancel", "close"):
        return ics.cancel(entry, [k for k in rest.split(",") if entry.occurrence(k) is not None])
    return ics.request(entry)


@uploads.register
def due_invites(s: Session, now: datetime) -> list[uploads.Upload]:
    rows = s.exec(
        select(CalendarInvite)
        .where(CalendarInvite.status == "pending", col(CalendarInvite.due_at) <= now)
        .order_by(col(CalendarInvite.due_at), col(CalendarInvite.key))
        .limit(BATCH)
    ).all()
    found = {e.source: e for e in store.entries(s, sorted({r.source for r in rows}))}
    due = []
    for row in rows:
        entry = found.get(row.source)
        if entry is None or row.user_id not in entry.attendees:
            continue  # erased with its engagement; or, never, someone not in it
        draw_it: Callable[[], bytes] = partial(draw, entry, row.change)
        due.append(
            uploads.Upload(
                key=row.key,
                team_id=row.team_id,
                channel_id=None,
                user_id=row.user_id,
                filename=render.filename(entry, row.change),
                title=render.title(entry, row.change),
                draw=draw_it,
                first_at=row.due_at,
                settle=_settle,
                comment=render.comment(entry, row.change),
            )
        )
    return due


def _settle(s: Session, key: str, status: uploads.Settled | None, at: datetime | None) -> None:
    uploads.settle_row(s, s.get(CalendarInvite, key), status, at)
