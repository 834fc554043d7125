"""`/coach` modal submissions; the services check the person's role each time.
Refusals and field errors are answered by handlers/refusals.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.coach import forms
from bot.coach.service import calls, coaches, records, setup
from bot.ids import CoachView
from bot.platform.forms import Values
from bot.runtime import Services
from bot.slack.people import person, time_zone
from handlers.kit import Ref, checked_after_ack, typed_ref
from handlers.refusals import answering

CHECKING = "Checking the people you named…"
CREATED = "The engagement is set up. Everyone in it hears from me in a direct message."


def handle_new_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    """Checked as typed first (errors answer the submission); then acknowledged with a working view while
    everyone named is looked up: a failed check shows the form again with its errors (handlers/errors.py)."""
    # A new engagement belongs to the workspace Slack's signed body names (Bolt's context), never to one
    # read from the view's private_metadata.
    user, team, now = body["user"]["id"], context.team_id or "", services.clock.now()
    values = view["state"]["values"]
    form = forms.parse_new(values, creator_id=user, today=now.date())  # before any look-up
    with services.db.read() as s:  # and who may create one: the database answers at once
        coaches.check_engagement(s, team_id=team, creator_id=user, coach_id=form.coach)
    with checked_after_ack(ack, client, context, view, done=CREATED, checking=CHECKING):
        zone = time_zone(client, user)
        forms.check_people(form, lambda who: person(client, who))
        setup.create_engagement(services.db, team_id=team, creator_id=user, zone=zone, form=form, now=now)
    services.kick()


Submit = Callable[[Values, Ref, str, Services], None]


def _submit_intake(values: Values, ref: Ref, user: str, services: Services) -> None:
    answers = forms.parse_intake(values)
    records.save_intake(
        services.db,
        engagement_id=ref.id,
        user_id=user,
        answers=answers,
        shared=forms.shared(values),
        now=services.clock.now(),
    )


def _submit_feedback(values: Values, ref: Ref, user: str, services: Services) -> None:
    item = forms.parse_feedback(values, records.leaders(services.db, ref.id))
    records.record_feedback(
        services.db, engagement_id=ref.id, user_id=user, item=item, now=services.clock.now()
    )


def _submit_commitment(values: Values, ref: Ref, user: str, services: Services) -> None:
    now = services.clock.now()
    item = forms.parse_commitment(values, records.leaders(services.db, ref.id), today=now.date())
    records.record_commitment(
        services.db,
        engagement_id=ref.id,
        user_id=user,
        text=item.text,
        owner_id=item.owner_id,
        due=item.due,
        now=now,
    )


def _submit_checkin(values: Values, ref: Ref, user: str, services: Services) -> None:
    answers = forms.parse_checkin(values)
    records.save_checkin(
        services.db,
        engagement_id=ref.id,
        call_id=ref.part,
        user_id=user,
        answers=answers,
        now=services.clock.now(),
    )


def _submit_move(values: Values, ref: Ref, user: str, services: Services) -> None:
    day, at = forms.parse_move(values, today=services.clock.now().date())
    # A refusal is said on the modal's first field, the day (handlers/errors.py).
    calls.move_call(
        services.db,
        engagement_id=ref.id,
        call_id=ref.part,
        user_id=user,
        day=day,
        at=at,
        now=services.clock.now(),
    )


SUBMITS: dict[CoachView, Submit] = {
    CoachView.INTAKE: _submit_intake,
    CoachView.FEEDBACK: _submit_feedback,
    CoachView.COMMITMENT: _submit_commitment,
    CoachView.CHECKIN: _submit_checkin,
    CoachView.MOVE: _submit_move,
}


def handle_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], ref: Ref, services: Services
) -> None:
    """Validate, save, then close the modal: no look-ups, so all of it before the ack."""
    SUBMITS[CoachView(view["callback_id"])](view["state"]["values"], ref, body["user"]["id"], services)
    ack()
    services.kick()


def register(app: App) -> None:
    app.view(CoachView.NEW.value)(answering(handle_new_submission))
    for callback in SUBMITS:
        app.view(callback.value, middleware=[typed_ref])(answering(handle_submission))
