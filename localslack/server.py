"""LocalSlack: workspaces plus a loopback HTTP server speaking the Web API, upload URLs and response URLs."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.parse
from collections.abc import Iterable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Protocol

from localslack import api, oauth
from localslack.api_files import receive_upload
from localslack.model import Call, Delivery, Faults, Json
from localslack.oauth import OAuthApp, OAuthState
from localslack.socket_mode import SocketHub
from localslack.workspace import Workspace


class Clock(Protocol):
    def now(self) -> datetime: ...


class LocalSlack:
    """A faithful-enough Slack on 127.0.0.1 for slack_sdk's WebClient; one lock guards all state."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.workspaces: dict[str, Workspace] = {}
        self.calls: list[Call] = []
        self.faults = Faults()
        self.limits_enabled = True
        self.sockets = SocketHub()
        self.oauth = OAuthState()  # the app's OAuth settings and the tokens installs were granted
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def now(self) -> datetime:
        return self.clock.now() if self.clock is not None else datetime.now(UTC)

    def add_workspace(
        self,
        team_id: str = "T1",
        name: str = "Acme",
        bot_token: str | None = "xoxb-test",
        signing_secret: str = "secret",
        request_url: str | None = None,
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        app_token: str | None = None,
        scopes: Iterable[str] | None = None,
        enterprise_id: str | None = None,
    ) -> Workspace:
        """A workspace with the app installed; an app_token (xapp-…) puts the app in Socket Mode. It is
        granted the manifest's bot scopes unless `scopes` names others. With bot_token None the app is
        not installed: install it through OAuth (configure_app, then the authorize page)."""
        with self.lock:
            ws = Workspace(
                self,
                team_id=team_id,
                name=name,
                bot_token=bot_token,
                signing_secret=signing_secret,
                request_url=request_url,
                bot_user_id=bot_user_id,
                bot_id=bot_id,
                app_token=app_token,
                scopes=scopes,
                enterprise_id=enterprise_id,
            )
            self.workspaces[team_id] = ws
            return ws

    def configure_app(self, app: OAuthApp) -> OAuthApp:
        """The app's settings for installing through OAuth (client id and secret, redirect URL...)."""
        with self.lock:
            self.oauth.app = app
            return app

    @property
    def authorize_url(self) -> str:
        return self.base_url + "oauth/v2/authorize"

    def uninstall(self, ws: Workspace) -> list[Delivery]:
        """Someone removes the app from the workspace (the whole org for an org-wide install)."""
        return oauth.uninstall(self, ws)

    def _holders(self, token: str) -> list[Workspace]:
        grant = self.oauth.grants.get(token)
        if grant is not None:
            return [self.workspaces[t] for t in grant.team_ids if t in self.workspaces]
        return [ws for ws in self.workspaces.values() if ws.bot_token is not None and ws.bot_token == token]

    def workspace_for_token(self, token: str) -> Workspace | None:
        return next(iter(self._holders(token)), None)

    def workspace_for_app_token(self, token: str) -> Workspace | None:
        return next((ws for ws in self.workspaces.values() if ws.app_token == token), None)

    def workspace_for(self, token: str, params: Json) -> Workspace | None:
        """The workspace a call acts in. An org-wide install (Enterprise Grid) uses one token in several
        workspaces: Slack then acts where the channel or person the call names lives."""
        found = self._holders(token)
        if found and self._names_another_workspace(found, params):
            return None  # Slack refuses a token used for another workspace's channel or person
        if len(found) > 1:
            for name in ("channel", "user", "users"):
                key = str(params.get(name) or "")
                owner = next((ws for ws in found if key in ws.channels or key in ws.users), None)
                if owner is not None:
                    return owner
        return found[0] if found else None

    def _names_another_workspace(self, found: list[Workspace], params: Json) -> bool:
        for name in ("channel", "user", "users"):
            key = str(params.get(name) or "")
            if not key or any(key in ws.channels or key in ws.users for ws in found):
                continue
            if any(key in ws.channels or key in ws.users for ws in self.workspaces.values()):
                return True
        return False

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    # -- server ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._server is not None:
            return
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.slack = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="localslack", daemon=True
        )
        self._thread.start()
        self.sockets.start()

    def stop(self) -> None:
        if self._server is None:
            return
        self.sockets.stop()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server, self._thread = None, None

    def __enter__(self) -> LocalSlack:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("LocalSlack is not started: call start() first")
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def api_url(self) -> str:
        return self.base_url + "api/"

    def _owner(self, table: str, key: str) -> Workspace | None:
        return next((ws for ws in self.workspaces.values() if key in getattr(ws, table)), None)


def _params(query: str, body: bytes, content_type: str) -> Json:
    params: Json = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    if content_type.startswith("application/json"):
        parsed = json.loads(body or b"{}")
        if isinstance(parsed, dict):
            params.update(parsed)
    elif body:
        params.update(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return params


def _basic(header: str) -> tuple[str | None, str | None]:
    """HTTP basic credentials (slack_sdk sends the client id and secret so to oauth.v2.access)."""
    if not header.startswith("Basic "):
        return None, None
    try:
        decoded = base64.b64decode(header.removeprefix("Basic ").strip()).decode()
    except ValueError:
        return None, None
    user, _, password = decoded.partition(":")
    return user or None, password or None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def slack(self) -> LocalSlack:
        found: LocalSlack = self.server.slack  # type: ignore[attr-defined]
        return found

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the call record is the log."""

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/oauth/v2/authorize":
            status, page = oauth.authorize_page(self.slack, url.query)
            self._write(status, page.encode(), "text/html; charset=utf-8", {})
            return
        self.do_POST()

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path.startswith("/api/"):
            self._api(url.path.removeprefix("/api/"), url.query, body)
        elif url.path.startswith("/upload/"):
            self._upload(url.path.removeprefix("/upload/"), body)
        elif url.path.startswith("/response/"):
            self._response_url(url.path.removeprefix("/response/"), body)
        else:
            self._reply(404, {"ok": False, "error": "not_found"})

    def _api(self, method: str, query: str, body: bytes) -> None:
        try:
            params = _params(query, body, self.headers.get("Content-Type") or "")
        except ValueError:
            self._reply(200, {"ok": False, "error": "invalid_json"})
            return
        auth = self.headers.get("Authorization") or ""
        token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None
        token = token or (str(params["token"]) if params.get("token") else None)
        if method == "oauth.v2.access":
            result = api.oauth_access(self.slack, params, _basic(auth))
            self._reply(result.status, result.body)
            return
        result = api.call(self.slack, method, params, token)
        echo = (
            result.workspace.echo_event(method, result.body)
            if result.workspace and method in api.ECHOED
            else None
        )
        if result.hang:
            # The call took effect; the answer comes too late for the client (an uncertain send).
            time.sleep(result.hang)
        self._reply(result.status, result.body, result.headers)
        if echo is not None and result.workspace is not None:
            # Slack sends the echo after answering the call, so the app may see it at any moment after.
            result.workspace.echo_later(echo)

    def _upload(self, file_id: str, body: bytes) -> None:
        with self.slack.lock:
            ws = self.slack._owner("files", file_id)
            stored = ws is not None and receive_upload(ws, file_id, body)
        if stored:
            self._reply_text(200, f"OK - {len(body)}")
        else:
            self._reply_text(404, "file_not_found")

    def _response_url(self, url_id: str, body: bytes) -> None:
        with self.slack.lock:
            ws = self.slack._owner("response_urls", url_id)
        if ws is None:
            self._reply(404, {"ok": False, "error": "no_such_url"})
            return
        try:
            answer = json.loads(body or b"null")
        except ValueError:
            answer = None
        status, reply = ws.respond(url_id, answer)
        with self.slack.lock:
            self.slack.calls.append(
                Call("response_url", answer or {}, status, reply, self.slack.now(), ws.team_id)
            )
        self._reply(status, reply)

    def _reply(self, status: int, body: Json, headers: dict[str, str] | None = None) -> None:
        self._write(status, json.dumps(body).encode(), "application/json; charset=utf-8", headers or {})

    def _reply_text(self, status: int, text: str) -> None:
        self._write(status, text.encode(), "text/plain; charset=utf-8", {})

    def _write(self, status: int, payload: bytes, content_type: str, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a hang fault); the call's effect stands
