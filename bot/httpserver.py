"""The HTTP face of coachbot: Slack's one request URL, a health check, the metrics and, installed in many
workspaces, Bolt's install and OAuth redirect pages; served by waitress."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, cast

from slack_bolt import App
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import parse_body
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.calendar.http import is_feed, serve_feed
from bot.watch.metrics import CONTENT_TYPE, Metrics
from storage.db import Database

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
# Slack's payloads are a few kilobytes (a modal's state, a 40,000-character message at most); anything
# over this is refused before it is read.
MAX_BODY_BYTES = 1024 * 1024
# waitress refuses a body of this many bytes or more with 413 from its Content-Length (or, chunked, as it
# arrives), before the app sees it and without buffering it. One byte over the cap still reaches the app,
# which refuses it after waitress has read it: a refusal before the body is read can reach the client as a
# reset connection instead of the 413 (it did, now and then, in tests/bot/test_request_limits.py).
WAITRESS_BODY_LIMIT = MAX_BODY_BYTES + 2
# A request signed longer ago than this is refused, as Bolt and Slack's documentation do.
REPLAY_WINDOW_SECONDS = 5 * 60
log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]


class CoachbotWsgi:
    """POST /slack/events goes to Bolt once its size and signature are checked and its body parses; GET
    /healthz says whether the app and its database are ready; GET /metrics is Prometheus' scrape;
    GET /calendar/<token>.ics is a person's calendar feed (bot/calendar/http.py)."""

    def __init__(
        self, app: App, db: Database, *, signing_secret: str | None = None, metrics: Metrics | None = None
    ) -> None:
        self.app = app
        self.db = db
        self.metrics = metrics
        # Bolt keeps the secret it was built with but offers no accessor; the same secret checks here.
        secret = signing_secret or app._signing_secret
        self.secret = secret.encode()
        self.verifier = SignatureVerifier(secret)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            return self._health(start_response)
        if path == METRICS_PATH and self.metrics is not None and environ.get("REQUEST_METHOD") == "GET":
            return metrics_reply(self.metrics, start_response)
        if path == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST":
            return self._events(environ, start_response)
        if is_feed(environ):  # people's private calendar feeds, read by calendar apps
            return serve_feed(self.db, environ, start_response)
        flow = self.app.oauth_flow
        if flow is not None and environ.get("REQUEST_METHOD") == "GET":
            if path == flow.install_path:
                return self._oauth(flow.handle_installation, environ, start_response)
            if path == flow.redirect_uri_path:
                return self._oauth(flow.handle_callback, environ, start_response)
        return _reply(start_response, "404 Not Found", {"ok": False, "error": "not_found"})

    def _events(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Size, then signature over the raw bytes, then parsing: an unsigned body is never parsed, and
        nothing larger than MAX_BODY_BYTES is ever read."""
        raw = _read_capped(environ)
        if raw is None:
            log.info("refused a request body over %d bytes (413)", MAX_BODY_BYTES)
            return _reply(start_response, "413 Payload Too Large", {"ok": False, "error": "too_large"})
        request = WsgiHttpRequest(environ)
        headers = request.get_headers()
        if not self._signed(raw, headers):
            log.info("refused a request without a valid Slack signature (401)")
            return _reply(start_response, "401 Unauthorized", {"ok": False, "error": "invalid_request"})
        text = _parsed_text(raw, request.environ.get("CONTENT_TYPE"))
        if text is None:
            log.warning("refused a signed request whose body does not parse as a Slack payload (400)")
            return _reply(start_response, "400 Bad Request", {"ok": False, "error": "malformed_body"})
        bolt_request = BoltRequest(body=text, query=request.query_string, headers=headers)
        answer = self.app.dispatch(bolt_request)
        response = WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)
        start_response(response.status, response.get_headers())
        return response.get_body()

    def _oauth(
        self,
        step: Callable[[BoltRequest], BoltResponse],
        environ: dict[str, Any],
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        """Bolt's own install page or OAuth redirect: a person's browser, not Slack, so nothing is signed;
        the state (signed, kept in the database, matched to a cookie) is what Bolt checks."""
        request = WsgiHttpRequest(environ)
        answer = step(BoltRequest(body="", query=request.query_string, headers=request.get_headers()))
        response = WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)
        start_response(response.status, response.get_headers())
        return response.get_body()

    def _signed(self, raw: bytes, headers: dict[str, Any]) -> bool:
        """Slack's v0 signature over the raw bytes (slack_sdk's verifier would decode them first), within
        Slack's 5 minutes by the same clock Bolt's verifier reads."""
        timestamp, signature = headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature")
        if not isinstance(timestamp, str) or not timestamp.isdigit() or not isinstance(signature, str):
            return False
        if abs(self.verifier.clock.now() - int(timestamp)) > REPLAY_WINDOW_SECONDS:
            return False
        base = b"v0:" + timestamp.encode() + b":" + raw
        expected = "v0=" + hmac.new(self.secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        if self.db.ping():
            return _reply(start_response, "200 OK", {"ok": True})
        return _reply(
            start_response, "503 Service Unavailable", {"ok": False, "error": "database_unavailable"}
        )


def metrics_reply(metrics: Metrics, start_response: StartResponse) -> Iterable[bytes]:
    data = metrics.exposition()
    start_response("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(data)))])
    return [data]


class MetricsOnly:
    """GET /metrics and nothing else: what Socket Mode serves on COACHBOT_METRICS_PORT."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == METRICS_PATH and environ.get("REQUEST_METHOD") == "GET":
            return metrics_reply(self.metrics, start_response)
        return _reply(start_response, "404 Not Found", {"ok": False, "error": "not_found"})


def _read_capped(environ: dict[str, Any]) -> bytes | None:
    """The body, or None when it is over MAX_BODY_BYTES; never reads more than MAX_BODY_BYTES + 1."""
    declared = str(environ.get("CONTENT_LENGTH") or "").strip()
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    # Without a Content-Length (or with a wrong one) read one byte past the cap to know it was exceeded.
    want = int(declared) if declared.isdigit() else MAX_BODY_BYTES + 1
    raw = bytes(stream.read(want))
    return None if len(raw) > MAX_BODY_BYTES else raw


def _parsed_text(raw: bytes, content_type: str | None) -> str | None:
    """The body as text when Bolt can parse it into an object (JSON, a form, or a form's JSON payload)."""
    try:
        text = raw.decode("utf-8")
        parsed = parse_body(text, (content_type or "").split(";")[0].strip() or None)
    except ValueError:  # not UTF-8, or not the JSON it claims to be
        return None
    return text if isinstance(parsed, dict) else None


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
            Any,
            create_server(
                wsgi,
                host=host,
                port=port,
                threads=threads,
                ident="coachbot",
                max_request_body_size=WAITRESS_BODY_LIMIT,
            ),
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
