"""Small reads other programmes need from a series, without importing its services."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.programme_models import SeriesPrep, SeriesSession


def statement_for_round(s: Session, assess_session_id: int, leader_id: str) -> str | None:
    """The leader's summary statement when this live session was started from a series, else None."""
    planned = s.exec(
        select(SeriesSession).where(SeriesSession.assess_session_id == assess_session_id)
    ).first()
    if planned is None:
        return None
    prep = s.get(SeriesPrep, (planned.series_id, leader_id))
    return prep.statement if prep is not None and prep.statement else None
