"""Buttons in `/coach` DMs: open a modal or record a press; the services check the person's role each time.
Refusals are answered by handlers/refusals.py."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.coach.domain.engagement import Review
from bot.coach.render import modals
from bot.coach.service import calls, disclosure, records
from bot.ids import CoachAction
from bot.runtime import Services
from handlers.kit import Ref, typed_ref
from handlers.refusals import answering

CREATED = "The engagement is set up. Everyone in it hears from me in a direct message."


def handle_open_modal(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], ref: Ref, client: WebClient, services: Services
) -> None:
    ack()
    eid, part = ref.id, ref.part
    user, db = body["user"]["id"], services.db
    if action["action_id"] == CoachAction.OPEN_INTAKE:
        view = modals.intake_view(eid, leader=records.intake_role(db, engagement_id=eid, user_id=user))
    elif action["action_id"] == CoachAction.OPEN_CHECKIN:
        records.checkin_call(db, engagement_id=eid, call_id=part, user_id=user)
        view = modals.checkin_view(eid, part)
    else:
        view = modals.move_view(eid, part, calls.zone_of(db, engagement_id=eid, call_id=part, user_id=user))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], ref: Ref, respond: Respond, services: Services
) -> None:
    ack()
    eid, part = ref.id, ref.part
    user, now, db = body["user"]["id"], services.clock.now(), services.db
    kind = CoachAction(action["action_id"])
    if kind is CoachAction.CONFIRM_COMMITMENT:
        answer = records.confirm_commitment(db, engagement_id=eid, commitment_id=part, user_id=user, now=now)
    elif kind is CoachAction.TOLD_COLLEAGUE:
        answer = disclosure.mark_told(db, engagement_id=eid, disclosure_id=part, user_id=user, now=now)
    elif kind is CoachAction.SKIP_CALL:
        answer = calls.skip_call(db, engagement_id=eid, call_id=part, user_id=user, now=now)
    else:
        verdict = Review.AGREE if kind is CoachAction.REVIEW_AGREE else Review.DISCUSS
        answer = records.review_feedback(
            db, engagement_id=eid, item_id=part, user_id=user, verdict=verdict, now=now
        )
    if body.get("response_url"):
        respond(text=answer, response_type="ephemeral", replace_original=False)
    else:  # pressed on the Home tab: no conversation to answer in, and the Home itself shows the change
        team = str((body.get("team") or {}).get("id") or "")
        services.gateway.publish_home_now(team_id=team, user_id=user, now=now)
    services.kick()


def register(app: App) -> None:
    for action_id in (CoachAction.OPEN_INTAKE, CoachAction.OPEN_CHECKIN, CoachAction.MOVE_CALL):
        app.action(action_id.value, middleware=[typed_ref])(answering(handle_open_modal))
    for action_id in (
        CoachAction.CONFIRM_COMMITMENT,
        CoachAction.SKIP_CALL,
        CoachAction.TOLD_COLLEAGUE,
        CoachAction.REVIEW_AGREE,
        CoachAction.REVIEW_DISCUSS,
    ):
        app.action(action_id.value, middleware=[typed_ref])(answering(handle_button))
