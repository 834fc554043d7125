"""A leader's preparation: open it, save it; the statement is locked once their round has begun."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.platform.errors import Refused
from bot.series import store
from storage.db import Database
from storage.models import AssessRound, AssessSession
from storage.programme_models import AssessSeries, SeriesPrep, SeriesSession

BEGUN = "Your round has begun, so your statement can no longer change. Peers see it on your round card."


def round_has_begun(s: Session, series_id: int, leader_id: str) -> bool:
    """True while a session of this series is live and this leader's round in it is no longer waiting."""
    for sitting in s.exec(select(SeriesSession).where(SeriesSession.series_id == series_id)).all():
        if sitting.assess_session_id is None:
            continue
        live = s.get(AssessSession, sitting.assess_session_id)
        if live is None or live.status != "live":
            continue
        rounds = s.exec(
            select(AssessRound).where(AssessRound.session_id == live.id, AssessRound.leader_id == leader_id)
        ).all()
        if any(r.status != "waiting" for r in rounds):
            return True
    return False


def _editable(s: Session, series_id: int, user_id: str) -> SeriesPrep:
    series = s.get(AssessSeries, series_id)
    prep = s.get(SeriesPrep, (series_id, user_id))
    if series is None or prep is None:
        raise Refused("This preparation is for the series' leaders only.")
    if series.status != "planned":
        raise Refused("This series is over, so there is nothing left to prepare.")
    if round_has_begun(s, series_id, user_id):
        raise Refused(BEGUN)
    return prep


def load_prep(db: Database, *, series_id: int, user_id: str) -> tuple[str, str]:
    """(example, statement) so far, for the modal; refuses anyone but the leader."""
    with db.session() as s:
        prep = _editable(s, series_id, user_id)
        return prep.example, prep.statement


def save_prep(
    db: Database, *, series_id: int, user_id: str, example: str, statement: str, now: datetime
) -> None:
    with db.session() as s:
        prep = _editable(s, series_id, user_id)
        prep.example, prep.statement = example, statement
        prep.submitted_at = prep.submitted_at or now
        s.add(prep)


def ready_leaders(s: Session, series: AssessSeries) -> tuple[list[str], list[str]]:
    """(prepared, not yet), in round order."""
    preps = store.preps_of(s, series.id or 0)
    leaders = store.leaders_of(series)
    ready = [u for u in leaders if u in preps and preps[u].submitted_at is not None]
    return ready, [u for u in leaders if u not in ready]
