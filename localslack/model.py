"""Plain records the emulator keeps: people, conversations, messages, files, calls, deliveries, faults."""

from __future__ import annotations

import copy
import mimetypes
import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Json = dict[str, Any]


class SlackError(Exception):
    """An API error: the method answers `{"ok": false, "error": code}` and changes nothing."""

    def __init__(self, code: str, *messages: str) -> None:
        super().__init__(code)
        self.code = code
        self.messages = list(messages)


@dataclass
class User:
    id: str
    name: str
    real_name: str
    tz: str
    is_bot: bool
    deleted: bool
    bot_id: str | None = None
    clock_24h: bool = False
    is_admin: bool = False  # a workspace admin (users.info's is_admin)


@dataclass
class Channel:
    id: str
    name: str
    members: list[str]
    is_private: bool = False
    is_im: bool = False
    im_user: str | None = None
    created: int = 0

    @property
    def channel_type(self) -> str:
        if self.is_im:
            return "im"
        return "group" if self.is_private else "channel"


@dataclass
class Message:
    """A message as Slack stores it; `edits` keeps every earlier version (oldest first)."""

    channel: str
    ts: str
    text: str
    user: str | None = None
    bot_id: str | None = None
    blocks: list[Json] | None = None
    thread_ts: str | None = None
    subtype: str | None = None
    team: str = ""
    files: list[Json] | None = None
    edits: list[Json] = field(default_factory=list)
    deleted: bool = False
    edited: Json | None = None
    reply_broadcast: bool = False
    metadata: Json | None = None

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts

    def to_json(self, with_metadata: bool = False) -> Json:
        out: Json = {
            "type": "message",
            "text": self.text,
            "user": self.user,
            "ts": self.ts,
            "team": self.team,
        }
        if self.user is None:
            del out["user"]
        optional = {
            "subtype": self.subtype,
            "bot_id": self.bot_id,
            "blocks": self.blocks,
            "thread_ts": self.thread_ts,
            "files": self.files,
            "edited": self.edited,
        }
        out.update({k: copy.deepcopy(v) for k, v in optional.items() if v is not None})
        if with_metadata and self.metadata is not None:
            out["metadata"] = copy.deepcopy(self.metadata)
        return out


@dataclass
class Ephemeral:
    """A message only `user_id` sees; `source`: chat.postEphemeral, command or response_url."""

    user_id: str
    channel_id: str
    text: str | None
    blocks: list[Json] | None
    ts: str
    source: str
    thread_ts: str | None = None
    edits: list[Json] = field(default_factory=list)
    deleted: bool = False


@dataclass
class StoredFile:
    id: str
    name: str
    title: str
    length: int
    content: bytes | None = None
    channels: list[str] = field(default_factory=list)
    created: int = 0
    alt_txt: str | None = None  # what a screen reader says for an image (files.getUploadURLExternal)

    def to_json(self, team_id: str, user: str) -> Json:
        return {
            "id": self.id,
            "created": self.created,
            "timestamp": self.created,
            "name": self.name,
            "title": self.title,
            # Slack types a file by its name as well as its bytes: a calendar file is text/calendar.
            "mimetype": mimetypes.guess_type(self.name)[0] or "application/octet-stream",
            "filetype": self.name.rsplit(".", 1)[-1] if "." in self.name else "binary",
            "user": user,
            "user_team": team_id,
            "size": len(self.content) if self.content is not None else self.length,
            "channels": [c for c in self.channels if not c.startswith("D")],
            "ims": [c for c in self.channels if c.startswith("D")],
            "groups": [],
            "url_private": f"https://files.local/{self.id}/{self.name}",
            **({"alt_txt": self.alt_txt} if self.alt_txt is not None else {}),
        }


@dataclass
class Call:
    """One Web API request as the emulator answered it."""

    method: str
    params: Json
    status: int
    response: Json
    at: datetime
    team_id: str | None
    token: str | None = None  # the token the call was made with: tests check each workspace used its own


@dataclass
class Delivery:
    """What the app answered to one signed request; `request_body` is kept so it can be redelivered."""

    status: int
    body: str
    json: Json | None
    headers: dict[str, str]
    request_body: str = ""
    content_type: str = ""
    elapsed: float = 0.0
    request_headers: dict[str, str] = field(default_factory=dict)  # as signed, so it can be replayed


@dataclass
class Faults:
    """Injected failures, drawn from `random.Random(seed)` so a test sees the same sequence every run."""

    rate_limit_ratio: float = 0.0
    retry_after: int = 1
    server_error_ratio: float = 0.0
    hang_ratio: float = 0.0
    hang_seconds: float = 0.0
    methods: set[str] | None = None
    seed: int = 0
    server_error_status: int = 500
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self, method: str) -> str | None:
        """'ratelimited', 'server_error', 'hang' or None for this call."""
        if self.methods is not None and method not in self.methods:
            return None
        if self.rate_limit_ratio <= 0 and self.server_error_ratio <= 0 and self.hang_ratio <= 0:
            return None
        roll = self._rng.random()
        if roll < self.rate_limit_ratio:
            return "ratelimited"
        if roll < self.rate_limit_ratio + self.server_error_ratio:
            return "server_error"
        if roll < self.rate_limit_ratio + self.server_error_ratio + self.hang_ratio:
            return "hang"
        return None
