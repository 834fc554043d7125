"""Socket Mode: apps.connections.open tickets, the WebSocket link, envelopes out and acks back."""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from localslack.model import Json

# How long Slack keeps a connections.open URL usable; the app must open the WebSocket before then.
TICKET_SECONDS = 30.0
# Slack waits 3 s for an ack, as for an HTTP delivery: later, the attempt has failed. A command or an
# interaction is then an error for the person; an event is retried up to 3 times: nearly at once, after
# 1 minute and after 5 minutes (docs.slack.dev/apis/events-api).
ACK_SECONDS = 3.0
EVENT_RETRY_DELAYS = (0.0, 60.0, 300.0)


@dataclass
class _Link:
    team_id: str
    connection: ServerConnection
    opened: float = field(default_factory=time.monotonic)


@dataclass
class _Pending:
    done: threading.Event = field(default_factory=threading.Event)
    ack: Json | None = None


class SocketHub:
    """The WebSocket side of Socket Mode for every workspace of one LocalSlack, on loopback ws://."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._tickets: dict[str, tuple[str, float]] = {}
        self._links: list[_Link] = []
        self._pending: dict[str, _Pending] = {}
        self.received: list[Json] = []  # every message the app sent us, for tests to read
        self.missed_acks: list[Json] = []  # every envelope not acked within ack_seconds, in order
        # Slack's timings; a test may shorten them.
        self.ack_seconds = ACK_SECONDS
        self.retry_delays: tuple[float, ...] = EVENT_RETRY_DELAYS
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._server is not None:
            return
        self._server = serve(self._handle, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, name="localslack-ws", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is None:
            return
        with self._lock:
            links = list(self._links)
        for link in links:
            link.connection.close()
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server, self._thread = None, None

    def open_url(self, team_id: str, app_id: str) -> str:
        """A fresh single-use wss-style URL for apps.connections.open (ws:// here: loopback, no TLS)."""
        if self._server is None:
            raise RuntimeError("LocalSlack is not started: call start() first")
        ticket = secrets.token_hex(8)
        with self._lock:
            self._tickets[ticket] = (team_id, time.monotonic())
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket={ticket}&app_id={app_id}"

    # -- state -----------------------------------------------------------------------------------------------
    def connections(self, team_id: str) -> int:
        with self._lock:
            return sum(1 for link in self._links if link.team_id == team_id)

    def wait_connected(self, team_id: str, timeout: float, at_least: int = 1) -> bool:
        """Block until `at_least` clients of the workspace hold a link (or the timeout passes)."""
        with self._lock:
            return self._lock.wait_for(lambda: self.connections(team_id) >= at_least, timeout)

    def disconnect(self, team_id: str, reason: str = "refresh_requested") -> int:
        """Slack's `disconnect` message to every link of the workspace; the client should reconnect.
        `link_disabled` (Socket Mode turned off in the app settings) also drops each link."""
        message = json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "localslack"}})
        with self._lock:
            links = [link for link in self._links if link.team_id == team_id]
        for link in links:
            _send_quietly(link.connection, message)
            if reason == "link_disabled":
                link.connection.close()
        return len(links)

    # -- delivery --------------------------------------------------------------------------------------------
    def deliver(
        self,
        team_id: str,
        kind: str,
        payload: Json,
        timeout: float,
        retry: tuple[int, str | None] = (0, None),
    ) -> tuple[Json | None, str]:
        """Send one envelope and wait for its ack, which counts only within `ack_seconds`.

        A link that drops before acking gets the envelope again on another link. An event not acked in time
        is sent again after each of `retry_delays` while `timeout` allows; a command or an interaction is not.
        Returns (the ack, "") or (None, why not).
        """
        envelope_id = str(uuid.uuid4())
        deadline = time.monotonic() + timeout
        attempt, reason = retry
        delays = list(self.retry_delays) if kind == "events_api" else []
        try:
            while time.monotonic() < deadline:
                link = self._newest(team_id, deadline)
                if link is None:
                    return None, "Socket Mode: no client connected to this workspace"
                envelope = _envelope(envelope_id, kind, payload, attempt, reason)
                pending = self._expect(envelope_id)  # an ack to an earlier attempt came too late to count
                window_ends = time.monotonic() + self.ack_seconds
                if _send_quietly(link.connection, json.dumps(envelope)):
                    self._await(pending, link, min(deadline, window_ends))
                if pending.done.is_set():
                    return pending.ack, ""
                if self._holds(link) and time.monotonic() < window_ends:
                    break  # `timeout` ran out before Slack's own deadline
                if self._holds(link):  # linked but silent for ack_seconds: the attempt failed
                    with self._lock:
                        self.missed_acks.append(envelope)
                    if not delays or time.monotonic() + delays[0] >= deadline:
                        return None, f"Socket Mode: no ack within {self.ack_seconds:g}s"
                    time.sleep(delays.pop(0))
                # Dropped unacknowledged, or an event not acked in time: Slack tries again.
                attempt, reason = attempt + 1, "timeout"
            return None, f"Socket Mode: no ack within {timeout:g}s"
        finally:
            with self._lock:
                self._pending.pop(envelope_id, None)

    def _expect(self, envelope_id: str) -> _Pending:
        pending = _Pending()
        with self._lock:
            self._pending[envelope_id] = pending
        return pending

    def _holds(self, link: _Link) -> bool:
        with self._lock:
            return link in self._links

    def _newest(self, team_id: str, deadline: float) -> _Link | None:
        def newest() -> _Link | None:
            links = [link for link in self._links if link.team_id == team_id]
            return max(links, key=lambda link: link.opened) if links else None

        with self._lock:
            self._lock.wait_for(lambda: newest() is not None, max(0.0, deadline - time.monotonic()))
            return newest()

    def _await(self, pending: _Pending, link: _Link, until: float) -> None:
        """Wait for the ack while the link lives (or until `until`)."""
        with self._lock:
            self._lock.wait_for(
                lambda: pending.done.is_set() or link not in self._links,
                max(0.0, until - time.monotonic()),
            )

    # -- the WebSocket server --------------------------------------------------------------------------------
    def _handle(self, connection: ServerConnection) -> None:
        team_id = self._redeem(connection.request.path if connection.request else "")
        if team_id is None:
            connection.close(1008, "invalid ticket")  # policy violation, as Slack refuses a stale URL
            return
        link = _Link(team_id, connection)
        with self._lock:
            self._links.append(link)
            count = self.connections(team_id)
            self._lock.notify_all()
        hello = {
            "type": "hello",
            "num_connections": count,
            "debug_info": {"host": "localslack", "approximate_connection_time": 3600},
            "connection_info": {"app_id": _query(connection, "app_id")},
        }
        try:
            connection.send(json.dumps(hello))
            for raw in connection:
                self._on_message(raw)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._links.remove(link)
                self._lock.notify_all()

    def _redeem(self, path: str) -> str | None:
        ticket = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("ticket", [""])[0]
        with self._lock:
            found = self._tickets.pop(ticket, None)
        if found is None or time.monotonic() - found[1] > TICKET_SECONDS:
            return None
        return found[0]

    def _on_message(self, raw: str | bytes) -> None:
        try:
            message: Any = json.loads(raw)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        with self._lock:
            self.received.append(message)
            pending = self._pending.get(str(message.get("envelope_id")))
            if pending is not None and not pending.done.is_set():
                payload = message.get("payload")
                pending.ack = payload if isinstance(payload, dict) else {}
                pending.done.set()
                self._lock.notify_all()


def envelope_for(body: str, content_type: str) -> tuple[str, Json]:
    """The envelope type and payload Slack sends over the socket for what it would POST over HTTP."""
    if content_type.startswith("application/json"):
        return "events_api", json.loads(body)
    form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
    if "payload" in form:
        return "interactive", json.loads(form["payload"])
    return "slash_commands", form


def _envelope(envelope_id: str, kind: str, payload: Json, attempt: int, reason: str | None) -> Json:
    return {
        "envelope_id": envelope_id,
        "type": kind,
        "payload": payload,
        # Events API acks carry nothing back; commands and interactions may answer on the ack.
        "accepts_response_payload": kind != "events_api",
        "retry_attempt": attempt,
        "retry_reason": reason or "",
    }


def _query(connection: ServerConnection, name: str) -> str:
    path = connection.request.path if connection.request else ""
    return urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get(name, [""])[0]


def _send_quietly(connection: ServerConnection, message: str) -> bool:
    try:
        connection.send(message)
    except ConnectionClosed:
        return False
    return True
