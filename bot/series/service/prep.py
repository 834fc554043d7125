"""A leader's preparation: open it, save it; the statement is locked once their round has begun."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.home import refresh as homes
from bot.platform.errors import Refused
from bot.series.domain import SeriesStatus
from bot.series.store import round_has_begun
from storage.db import Database
from storage.series import AssessSeries, SeriesPrep

BEGUN = "Your round has begun, so your statement can no longer change. Peers see it on your round card."


def _editable(s: Session, series_id: int, user_id: str) -> SeriesPrep:
    series = s.get(AssessSeries, series_id)
    prep = s.get(SeriesPrep, (series_id, user_id))
    if series is None or prep is None:
        raise Refused("This preparation is for the series' leaders only.")
    if series.status != SeriesStatus.PLANNED:
        raise Refused("This series is over, so there is nothing left to prepare.")
    if round_has_begun(s, series_id, user_id):
        raise Refused(BEGUN)
    return prep


def load_prep(*, db: Database, series_id: int, user_id: str) -> tuple[str, str]:
    """(example, statement) so far, for the modal; refuses anyone but the leader."""
    with db.session() as s:
        prep = _editable(s, series_id, user_id)
        return prep.example, prep.statement


def save_prep(
    *, db: Database, series_id: int, user_id: str, example: str, statement: str, now: datetime
) -> None:
    with db.session() as s:
        prep = _editable(s, series_id, user_id)
        prep.example, prep.statement = example, statement
        prep.submitted_at = prep.submitted_at or now
        s.add(prep)
        series = s.get(AssessSeries, series_id)
        if series is not None:  # the leader's to-do, and their facilitator's list of who is ready
            homes.people(s, team_id=series.team_id, user_ids=[user_id, series.facilitator_id], now=now)
