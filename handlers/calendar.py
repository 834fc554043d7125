"""The calendar's listeners: `/coach calendar …` and `/assess calendar …`, and the feed buttons (App Home's
`calendar_feed_show` opens a modal; replace and revoke answer where they were pressed). The link is shown to
its owner only: in an ephemeral answer or a modal, never in a stored message.
Refusals: handlers/refusals.py."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.calendar import commands, forms, render
from bot.calendar.service import coach as coach_calendar
from bot.calendar.service import links
from bot.coach import store as coach_store
from bot.coach.domain.visibility import Role
from bot.ids import COMMAND_ASSESS, COMMAND_COACH, CalendarAction, CalendarView
from bot.platform.errors import Refused
from bot.runtime import Services
from handlers.kit import Ref, typed_ref
from handlers.refusals import answering
from storage.db import Database

NO_ENGAGEMENT = "You are not part of a coaching engagement, so there is no meeting to date."


def handle_calendar_command(ack: Ack, command: dict[str, Any], client: WebClient, services: Services) -> None:
    team, user, now = command["team_id"], command["user_id"], services.clock.now()
    which = "coach" if command.get("command") == COMMAND_COACH else "assess"
    parsed = commands.parse(command.get("text", ""), command=which, today=now.date())
    db = services.db
    if parsed.verb is commands.CalendarVerb.MEETING:
        assert parsed.meeting is not None
        with db.read() as s:
            eng = coach_store.choose(s, team, user, named=parsed.rest, verb="calendar")
            eid, zone = (eng.id, eng.zone) if eng else (None, "")
        if eid is None:
            ack(text=NO_ENGAGEMENT)
            return
        if parsed.day is None or parsed.at is None:  # no date typed: the small form asks for it
            _require_coach(db, eid, user)
            ack()
            client.views_open(
                trigger_id=command["trigger_id"], view=render.meeting_view(eid, parsed.meeting, zone)
            )
            return
        answer = coach_calendar.set_meeting(
            db, engagement_id=eid, user_id=user, meeting=parsed.meeting, day=parsed.day, at=parsed.at, now=now
        )
        ack(text=answer)
        services.kick()
        return
    link = _link(parsed.verb, team, user, services)
    ack(
        text=render.feed_text(url=link.url, since=link.since),
        blocks=render.feed_blocks(url=link.url, since=link.since),
    )


def _link(verb: commands.CalendarVerb, team: str, user: str, services: Services) -> links.Link:
    db, now, base = services.db, services.clock.now(), services.public_url
    if verb is commands.CalendarVerb.NEW:
        return links.replace(db, team_id=team, user_id=user, base_url=base, now=now)
    if verb is commands.CalendarVerb.REVOKE:
        return links.revoke(db, team_id=team, user_id=user, now=now)
    return links.show(db, team_id=team, user_id=user, base_url=base, now=now)


def handle_feed_show(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """From App Home: a modal, opened while the trigger_id lives (3 s)."""
    ack()
    link = _link(commands.CalendarVerb.SHOW, body["team"]["id"], body["user"]["id"], services)
    client.views_open(trigger_id=body["trigger_id"], view=render.feed_view(url=link.url, since=link.since))


def handle_feed_change(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    services: Services,
) -> None:
    """Replace or revoke: the presser's own link, answered in the modal or message that had the button."""
    ack()
    verb = (
        commands.CalendarVerb.NEW
        if action["action_id"] == CalendarAction.FEED_REPLACE
        else commands.CalendarVerb.REVOKE
    )
    link = _link(verb, body["team"]["id"], body["user"]["id"], services)
    if body.get("view"):
        client.views_update(view_id=body["view"]["id"], view=render.feed_view(url=link.url, since=link.since))
    else:
        respond(
            text=render.feed_text(url=link.url, since=link.since),
            blocks=render.feed_blocks(url=link.url, since=link.since),
            response_type="ephemeral",
            replace_original=True,
        )


def _require_coach(db: Database, engagement_id: int, user: str) -> None:
    """Only the coach dates a meeting: refused before the form opens, not after it is filled in."""
    with db.read() as s:
        coach_store.require(s, engagement_id, user, {Role.COACH}, "set the date of a meeting")


def handle_meeting_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], ref: Ref, services: Services
) -> None:
    """Checked as typed (errors on the field), then dated; a refusal is said on the form's first field."""
    now = services.clock.now()
    day, at = forms.parse_meeting(view["state"]["values"], today=now.date())
    if ref.part >= len(forms.MEETINGS):
        raise Refused("That form is out of date: type `/coach calendar feedback` or `alignment` again.")
    meeting = forms.MEETINGS[ref.part]
    coach_calendar.set_meeting(
        services.db,
        engagement_id=ref.id,
        user_id=body["user"]["id"],
        meeting=meeting,
        day=day,
        at=at,
        now=now,
    )
    ack()
    services.kick()


def _calendar_text(command: dict[str, Any]) -> bool:
    return commands.is_calendar(command.get("text"))


def register(app: App) -> None:
    """Before the programmes' own `/coach` and `/assess` listeners: Bolt tries them in order."""
    for name in (COMMAND_COACH, COMMAND_ASSESS):
        app.command(name, matchers=[_calendar_text])(answering(handle_calendar_command))
    app.action(CalendarAction.FEED_SHOW.value)(answering(handle_feed_show))
    app.view(CalendarView.MEETING.value, middleware=[typed_ref])(answering(handle_meeting_submission))
    for action_id in (CalendarAction.FEED_REPLACE, CalendarAction.FEED_REVOKE):
        app.action(action_id.value)(answering(handle_feed_change))
