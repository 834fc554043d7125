"""`/assess` slash commands (its series subcommands belong to the series listeners). Refusals and typing
mistakes are answered by handlers/refusals.py."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.assess.commands import StartRotation, Verb, parse_assess
from bot.assess.help import HELP_TEXT
from bot.assess.service import sessions as service
from bot.ids import COMMAND_ASSESS
from bot.privacy import sessions
from bot.privacy.destination import summary_destination
from bot.runtime import Services
from bot.series.commands import is_series
from bot.series.help import SERIES_HELP
from bot.series.service import access, changes
from handlers.refusals import answering

COMMANDS = (COMMAND_ASSESS,)


def handle_assess(
    ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, services: Services
) -> None:
    where = service.Where(command["team_id"], command["channel_id"], command["user_id"])
    parsed = parse_assess(command.get("text", ""))
    now = services.clock.now()
    if not isinstance(parsed, StartRotation) and parsed.name in (Verb.EXPORT, Verb.ERASE):
        _session_data(parsed.name, ack, client, services, where)
        return
    if not isinstance(parsed, StartRotation):
        ack(text=_subcommand(parsed.name, services, where))
        return
    access.require(db=services.db, team_id=where.team_id, user_id=where.user_id, what="start a session")
    service.refuse_if_live(services.db, where)
    ack()  # the card is the answer; Slack needs ours within 3 s
    service.start_session(services.db, services.gateway.answering(client), where, parsed, now)
    if parsed.sponsor_ids or parsed.sponsor_channel:
        where_to = summary_destination(parsed.sponsor_ids, parsed.sponsor_channel)
        respond(text=f"Session started. {where_to}", response_type="ephemeral")
    services.kick()


def _subcommand(name: Verb, services: Services, where: service.Where) -> str:
    if name == Verb.STATUS:
        live = service.status_text(services.db, where, services.clock.now())
        plans = changes.planned_here(
            db=services.db, team_id=where.team_id, channel_id=where.channel_id, user_id=where.user_id
        )
        return live if plans is None else f"{live}\n\n{plans}"
    if name == Verb.STOP:
        message = service.stop_session(services.db, where, services.clock.now())
        services.kick()
        return message
    return f"{HELP_TEXT}\n\n{SERIES_HELP}"


def _session_data(name: Verb, ack: Ack, client: WebClient, services: Services, where: service.Where) -> None:
    """`/assess export` (a JSON file in the facilitator's DM) and `/assess erase` (after the session)."""
    place = {"team_id": where.team_id, "channel_id": where.channel_id, "user_id": where.user_id}
    if name == Verb.ERASE:
        ack(text=sessions.erase_session(services.db, **place, now=services.clock.now()))
        return
    filename, content = sessions.export_session(services.db, **place, now=services.clock.now())
    ack(text="Sending the last session's record to you in a direct message.")
    services.gateway.send_file_now(
        team_id=where.team_id,
        user_id=where.user_id,
        filename=filename,
        content=content,
        comment=sessions.EXPORT_COMMENT,
    )


def _not_series(command: dict[str, Any]) -> bool:
    return not is_series(command.get("text", ""))


def register(app: App) -> None:
    # `/assess plan|plans|move|…` belongs to the series listeners, which listen for the same command.
    app.command(COMMAND_ASSESS, matchers=[_not_series])(answering(handle_assess))
