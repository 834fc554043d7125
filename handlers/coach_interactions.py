"""Buttons in `/coach` DMs and `/coach` modal submissions; the services check the person's role each time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.coach import calls, disclosure, forms, modals, records, setup
from bot.ids import CoachAction, CoachBlock, CoachView
from bot.platform.errors import FieldErrors, Refused
from bot.platform.forms import Values
from bot.runtime import Services
from bot.slack.handler_calls import Busy
from bot.slack.people import BUSY_FORM, person


def _ids(value: str) -> tuple[int, int]:
    first, _, second = value.partition(":")
    return int(first), int(second or 0)


def _refuse(respond: Respond, exc: Refused) -> None:
    respond(text=str(exc), response_type="ephemeral", replace_original=False)


def handle_open_modal(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    services: Services,
) -> None:
    ack()
    eid, ref = _ids(action["value"])
    user, db = body["user"]["id"], services.db
    try:
        if action["action_id"] == CoachAction.OPEN_INTAKE:
            view = modals.intake_view(eid, leader=records.intake_role(db, engagement_id=eid, user_id=user))
        elif action["action_id"] == CoachAction.OPEN_CHECKIN:
            records.checkin_call(db, engagement_id=eid, call_id=ref, user_id=user)
            view = modals.checkin_view(eid, ref)
        else:
            view = modals.move_view(eid, ref, calls.zone_of(db, engagement_id=eid, call_id=ref, user_id=user))
    except Refused as exc:
        _refuse(respond, exc)
        return
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    ack()
    eid, ref = _ids(action["value"])
    user, now, db = body["user"]["id"], services.clock.now(), services.db
    kind = CoachAction(action["action_id"])
    try:
        if kind is CoachAction.CONFIRM_COMMITMENT:
            answer = records.confirm_commitment(
                db, engagement_id=eid, commitment_id=ref, user_id=user, now=now
            )
        elif kind is CoachAction.TOLD_COLLEAGUE:
            answer = disclosure.mark_told(db, engagement_id=eid, disclosure_id=ref, user_id=user, now=now)
        elif kind is CoachAction.SKIP_CALL:
            answer = calls.skip_call(db, engagement_id=eid, call_id=ref, user_id=user, now=now)
        else:
            verdict = "agree" if kind is CoachAction.REVIEW_AGREE else "discuss"
            answer = records.review_feedback(
                db, engagement_id=eid, item_id=ref, user_id=user, verdict=verdict, now=now
            )
    except Refused as exc:
        _refuse(respond, exc)
        return
    respond(text=answer, response_type="ephemeral", replace_original=False)
    services.kick()


Submit = Callable[[Values, str, str, Services, WebClient], None]


def _submit_new(values: Values, meta: str, user: str, services: Services, client: WebClient) -> None:
    team = meta
    now = services.clock.now()
    form = forms.parse_new(values, creator_id=user, today=now.date())  # before any look-up
    zone = str(client.users_info(user=user)["user"].get("tz") or "UTC")
    forms.check_people(form, lambda who: person(client, who))
    setup.create_engagement(services.db, team_id=team, creator_id=user, zone=zone, form=form, now=now)


def _submit_intake(values: Values, meta: str, user: str, services: Services, client: WebClient) -> None:
    answers = forms.parse_intake(values)
    records.save_intake(
        services.db,
        engagement_id=int(meta),
        user_id=user,
        answers=answers,
        shared=forms.shared(values),
        now=services.clock.now(),
    )


def _submit_feedback(values: Values, meta: str, user: str, services: Services, client: WebClient) -> None:
    item = forms.parse_feedback(values, records.leaders(services.db, int(meta)))
    records.record_feedback(
        services.db, engagement_id=int(meta), user_id=user, item=item, now=services.clock.now()
    )


def _submit_commitment(values: Values, meta: str, user: str, services: Services, client: WebClient) -> None:
    now = services.clock.now()
    item = forms.parse_commitment(values, records.leaders(services.db, int(meta)), today=now.date())
    records.record_commitment(
        services.db,
        engagement_id=int(meta),
        user_id=user,
        text=item.text,
        owner_id=item.owner_id,
        due=item.due,
        now=now,
    )


def _submit_checkin(values: Values, meta: str, user: str, services: Services, client: WebClient) -> None:
    eid, call = _ids(meta)
    answers = forms.parse_checkin(values)
    records.save_checkin(
        services.db, engagement_id=eid, call_id=call, user_id=user, answers=answers, now=services.clock.now()
    )


def _submit_move(values: Values, meta: str, user: str, services: Services, client: WebClient) -> None:
    eid, call = _ids(meta)
    day, at = forms.parse_move(values, today=services.clock.now().date())
    try:
        calls.move_call(
            services.db,
            engagement_id=eid,
            call_id=call,
            user_id=user,
            day=day,
            at=at,
            now=services.clock.now(),
        )
    except Refused as exc:
        raise FieldErrors({CoachBlock.DAY: str(exc)}) from None


SUBMITS: dict[CoachView, Submit] = {
    CoachView.NEW: _submit_new,
    CoachView.INTAKE: _submit_intake,
    CoachView.FEEDBACK: _submit_feedback,
    CoachView.COMMITMENT: _submit_commitment,
    CoachView.CHECKIN: _submit_checkin,
    CoachView.MOVE: _submit_move,
}


def handle_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    """Validate, save, then close the modal; errors are shown on the fields, refusals in the modal."""
    user = body["user"]["id"]
    callback = CoachView(view["callback_id"])
    submit = SUBMITS[callback]
    # A new engagement belongs to the workspace Slack's signed body names (Bolt's context), never to one
    # read from the view's private_metadata; the other modals carry only record ids there.
    meta = (context.team_id or "") if callback is CoachView.NEW else view.get("private_metadata") or ""
    try:
        submit(view["state"]["values"], meta, user, services, client)
    except FieldErrors as exc:
        ack(response_action="errors", errors=exc.errors)
        return
    except (Refused, Busy) as exc:
        # A modal has no conversation to answer in: a refusal, or Slack limiting our look-ups, is shown on
        # the first field (an HTTP 500 would only show "trouble connecting").
        first_block = next((b["block_id"] for b in view["blocks"] if b.get("type") == "input"), "")
        ack(response_action="errors", errors={first_block: BUSY_FORM if isinstance(exc, Busy) else str(exc)})
        return
    ack()
    services.kick()


def register(app: App) -> None:
    for action_id in (CoachAction.OPEN_INTAKE, CoachAction.OPEN_CHECKIN, CoachAction.MOVE_CALL):
        app.action(action_id.value)(handle_open_modal)
    for action_id in (
        CoachAction.CONFIRM_COMMITMENT,
        CoachAction.SKIP_CALL,
        CoachAction.TOLD_COLLEAGUE,
        CoachAction.REVIEW_AGREE,
        CoachAction.REVIEW_DISCUSS,
    ):
        app.action(action_id.value)(handle_button)
    for callback in CoachView:
        app.view(callback.value)(handle_submission)
