"""Starting a planned session from its reminder: the rotation with the planned leaders and timing."""

from __future__ import annotations

from datetime import datetime

from bot.assess import store as assess_store
from bot.assess.commands import StartRotation
from bot.assess.service import sessions as service
from bot.home import refresh as homes
from bot.platform.errors import Refused
from bot.series import store
from bot.series.domain import OPEN, SessionStatus
from bot.slack.effects import refresh_anchor
from bot.slack.port import Slack
from bot.slack.text import mention
from storage.db import Database
from storage.series import AssessSeries, SeriesSession
from storage.types import row_id


def start_planned(*, db: Database, slack: Slack, session_id: int, user_id: str, now: datetime) -> None:
    """Only the series' facilitator or a listed one may start it; a session starts once."""
    with db.session() as s:
        sitting = s.get(SeriesSession, session_id)
        series = s.get(AssessSeries, sitting.series_id) if sitting is not None else None
        if sitting is None or series is None:
            raise Refused("That session no longer exists.")
        if not store.may_facilitate(s, series.team_id, user_id, series=series):
            raise Refused(
                f"Only {mention(series.facilitator_id)} or a listed facilitator can start this session."
            )
        if sitting.status not in OPEN:
            raise Refused(f"Session {sitting.number} is already {sitting.status}.")
        where = service.Where(series.team_id, series.channel_id, user_id)
        request = StartRotation(
            store.leaders_of(series),
            assess_store.parse_timing(series.timing),
            anonymous=series.anonymous,
            sponsor_ids=store.sponsors_of(series),
            sponsor_channel=series.sponsor_channel_id,
            # One key per series: each leader's score trend and the sponsors' chart span its sessions.
            series_key=f"series:{series.id}",
            series_number=sitting.number,
            min_group=series.min_group,
        )
    # The one call into live rounds: the series' own settings (sponsors, anonymity) travel in the request.
    service.start_session(db, slack, where, request, now)
    with db.session() as s:
        live = assess_store.live_session_in(s, where.team_id, where.channel_id)
        sitting = s.get(SeriesSession, session_id)
        assert sitting is not None
        sitting.status = SessionStatus.STARTED
        sitting.assess_session_id = live.id if live is not None else None
        s.add(sitting)
        planned = s.get(AssessSeries, sitting.series_id)
        if planned is not None:  # the session is no longer ahead; preparation closes round by round
            homes.series(s, planned, now)
        if live is not None:
            # The first card went out before this link existed: render it again, with the statement.
            first = assess_store.current_round(s, row_id(live))
            if first is not None:
                refresh_anchor(s, assess_store.card_key(row_id(first)), now=now, urgent=True)
