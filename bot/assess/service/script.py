"""The facilitator's script, sent by DM at the start (render/script.py shows it)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.assess.render.script import script_message
from bot.slack.effects import enqueue_dm
from storage.assess import AssessSession


def enqueue_script(s: Session, sitting: AssessSession, now: datetime) -> None:
    enqueue_dm(
        s,
        dedupe_key=f"assess:session:{sitting.id}:script",
        team_id=sitting.team_id,
        user_id=sitting.facilitator_id,
        message=script_message(sitting),
        now=now,
    )
