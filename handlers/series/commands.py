"""`/assess plan|plans|move|cancel|facilitators…`: the series subcommands of `/assess`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.ids import COMMAND_ASSESS
from bot.runtime import Services
from bot.series.commands import SeriesCommand, is_series, parse_series
from bot.series.domain import Verb
from bot.series.render import modals
from bot.series.service import access, changes
from handlers.refusals import answering


def handle_series_command(ack: Ack, command: dict[str, Any], client: WebClient, services: Services) -> None:
    team, channel, user = command["team_id"], command["channel_id"], command["user_id"]
    parsed = parse_series(command.get("text", ""), today=services.clock.now().date())
    if parsed.verb == Verb.PLAN:
        access.require(db=services.db, team_id=team, user_id=user, what="plan a series")
        ack()  # the trigger_id lives 3 s: open the modal before anything slow
        client.views_open(trigger_id=command["trigger_id"], view=modals.plan_view(team, channel))
        return
    ack(text=_answer(parsed, team, channel, user, client, services))
    services.kick()


def _answer(
    parsed: SeriesCommand, team: str, channel: str, user: str, client: WebClient, services: Services
) -> str:
    db, now = services.db, services.clock.now()
    if parsed.verb == Verb.PLANS:
        return changes.plans_text(db=db, team_id=team, channel_id=channel, user_id=user)
    if parsed.verb == Verb.MOVE:
        assert parsed.day is not None
        assert parsed.at is not None
        return changes.move_session(
            db=db, team_id=team, channel_id=channel, user_id=user, number=parsed.number, day=parsed.day,
            at=parsed.at, now=now,
        )  # fmt: skip
    if parsed.verb == Verb.CANCEL:
        return changes.cancel_session(
            db=db, team_id=team, channel_id=channel, user_id=user, number=parsed.number, now=now
        )
    if parsed.verb == Verb.ADD:
        return access.add(
            db=db,
            slack=services.gateway.answering(client),
            team_id=team,
            by=user,
            user_id=parsed.user_id,
            now=now,
        )
    if parsed.verb == Verb.REMOVE:
        return access.remove(db=db, team_id=team, by=user, user_id=parsed.user_id)
    return access.facilitators_text(db=db, team_id=team)


def _series_text(command: dict[str, Any]) -> bool:
    return is_series(command.get("text", ""))


def register(app: App) -> None:
    app.command(COMMAND_ASSESS, matchers=[_series_text])(answering(handle_series_command))
