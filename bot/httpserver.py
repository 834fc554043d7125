"""The HTTP face of coachbot: Slack's one request URL and a health check, served by waitress."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, cast

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from storage.db import Database

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]


class CoachbotWsgi:
    """POST /slack/events goes to Bolt; GET /healthz says whether the app and its database are ready."""

    def __init__(self, app: App, db: Database) -> None:
        self.slack = SlackRequestHandler(app, path=EVENTS_PATH)
        self.db = db

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            return self._health(start_response)
        if path == EVENTS_PATH:
            return self.slack(environ, start_response)
        return _reply(start_response, "404 Not Found", {"ok": False, "error": "not_found"})

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        if self.db.ping():
            return _reply(start_response, "200 OK", {"ok": True})
        return _reply(
            start_response, "503 Service Unavailable", {"ok": False, "error": "database_unavailable"}
        )


def _reply(start_response: StartResponse, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


class BackgroundServer:
    """The same waitress server `coachbot serve --http` uses, on a thread: for the demo and the tests."""

    def __init__(self, wsgi: Any, *, host: str = "127.0.0.1", port: int = 0, threads: int = 4) -> None:
        from waitress.server import create_server

        # One listening socket, so a single-socket server (waitress's stubs type it as a union).
        self._server: Any = cast(
            Any, create_server(wsgi, host=host, port=port, threads=threads, ident="coachbot")
        )
        self.url = f"http://{host}:{self._server.effective_port}"
        self._thread = threading.Thread(target=self._server.run, name="coachbot-http", daemon=True)

    def start(self) -> BackgroundServer:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Close every socket from inside the server's own loop, then let the loop end: closing them from this
        thread while the loop polls them makes it fail with a bad file descriptor."""
        if self._thread.is_alive():
            try:
                self._server.trigger.pull_trigger(self._close_all)
            except OSError:  # its wake-up pipe is already gone: nothing left to wake, close from here
                log.warning("the server's wake-up pipe was closed under it; closing it from the caller")
            else:
                self._thread.join(timeout=5)
        if self._thread.is_alive() or not self._thread.ident:
            self._close_all()
        self._server.task_dispatcher.shutdown()

    def _close_all(self) -> None:
        for channel in list(self._server._map.values()):
            if channel is not self._server:
                channel.close()
        self._server.close()
