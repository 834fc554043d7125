"""The `/coach` slash command: open the modals, show status, move the engagement on, export and erase.
Refusals are answered by handlers/refusals.py."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.coach import commands, store
from bot.coach.commands import ON_ENGAGEMENT, Verb
from bot.coach.help import HELP_TEXT
from bot.coach.render import modals
from bot.coach.render.report import engagement_list, overview
from bot.coach.service import coaches, export, records, setup
from bot.ids import COMMAND_COACH
from bot.runtime import Services
from bot.slack.people import person
from handlers.refusals import answering

COMMANDS = (COMMAND_COACH,)
NO_ENGAGEMENT = (
    "You are not part of a coaching engagement. A coach or sponsor can start one with `/coach new`."
)


def handle_coach(
    ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, services: Services
) -> None:
    request = commands.parse(command.get("text"))
    verb, named = request.verb, request.rest
    team, user = command["team_id"], command["user_id"]
    if verb is Verb.COACHES:
        lookup: coaches.UserLookup = lambda who: person(client, who)  # noqa: E731
        ack(
            text=coaches.answer(
                services.db, team_id=team, by=user, text=named, lookup=lookup, now=services.clock.now()
            )
        )
        return
    if verb is Verb.NEW:
        coaches.require_creator(services.db, team_id=team, user_id=user)
        ack()  # the trigger_id lives 3 s: open the modal before anything slow
        client.views_open(trigger_id=command["trigger_id"], view=modals.new_engagement_view(team))
        return
    if verb is Verb.LIST:
        with services.db.session() as s:
            ack(text=engagement_list(s, team, user) or NO_ENGAGEMENT)
        return
    if verb not in ON_ENGAGEMENT:
        ack(text=HELP_TEXT)
        return
    with services.db.session() as s:
        eng = store.choose(s, team, user, named=named, verb=verb.value)
        eid = eng.id if eng else None
    if eid is None:
        ack(text=NO_ENGAGEMENT)
        return
    _run(verb, eid, ack, command, client, respond, services)


def _run(
    verb: Verb,
    eid: int,
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    respond: Respond,
    services: Services,
) -> None:
    user, now, db = command["user_id"], services.clock.now(), services.db
    if verb is Verb.STATUS:
        with db.session() as s:
            ack(text=overview(s, store.engagement(s, eid), user, store.roles_of(s, eid, user), now))
    elif verb in (Verb.FEEDBACK, Verb.COMMIT):
        what = "record feedback items" if verb is Verb.FEEDBACK else "record commitments"
        leaders = records.leaders_for_picker(db, engagement_id=eid, user_id=user, what=what)
        view = (
            modals.feedback_view(eid, leaders)
            if verb is Verb.FEEDBACK
            else modals.commitment_view(eid, leaders)
        )
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=view)
    elif verb is Verb.NEXT:
        ack(text=setup.advance(db, engagement_id=eid, user_id=user, now=now))
        services.kick()
    elif verb is Verb.ERASE:
        ack(text=export.erase(db, engagement_id=eid, user_id=user, now=now))
    else:
        filename, content = export.export_document(db, engagement_id=eid, user_id=user, now=now)
        ack(text="Sending the engagement's record to you in a direct message.")
        services.gateway.send_file_now(
            team_id=command["team_id"],
            user_id=user,
            filename=filename,
            content=content,
            comment=export.EXPORT_COMMENT,
        )


def register(app: App) -> None:
    app.command(COMMAND_COACH)(answering(handle_coach))
