"""Which token a send to a workspace takes: the one token of a single-workspace install, or each installed
workspace's own bot token from slack_sdk's installation store, cached, with a rotating token refreshed by
slack_sdk's TokenRotator before it expires (one refresher at a time across threads and replicas)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select, update

from bot.clock import Clock
from storage.db import Database
from storage.installations import TeamOrg, TokenRefresh

log = logging.getLogger(__name__)

# Refresh a rotating token this long before it expires (slack_sdk's and Bolt's default: 120 minutes).
REFRESH_BEFORE = timedelta(minutes=120)
# A refresher holds the lock this long at most: a replica that dies mid-refresh does not block the others.
REFRESH_LOCK_FOR = timedelta(seconds=30)
# How long a waiting refresher waits for another to finish before it gives up for this send.
REFRESH_WAIT_SECONDS = 10.0
# A cached token is read again after this long, so a reinstall made through another replica is seen.
CACHE_SECONDS = 60.0

MakeClient = Callable[[str], WebClient]


class NotInstalled(Exception):
    """No installation holds a bot token for this workspace: its sends wait (held, not failed)."""


class Workspaces(Protocol):
    """The Web API client for a workspace's sends; only bot/slack/ asks for one."""

    def client(self, team_id: str) -> WebClient: ...

    def forget(self, team_id: str | None = None) -> None: ...


class OneToken:
    """Single-workspace mode (SLACK_BOT_TOKEN): the same client for every row, as before OAuth."""

    def __init__(self, client: WebClient) -> None:
        self._client = client

    def client(self, team_id: str) -> WebClient:
        return self._client

    def forget(self, team_id: str | None = None) -> None:
        """Nothing cached: the one token is the configuration's."""


@dataclass
class _Cached:
    bot: Bot
    client: WebClient
    read_at: float


class Installed:
    """Many workspaces (OAuth): each workspace's bot token from the installation store."""

    def __init__(
        self,
        *,
        db: Database,
        store: SQLAlchemyInstallationStore,
        clock: Clock,
        make_client: MakeClient,
        rotator: TokenRotator | None = None,
        holder: str = "coachbot",
    ) -> None:
        self.db, self.store, self.clock, self.rotator = db, store, clock, rotator
        self.make_client, self.holder = make_client, holder
        self._lock = threading.RLock()
        self._cache: dict[str, _Cached] = {}

    def client(self, team_id: str) -> WebClient:
        return self._entry(team_id, None).client

    def bot(self, *, team_id: str | None, enterprise_id: str | None) -> Bot:
        """The workspace's (or org's) bot with a token good for now; raises NotInstalled."""
        return self._entry(team_id, enterprise_id).bot

    def forget(self, team_id: str | None = None) -> None:
        with self._lock:
            if team_id is None:
                self._cache.clear()
            else:
                self._cache.pop(team_id, None)

    def note_org(self, team_id: str, enterprise_id: str) -> None:
        """A request said this workspace belongs to this org: its rows can find an org-wide install."""
        with self.db.read() as s:
            known = s.get(TeamOrg, team_id)
        if known is not None and known.enterprise_id == enterprise_id:
            return
        try:
            with self.db.session() as s:
                row = s.get(TeamOrg, team_id) or TeamOrg(team_id=team_id, enterprise_id=enterprise_id)
                row.enterprise_id = enterprise_id
                s.add(row)
        except IntegrityError:  # another request recorded it first
            pass
        self.forget(team_id)

    def teams_of_org(self, enterprise_id: str) -> list[str]:
        """The org's workspaces coachbot has heard from."""
        with self.db.read() as s:
            return list(s.exec(select(TeamOrg.team_id).where(col(TeamOrg.enterprise_id) == enterprise_id)))

    def revoked(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """The workspace (or org) uninstalled coachbot or revoked its token: its stored tokens go at once
        (they no longer work, and a secret is not kept longer than it is needed); a reinstall stores new."""
        self.store.delete_installation(enterprise_id=enterprise_id, team_id=team_id)
        self.store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.forget()

    # -- finding and refreshing ------------------------------------------------------------------------------

    def _entry(self, team_id: str | None, enterprise_id: str | None) -> _Cached:
        key = team_id or f"org:{enterprise_id}"
        now = self.clock.now()
        with self._lock:
            cached = self._cache.get(key)
            if (
                cached
                and time.monotonic() - cached.read_at < CACHE_SECONDS
                and not _expiring(cached.bot, now)
            ):
                return cached
            bot = self._fresh(self._find(team_id, enterprise_id), team_id, enterprise_id, now)
            entry = _Cached(bot, self.make_client(bot.bot_token or ""), time.monotonic())
            self._cache[key] = entry
            return entry

    def _find(self, team_id: str | None, enterprise_id: str | None) -> Bot:
        org = enterprise_id or (self._org_of(team_id) if team_id else None)
        bot = self.store.find_bot(enterprise_id=org, team_id=team_id) if team_id else None
        if bot is None and org is not None:  # an org-wide install serves every workspace of the org
            bot = self.store.find_bot(enterprise_id=org, team_id=None, is_enterprise_install=True)
        if bot is None or not bot.bot_token:
            raise NotInstalled(team_id or enterprise_id or "")
        return bot

    def _org_of(self, team_id: str) -> str | None:
        with self.db.read() as s:
            row = s.get(TeamOrg, team_id)
            return row.enterprise_id if row is not None else None

    def _fresh(self, bot: Bot, team_id: str | None, enterprise_id: str | None, now: datetime) -> Bot:
        """`bot`, or a refreshed copy when its rotating token is about to expire. The refresh token is
        single-use: whoever takes the lock refreshes, and everyone else reads what it stored."""
        if self.rotator is None or not _expiring(bot, now):
            return bot
        key = f"{bot.enterprise_id or '-'}:{bot.team_id or '-'}"
        give_up = time.monotonic() + REFRESH_WAIT_SECONDS
        while not self._take_refresh(key, now):
            if time.monotonic() > give_up:
                log.warning("another refresher held installation %s too long; using its last token", key)
                return bot
            time.sleep(0.05)
            bot = self._find(team_id, enterprise_id)
            if not _expiring(bot, now):
                return bot  # the other refresher stored a new token
        try:
            bot = self._find(team_id, enterprise_id)  # read again under the lock: it may be done already
            if not _expiring(bot, now):
                return bot
            return self._rotate(bot, now)
        finally:
            self._release_refresh(key)

    def _rotate(self, bot: Bot, now: datetime) -> Bot:
        assert self.rotator is not None
        # The rotator decides by the system clock; we decided by ours (the fake one in tests), so it is
        # asked to refresh whatever the expiry says, and the new expiry is counted from our `now`.
        asked_at = int(time.time())
        rotated = self.rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=10**7)
        if rotated is None:
            return bot
        lasts = int(rotated.bot_token_expires_at or asked_at) - asked_at
        rotated.bot_token_expires_at = int(now.timestamp()) + lasts
        installation = self.store.find_installation(
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            is_enterprise_install=bot.is_enterprise_install,
        )
        if installation is not None and installation.bot_token == bot.bot_token:
            installation.bot_token = rotated.bot_token
            installation.bot_refresh_token = rotated.bot_refresh_token
            installation.bot_token_expires_at = rotated.bot_token_expires_at
            self.store.save(installation)  # saves its bot row too
        else:
            self.store.save_bot(rotated)
        log.info("refreshed the rotating bot token of installation %s:%s", bot.enterprise_id, bot.team_id)
        return rotated

    def _take_refresh(self, key: str, now: datetime) -> bool:
        """Compare-and-swap on the installation's refresh row: free, or its holder's time is up."""
        table = TokenRefresh.__table__  # type: ignore[attr-defined]
        try:
            with self.db.session() as s:
                if s.get(TokenRefresh, key) is None:
                    s.add(TokenRefresh(installation=key))
        except IntegrityError:
            pass  # created by another refresher at the same moment
        free = (table.c.holder.is_(None)) | (table.c.until < now)
        statement = (
            update(table)
            .where(table.c.installation == key)
            .where(free)
            .values(holder=self.holder, until=now + REFRESH_LOCK_FOR)
        )
        with self.db.session() as s:
            return bool(s.connection().execute(statement).rowcount == 1)

    def _release_refresh(self, key: str) -> None:
        with self.db.session() as s:
            s.exec(
                update(TokenRefresh)
                .where(col(TokenRefresh.installation) == key)
                .where(col(TokenRefresh.holder) == self.holder)
                .values(holder=None, until=None)
            )


def _expiring(bot: Bot, now: datetime) -> bool:
    expires = bot.bot_token_expires_at
    return expires is not None and expires <= (now + REFRESH_BEFORE).timestamp()
