"""A leader shares their own round digest with the session's sponsors: only they may, and only once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.assess import store
from bot.assess.domain import ending
from bot.assess.render.digest import Reply, digest_messages
from bot.assess.render.share import shared_page
from bot.assess.service import scores
from bot.platform.errors import Refused
from bot.privacy import sessions as erased_sessions
from bot.slack.effects import Rendered, enqueue_dm, enqueue_post
from bot.slack.text import local_datetime, mention
from storage.assess import AssessSession
from storage.db import Database
from storage.types import row_id


def recipients(sitting: AssessSession) -> str:
    """Who a shared digest reaches: the named sponsors; the summary channel only when no sponsor is named,
    because a channel may hold people the leader never agreed to show their peers' words to."""
    names = [mention(u) for u in store.sponsors_of(sitting)]
    return ", ".join(names) if names else f"<#{sitting.sponsor_channel}>"


def share_digest(db: Database, *, round_id: int, user_id: str, now: datetime) -> str:
    """Send the digest to the sponsors once; returns the line that replaces the button."""
    with db.session() as s:
        rnd = store.lock_round(s, round_id)
        if rnd is None:
            raise Refused("That round no longer exists.")
        if rnd.leader_id != user_id:
            raise Refused(f"Only {mention(rnd.leader_id)} can share their own digest.")
        sitting = s.get(AssessSession, rnd.session_id)
        assert sitting is not None
        if erased_sessions.is_erased(s, row_id(sitting)):
            raise Refused("This session's record has been erased, so there is nothing left to share.")
        if not store.has_sponsors(sitting):
            raise Refused("This session has no sponsors to share with.")
        if rnd.digest_shared_at is not None:
            raise Refused(f"You already shared this digest ({local_datetime(rnd.digest_shared_at)}).")
        rnd.digest_shared_at = now
        s.add(rnd)
        replies = [Reply(r.user_id, r.phase, r.text) for r in store.replies_of(s, round_id)]
        pages = digest_messages(
            leader_id=rnd.leader_id,
            channel_id=sitting.channel_id,
            replies=replies,
            early_end=ending.early_end_of(rnd, sitting, store.parse_timing(sitting.timing)),
            scores=scores.score_summary(s, sitting, rnd),
        )
        intro = f"{mention(rnd.leader_id)} chose to share their round digest with you."
        _send(
            s,
            sitting,
            round_id,
            [shared_page(p, intro if n == 0 else None) for n, p in enumerate(pages)],
            now,
        )
        return f":outbox_tray: Shared with {recipients(sitting)} ({local_datetime(now)})."


def _send(s: Session, sitting: AssessSession, round_id: int, pages: list[Rendered], now: datetime) -> None:
    for number, page in enumerate(pages):
        for sponsor in store.sponsors_of(sitting):
            enqueue_dm(
                s,
                dedupe_key=f"assess:{round_id}:share:{sponsor}:{number}",
                team_id=sitting.team_id,
                user_id=sponsor,
                message=page,
                now=now,
            )
        if sitting.sponsor_channel and not store.sponsors_of(sitting):
            enqueue_post(
                s,
                dedupe_key=f"assess:{round_id}:share:channel:{number}",
                team_id=sitting.team_id,
                channel_id=sitting.sponsor_channel,
                message=page,
                now=now,
            )
