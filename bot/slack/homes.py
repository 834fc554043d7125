"""App Home tabs as effects: a use case asks for a person's Home to be published again (a HomeTab row,
written with the change it shows); the gateway publishes it, rendered as it is at send time, so a burst of
changes before the publish goes out as one views.publish."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from slack_sdk.models.views import View
from sqlalchemy import Insert, case, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from bot.failures import backoff, error_kind
from bot.privacy.workspace import stopped_teams
from bot.slack.blocks import section
from bot.slack.budget import Budget, Rate
from bot.slack.delivery import CLAIM_FOR, FlushReport
from bot.slack.errors import classify_any
from bot.slack.tokens import Workspaces
from storage.db import Database
from storage.platform import HomeTab

log = logging.getLogger(__name__)

# A change waits this long before its Home is published: the other changes of the same burst (a stage
# change and the DMs it sends, a plan and its reminders) are published with it.
SETTLE = timedelta(seconds=2)
# views.publish is Tier 4 (100+ a minute per workspace): homes leave some of it to modals' views.update.
HOME_PUBLISHES = Rate(per_minute=80, burst=10)
# A Home Slack refuses (or that cannot be drawn) is tried this often, then left until the next change.
MAX_ATTEMPTS = 5
# One flush publishes at most this many homes; the rest wait for the next tick.
BATCH = 50
# What a person sees when their Home cannot be built: where to find the same things.
PLAIN_HOME = (
    "Your Home could not be shown just now. `/coach status` and `/assess plans` say what is next for you."
)

# (session, team id, user id, now) -> the Home tab as a View; the gateway serializes it when it publishes.
HomeRenderer = Callable[[Session, str, str, datetime], View]


def want_homes(
    s: Session, *, team_id: str, user_ids: Iterable[str], now: datetime, settle: timedelta = SETTLE
) -> None:
    """Ask for these people's Homes to be published again, `settle` from now (or sooner, if one is already
    waiting to go earlier). Written on the session's connection, in the caller's transaction."""
    table = HomeTab.__table__  # type: ignore[attr-defined]
    rows = [
        {
            "team_id": team_id,
            "user_id": user,
            "wanted_seq": 1,
            "published_seq": 0,
            "due_at": now + settle,
            "attempts": 0,
        }
        for user in sorted(set(user_ids))
        if user
    ]
    if rows:
        s.connection().execute(_upsert(s.connection().dialect.name, table), rows)


@cache
def _upsert(dialect: str, table: object) -> Insert:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table)  # type: ignore[arg-type]
    current = statement.table.c
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["team_id", "user_id"],
        set_={
            "wanted_seq": current.wanted_seq + 1,
            # Up to date: wait the settle from now. Already waiting: keep the earlier of the two instants,
            # so a steady stream of changes cannot hold a Home back for ever.
            "due_at": case(
                (current.published_seq >= current.wanted_seq, new.due_at),
                (current.due_at > new.due_at, new.due_at),
                else_=current.due_at,
            ),
            "attempts": case((current.published_seq >= current.wanted_seq, 0), else_=current.attempts),
        },
    )


class Homes:
    """Publishes the Homes wanted, within the views.publish budget; one that fails waits and is retried."""

    def __init__(
        self, *, db: Database, workspaces: Workspaces, budget: Budget, render: HomeRenderer | None
    ) -> None:
        self.db, self.workspaces, self.budget, self.render = db, workspaces, budget, render

    def publish_due(self, now: datetime, report: FlushReport) -> None:
        if self.render is None:
            return
        with self.db.read() as s:
            rows = s.exec(
                select(HomeTab.team_id, HomeTab.user_id)
                .where(col(HomeTab.wanted_seq) > col(HomeTab.published_seq))
                .where(col(HomeTab.due_at) <= now)
                .where(or_(col(HomeTab.claimed_until).is_(None), col(HomeTab.claimed_until) < now))
                .where(col(HomeTab.team_id).not_in(stopped_teams(s)))
                .order_by(col(HomeTab.due_at))
                .limit(BATCH)
            ).all()
        for team_id, user_id in rows:
            if not self.budget.try_take(f"home:{team_id}", HOME_PUBLISHES, now):
                report.deferred += 1
                continue
            if self._publish(team_id, user_id, now, report):
                report.homes += 1

    def publish_now(self, *, team_id: str, user_id: str, now: datetime) -> bool:
        """The person is looking at their Home (they opened it, or pressed a button on it): publish it
        now, by the same path, ahead of the settle. Over budget, it is left to the next flush."""
        if self.render is None:
            return False
        with self.db.session() as s:
            want_homes(s, team_id=team_id, user_ids=[user_id], now=now, settle=timedelta(0))
            if team_id in stopped_teams(s):
                return False
        if not self.budget.try_take(f"home:{team_id}", HOME_PUBLISHES, now):
            return False
        return self._publish(team_id, user_id, now, FlushReport())

    def _publish(self, team_id: str, user_id: str, now: datetime, report: FlushReport) -> bool:
        seq = self._claim(team_id, user_id, now)
        if seq is None:  # another sender has it, or nothing is wanted any more
            return False
        try:
            self.workspaces.client(team_id).views_publish(
                user_id=user_id, view=self._view(team_id, user_id, now)
            )
        except SQLAlchemyError:
            self._release(team_id, user_id)
            raise
        except Exception as exc:  # classified: waits for Slack's pace, retried, or left to the next change
            self._failed(team_id, user_id, seq, exc, now, report)
            return False
        self._settle(team_id, user_id, seq=seq)
        return True

    def _view(self, team_id: str, user_id: str, now: datetime) -> dict[str, Any]:
        """The Home as Slack takes it: renderers build slack_sdk objects, serialized (and so checked against
        slack_sdk's limits) only here, at the publish call."""
        assert self.render is not None
        try:
            with self.db.read() as s:
                return dict(self.render(s, team_id, user_id, now).to_dict())
        except SQLAlchemyError:
            raise
        except Exception as exc:  # a bug or text beyond Slack's limits: the person still gets a Home
            log.warning("a Home could not be rendered (%s): publishing the plain one", error_kind(exc))
            return dict(plain_home().to_dict())

    def _claim(self, team_id: str, user_id: str, now: datetime) -> int | None:
        table = HomeTab.__table__  # type: ignore[attr-defined]
        statement = (
            update(table)
            .where(table.c.team_id == team_id, table.c.user_id == user_id)
            .where(table.c.wanted_seq > table.c.published_seq)
            .where(or_(table.c.claimed_until.is_(None), table.c.claimed_until < now))
            .values(claimed_until=now + CLAIM_FOR)
            .returning(table.c.wanted_seq)
        )
        with self.db.session() as s:
            found = s.connection().execute(statement).first()
        return None if found is None else int(found[0])

    def _settle(self, team_id: str, user_id: str, *, seq: int) -> None:
        """Published up to `seq`: changes asked for while it was out keep the Home wanted."""
        table = HomeTab.__table__  # type: ignore[attr-defined]
        with self.db.session() as s:
            s.connection().execute(
                update(table)
                .where(table.c.team_id == team_id, table.c.user_id == user_id)
                .values(
                    published_seq=case((table.c.published_seq > seq, table.c.published_seq), else_=seq),
                    claimed_until=None,
                    attempts=0,
                )
            )

    def _release(self, team_id: str, user_id: str) -> None:
        with self.db.session() as s:
            row = s.get(HomeTab, (team_id, user_id))
            if row is not None:
                row.claimed_until = None
                s.add(row)

    def _failed(
        self, team_id: str, user_id: str, seq: int, exc: Exception, now: datetime, report: FlushReport
    ) -> None:
        failure = classify_any(exc)
        report.errors.append(f"home:{team_id}:{failure.reason}")  # no user id: reports reach the logs
        log.warning("a Home was not published: %s", failure.reason)
        if failure.retry_after is not None:
            self.budget.block(f"home:{team_id}", now + failure.retry_after)
        with self.db.session() as s:
            row = s.get(HomeTab, (team_id, user_id))
            if row is None:
                return
            row.claimed_until = None
            if failure.retry_after is not None:
                row.due_at = now + failure.retry_after
            else:
                row.attempts += 1
                if failure.permanent or row.attempts >= MAX_ATTEMPTS:
                    # Nothing more to do for this version; the next change asks for the Home again.
                    row.published_seq, row.attempts = max(row.published_seq, seq), 0
                    report.failed += 1
                else:
                    row.due_at = now + backoff(row.attempts)
                    report.deferred += 1
            s.add(row)


def plain_home() -> View:
    return View(type="home", blocks=[section(PLAIN_HOME)])
