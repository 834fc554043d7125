"""The focus leader's own scores (1-10): asked in self-assessment and again in re-assessment, never shown
to peers; the digest shows both, the shift, and the leader's trend across a series."""

from __future__ import annotations

from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.assess import store
from bot.assess.domain.phases import RE_PHASE, SELF_PHASE
from bot.assess.domain.statuses import ACTIVE
from bot.assess.render.digest import ScoreSummary, TrendPoint
from bot.assess.render.scores import score_blocks
from bot.platform.errors import Refused
from bot.slack.text import mention
from storage.assess import AssessRound, AssessSession
from storage.db import Database
from storage.types import row_id


def record_score(db: Database, *, value: str, user_id: str, score: int) -> list[Block]:
    """Keep the leader's score; answers with the score blocks to show everyone (without the number)."""
    round_part, _, phase_part = value.partition(":")
    round_id, phase = int(round_part), int(phase_part)
    if not 1 <= score <= 10 or phase not in (SELF_PHASE, RE_PHASE):
        raise Refused("That is not a score I can keep.")
    with db.session() as s:
        rnd = store.lock_round(s, round_id)
        if rnd is None:
            raise Refused("That round no longer exists.")
        if rnd.leader_id != user_id:
            raise Refused(f"Only {mention(rnd.leader_id)} can score their own round.")
        if rnd.status not in ACTIVE:
            raise Refused("This round has ended: scores are taken while it runs.")
        if phase == SELF_PHASE:
            rnd.self_score = score
        else:
            rnd.re_score = score
        s.add(rnd)
    return score_blocks(round_id, phase, user_id, scored=True)


def score_summary(s: Session, sitting: AssessSession, rnd: AssessRound) -> ScoreSummary:
    """This round's scores and, across the series so far, the same leader's scores in each session."""
    trend: list[TrendPoint] = []
    for number, session in enumerate(store.series_sessions(s, sitting), start=1):
        mine = [r for r in store.rounds_of(s, row_id(session)) if r.leader_id == rnd.leader_id]
        if mine and (mine[0].self_score is not None or mine[0].re_score is not None):
            trend.append(TrendPoint(session.series_number or number, mine[0].self_score, mine[0].re_score))
    return ScoreSummary(rnd.self_score, rnd.re_score, tuple(trend))
