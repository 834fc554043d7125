"""The series' buttons: Start session (on a reminder) and Prepare (in a DM or on the Home tab)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.ids import SeriesAction
from bot.runtime import Services
from bot.series.render import modals
from bot.series.service import prep, start
from handlers.kit import Ref, typed_ref
from handlers.refusals import answering


def handle_start_session(
    ack: Ack, body: dict[str, Any], ref: Ref, client: WebClient, services: Services
) -> None:
    ack()
    start.start_planned(
        db=services.db,
        slack=services.gateway.answering(client),  # the listener's client: users.info takes the Tier 4 budget
        session_id=ref.id,
        user_id=body["user"]["id"],
        now=services.clock.now(),
    )
    services.kick()


def handle_open_prep(ack: Ack, body: dict[str, Any], ref: Ref, client: WebClient, services: Services) -> None:
    ack()
    example, statement = prep.load_prep(db=services.db, series_id=ref.id, user_id=body["user"]["id"])
    view = modals.prep_view(ref.id, example=example, statement=statement)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    app.action(SeriesAction.START_SESSION.value, middleware=[typed_ref])(answering(handle_start_session))
    app.action(SeriesAction.OPEN_PREP.value, middleware=[typed_ref])(answering(handle_open_prep))
