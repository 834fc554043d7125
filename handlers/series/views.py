"""The series' modal submissions: planning a series and a leader's preparation."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.ids import SeriesView
from bot.runtime import Services
from bot.series import forms
from bot.series.service import access, plan, prep
from bot.slack.people import channel, person, time_zone
from handlers.kit import Ref, checked_after_ack, typed_ref
from handlers.refusals import answering

PLANNED = "The series is planned. Its sessions are listed in `/assess plans` and on the Home tab."


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
    access.require(db=services.db, team_id=team, user_id=user, what="plan a series")
    forms.check_plan(view["state"]["values"], now=now)
    with checked_after_ack(ack, client, context, view, done=PLANNED):
        parsed = forms.parse_plan(view["state"]["values"], zone=time_zone(client, user), now=now)
        forms.check_people(parsed, lambda who: person(client, who))
        forms.check_channels(parsed, lambda channel_id: channel(client, channel_id))
        plan.create_series(db=services.db, team_id=team, facilitator_id=user, plan=parsed, now=now)
    services.kick()


def handle_prep_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], ref: Ref, services: Services
) -> None:
    user, team, now = body["user"]["id"], body["team"]["id"], services.clock.now()
    example, statement = forms.parse_prep(view["state"]["values"])
    prep.save_prep(
        db=services.db, series_id=ref.id, user_id=user, example=example, statement=statement, now=now
    )
    ack()
    # The Home tab shows what is left to prepare, and the leader may be looking at it: published now.
    services.gateway.publish_home_now(team_id=team, user_id=user, now=now)
    services.kick()


def register(app: App) -> None:
    app.view(SeriesView.PLAN.value)(answering(handle_plan_submission))
    app.view(SeriesView.PREP.value, middleware=[typed_ref])(answering(handle_prep_submission))
