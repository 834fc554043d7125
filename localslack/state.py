"""A workspace's state: people, conversations, messages, ephemerals, views, files and what tests read back."""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from localslack.limits import RateLimiter
from localslack.model import Channel, Delivery, Ephemeral, Json, Message, SlackError, StoredFile, User
from localslack.scopes import manifest_bot_scopes
from localslack.socket_mode import SocketHub


class Host(Protocol):
    """What a workspace needs from the LocalSlack that owns it."""

    lock: threading.RLock
    sockets: SocketHub

    def now(self) -> datetime: ...

    @property
    def base_url(self) -> str: ...


@dataclass
class Trigger:
    user_id: str
    issued: float
    used: bool = False


@dataclass
class ResponseUrl:
    user_id: str
    channel_id: str
    message_ts: str | None
    is_ephemeral: bool
    issued: float
    uses: int = 0
    last_ephemeral: Ephemeral | None = None


class WorkspaceState:
    def __init__(
        self,
        host: Host,
        *,
        team_id: str,
        name: str,
        bot_token: str | None,
        signing_secret: str,
        request_url: str | None,
        bot_user_id: str,
        bot_id: str,
        app_id: str = "A_LOCAL",
        app_token: str | None = None,
        scopes: Iterable[str] | None = None,
        enterprise_id: str | None = None,
    ) -> None:
        self.host, self.team_id, self.name = host, team_id, name
        # An Enterprise Grid org's workspace; `org_wide` once the app is installed for the whole org.
        self.enterprise_id, self.org_wide = enterprise_id, False
        self.bot_token, self.signing_secret, self.request_url = bot_token, signing_secret, request_url
        self.bot_user_id, self.bot_id, self.app_id = bot_user_id, bot_id, app_id
        # With an app-level token the app is in Socket Mode: Slack delivers over its WebSocket, not HTTP,
        # until Socket Mode is turned off in the app settings (disable_socket_mode).
        self.app_token = app_token
        self.socket_mode_enabled = True
        # The bot scopes granted at install: the manifest's unless given. A method the token lacks a scope
        # for answers missing_scope, as Slack does; set to None to grant every scope.
        granted = manifest_bot_scopes() if scopes is None else scopes
        self.scopes: set[str] | None = set(granted) if granted is not None else None
        self.domain = name.lower().replace(" ", "-")
        self.echo_bot_messages = False
        self.delivery_timeout = 30.0
        self.echo_deliveries: list[Delivery] = []
        self.limiter = RateLimiter()
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self._messages: dict[str, list[Message]] = {}
        self._ephemerals: list[Ephemeral] = []
        self._dms: dict[str, str] = {}
        self.view_store: dict[str, Json] = {}
        self.modal_stacks: dict[str, list[str]] = {}
        self.view_history: dict[str, list[str]] = {}
        self.homes: dict[str, str] = {}
        self.files: dict[str, StoredFile] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self._ids = itertools.count(1)
        self._last_ts = 0
        self.users[bot_user_id] = User(bot_user_id, "coachbot", "App", "UTC", True, False, bot_id)

    # -- setup -----------------------------------------------------------------------------------------------
    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        real_name: str | None = None,
        tz: str = "UTC",
        is_bot: bool = False,
        deleted: bool = False,
        clock_24h: bool = False,
        is_admin: bool = False,
    ) -> User:
        """A person or bot user; clock_24h is their "24-hour clock" preference (off by default)."""
        with self.host.lock:
            bot_id = "B" + user_id.removeprefix("U") if is_bot else None
            user = User(user_id, name, real_name or name, tz, is_bot, deleted, bot_id, clock_24h, is_admin)
            self.users[user_id] = user
            return user

    def add_channel(
        self,
        channel_id: str,
        name: str,
        *,
        members: list[str] | None = None,
        bot_member: bool = True,
        is_private: bool = False,
    ) -> Channel:
        with self.host.lock:
            people = list(members or [])
            if bot_member and self.bot_user_id not in people:
                people.append(self.bot_user_id)
            channel = Channel(channel_id, name, people, is_private, created=int(self.epoch()))
            self.channels[channel_id] = channel
            self._messages.setdefault(channel_id, [])
            return channel

    def set_limit(self, method: str, per_minute: int | None) -> None:
        """Override one method's per-minute limit in this workspace (None: unlimited)."""
        with self.host.lock:
            self.limiter.overrides[method] = per_minute

    def enterprise_json(self) -> Json | None:
        return {"id": self.enterprise_id, "name": self.enterprise_id} if self.enterprise_id else None

    # -- clock and ids ---------------------------------------------------------------------------------------
    def epoch(self) -> float:
        return self.host.now().timestamp()

    def next_ts(self) -> str:
        """A message ts from the clock, strictly increasing within the workspace like Slack's."""
        micros = max(round(self.epoch() * 1_000_000), self._last_ts + 1)
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08X}{self.team_id[-2:].upper()}"

    # -- lookups used by the API -----------------------------------------------------------------------------
    def user(self, user_id: str) -> User:
        found = self.users.get(str(user_id))
        if found is None:
            raise SlackError("user_not_found")
        return found

    def channel(self, channel_id: Any) -> Channel:
        found = self.channels.get(str(channel_id))
        if found is None:
            raise SlackError("channel_not_found")
        return found

    def dm_channel_id(self, user_id: str) -> str:
        """The bot's DM with a person; the same id every time, created on first use."""
        with self.host.lock:
            if user_id not in self._dms:
                channel_id = self.new_id("D")
                members = [user_id, self.bot_user_id]
                self.channels[channel_id] = Channel(channel_id, user_id, members, True, True, user_id)
                self._messages[channel_id] = []
                self._dms[user_id] = channel_id
            return self._dms[user_id]

    def store(self, message: Message) -> Message:
        self._messages.setdefault(message.channel, []).append(message)
        return message

    def find(self, channel_id: str, ts: str) -> Message | None:
        for message in self._messages.get(channel_id, []):
            if message.ts == ts and not message.deleted:
                return message
        return None

    def thread_root(self, channel_id: str, thread_ts: str | None) -> str | None:
        """Replies to a reply land in its thread, as in Slack; unknown roots are kept as given."""
        if thread_ts is None:
            return None
        parent = self.find(channel_id, thread_ts)
        return parent.thread_ts if parent is not None and parent.is_reply else thread_ts

    def record_ephemeral(self, ephemeral: Ephemeral) -> Ephemeral:
        self._ephemerals.append(ephemeral)
        return ephemeral

    def replies_of(self, channel_id: str, ts: str) -> list[Message]:
        return [
            m
            for m in self._messages.get(channel_id, [])
            if m.is_reply and m.thread_ts == ts and not m.deleted
        ]

    def top_level(self, channel_id: str) -> list[Message]:
        visible = [m for m in self._messages.get(channel_id, []) if not m.deleted]
        return [m for m in visible if not m.is_reply or m.reply_broadcast]

    def issue_trigger(self, user_id: str) -> str:
        trigger_id = f"{int(self.epoch())}.{next(self._ids)}.{self.team_id}"
        self.triggers[trigger_id] = Trigger(user_id, self.epoch())
        return trigger_id

    def issue_response_url(
        self, user_id: str, channel_id: str, message_ts: str | None = None, is_ephemeral: bool = False
    ) -> str:
        url_id = self.new_id("R")
        self.response_urls[url_id] = ResponseUrl(user_id, channel_id, message_ts, is_ephemeral, self.epoch())
        return f"{self.host.base_url}response/{url_id}"

    # -- what tests read back --------------------------------------------------------------------------------
    def messages(self, channel_id: str) -> list[Message]:
        """Top-level messages people see in the channel (thread broadcasts included), oldest first."""
        with self.host.lock:
            return list(self.top_level(channel_id))

    def thread(self, channel_id: str, ts: str) -> list[Message]:
        """Replies in the thread under `ts`, oldest first (not the parent)."""
        with self.host.lock:
            return self.replies_of(channel_id, ts)

    def message(self, channel_id: str, ts: str) -> Message | None:
        with self.host.lock:
            return self.find(channel_id, ts)

    def all_messages(self, channel_id: str) -> list[Message]:
        """Everything ever stored in a channel, deleted and orphaned replies included."""
        with self.host.lock:
            return list(self._messages.get(channel_id, []))

    def dm_with(self, user_id: str) -> list[Message]:
        with self.host.lock:
            channel_id = self._dms.get(user_id)
            return self.top_level(channel_id) if channel_id else []

    def ephemerals(self, user_id: str | None = None, channel_id: str | None = None) -> list[Ephemeral]:
        with self.host.lock:
            return [
                e
                for e in self._ephemerals
                if not e.deleted
                and (user_id is None or e.user_id == user_id)
                and (channel_id is None or e.channel_id == channel_id)
            ]

    def views(self, user_id: str) -> list[Json]:
        """Every modal opened for the person, oldest first, each in its latest version."""
        with self.host.lock:
            return [copy.deepcopy(self.view_store[v]) for v in self.view_history.get(user_id, [])]

    def modal_stack(self, user_id: str) -> list[Json]:
        """The modals open right now, bottom first."""
        with self.host.lock:
            return [copy.deepcopy(self.view_store[v]) for v in self.modal_stacks.get(user_id, [])]

    def home(self, user_id: str) -> Json | None:
        with self.host.lock:
            view_id = self.homes.get(user_id)
            return copy.deepcopy(self.view_store[view_id]) if view_id else None
