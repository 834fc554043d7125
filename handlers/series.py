"""Planned series: `/assess plan|plans|facilitators`, the Start session and Prepare buttons, their modals,
and the App Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.ids import COMMAND_ASSESS, SeriesAction, SeriesView
from bot.runtime import Services
from bot.series import access, changes, form, home, modals, plan, prep, start
from bot.series.command import SeriesCommand, is_series, parse_series
from bot.slack.people import channel, person
from handlers.kit import Ref, done_view, replace_view, typed_ref, working_view
from handlers.refusals import answering

EVENTS = ("app_home_opened",)
PLANNED = "The series is planned. Its sessions are listed in `/assess plans` and on the Home tab."


def handle_series_command(ack: Ack, command: dict[str, Any], client: WebClient, services: Services) -> None:
    """`/assess plan|plans|move|cancel|facilitators…`: the series subcommands of `/assess`."""
    team, channel, user = command["team_id"], command["channel_id"], command["user_id"]
    parsed = parse_series(command.get("text", ""), today=services.clock.now().date())
    if parsed.verb == "plan":
        access.require(services.db, team, user, "plan a series")
        ack()  # the trigger_id lives 3 s: open the modal before anything slow
        client.views_open(trigger_id=command["trigger_id"], view=modals.plan_view(team, channel))
        return
    ack(text=_answer(parsed, team, channel, user, client, services))
    services.kick()


def _answer(
    parsed: SeriesCommand, team: str, channel: str, user: str, client: WebClient, services: Services
) -> str:
    db, now = services.db, services.clock.now()
    if parsed.verb == "plans":
        return changes.plans_text(db, team_id=team, channel_id=channel, user_id=user)
    if parsed.verb == "move":
        assert parsed.day is not None
        assert parsed.at is not None
        return changes.move_session(
            db, team_id=team, channel_id=channel, user_id=user, number=parsed.number, day=parsed.day,
            at=parsed.at, now=now,
        )  # fmt: skip
    if parsed.verb == "cancel":
        return changes.cancel_session(
            db, team_id=team, channel_id=channel, user_id=user, number=parsed.number, now=now
        )
    if parsed.verb == "add":
        return access.add(
            db, services.gateway.answering(client), team_id=team, by=user, user_id=parsed.user_id, now=now
        )
    if parsed.verb == "remove":
        return access.remove(db, team_id=team, by=user, user_id=parsed.user_id)
    return access.facilitators_text(db, team)


def handle_start_session(
    ack: Ack, body: dict[str, Any], ref: Ref, client: WebClient, services: Services
) -> None:
    ack()
    start.start_planned(
        services.db,
        services.gateway.answering(client),  # the listener's client: users.info takes the Tier 4 budget
        session_id=ref.id,
        user_id=body["user"]["id"],
        now=services.clock.now(),
    )
    services.kick()


def handle_open_prep(ack: Ack, body: dict[str, Any], ref: Ref, client: WebClient, services: Services) -> None:
    ack()
    example, statement = prep.load_prep(services.db, series_id=ref.id, user_id=body["user"]["id"])
    view = modals.prep_view(ref.id, example=example, statement=statement)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_plan_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    """The form is checked as typed first (errors answer the submission); then it is acknowledged with a
    working view, and the people and channels named are asked of Slack: a failed check shows the form
    again with its errors (handlers/errors.py), a passing one saves the series and says so."""
    # The workspace is the one Slack's signed body names (Bolt reads it into the context), never the view's
    # private_metadata, which only says what the app put there when it opened the modal.
    user, team, now = body["user"]["id"], context.team_id or "", services.clock.now()
    access.require(services.db, team, user, "plan a series")
    form.check_plan(view["state"]["values"], now=now)
    ack(response_action="update", view=working_view(view))
    zone = str(person(client, user).get("tz") or "UTC")
    parsed = form.parse_plan(view["state"]["values"], zone=zone, now=now)
    form.check_people(parsed, lambda who: person(client, who))
    form.check_channels(parsed, lambda channel_id: channel(client, channel_id))
    plan.create_series(services.db, team_id=team, facilitator_id=user, plan=parsed, now=now)
    replace_view(ack, client, context, view, done_view(view, PLANNED))
    services.kick()


def handle_prep_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], ref: Ref, client: WebClient, services: Services
) -> None:
    user = body["user"]["id"]
    example, statement = form.parse_prep(view["state"]["values"])
    prep.save_prep(
        services.db,
        series_id=ref.id,
        user_id=user,
        example=example,
        statement=statement,
        now=services.clock.now(),
    )
    ack()
    _publish_home(client, services, body["team"]["id"], user)


def handle_app_home_opened(
    event: dict[str, Any], body: dict[str, Any], client: WebClient, services: Services
) -> None:
    if event.get("tab", "home") == "home":
        _publish_home(client, services, str(body.get("team_id", "")), event["user"])


def _publish_home(client: WebClient, services: Services, team_id: str, user_id: str) -> None:
    view = home.home_view(services.db, team_id=team_id, user_id=user_id, now=services.clock.now())
    client.views_publish(user_id=user_id, view=view)


def _series_text(command: dict[str, Any]) -> bool:
    return is_series(command.get("text", ""))


def register(app: App) -> None:
    app.command(COMMAND_ASSESS, matchers=[_series_text])(answering(handle_series_command))
    app.action(SeriesAction.START_SESSION.value, middleware=[typed_ref])(answering(handle_start_session))
    app.action(SeriesAction.OPEN_PREP.value, middleware=[typed_ref])(answering(handle_open_prep))
    app.view(SeriesView.PLAN.value)(answering(handle_plan_submission))
    app.view(SeriesView.PREP.value, middleware=[typed_ref])(answering(handle_prep_submission))
    app.event("app_home_opened")(handle_app_home_opened)
