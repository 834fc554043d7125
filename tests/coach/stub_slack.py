"""A minimal Web API stand-in on loopback: records each call and answers ok. For listener tests that must
not wait for the full local Slack; the end-to-end tests in test_slack.py use that instead."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier

SECRET = "stub-signing-secret"
ZONES = {"U_COACH": "America/New_York"}


class StubSlack:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode(errors="replace")
                if self.path.endswith("/upload"):
                    args: dict[str, Any] = {"content": raw}
                elif "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = dict(parse_qsl(raw))
                method = self.path.rsplit("/", 1)[-1]
                stub.calls.append((method, args))
                body = json.dumps(stub.answer(method, args)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "users.info":
            user = str(args.get("user"))
            person = {"id": user, "tz": ZONES.get(user, "Europe/Lisbon"), "is_bot": user == "U_BOT"}
            return {"ok": True, "user": person}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D_" + str(args.get("users"))}}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": self.url + "upload", "file_id": "F_1"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F_1", "title": "export"}]}
        return {"ok": True}

    def called(self, method: str) -> list[dict[str, Any]]:
        return [args for m, args in self.calls if m == method]

    def responses(self) -> list[dict[str, Any]]:
        """What listeners sent to response_url: ephemeral answers and refusals."""
        return self.called("respond")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(app: App, form: dict[str, str]) -> BoltResponse:
    """A signed request, as Slack would send it, dispatched to the Bolt app."""
    body = urlencode(form)
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    headers: dict[str, str | Sequence[str]] = {
        "content-type": ["application/x-www-form-urlencoded"],
        "x-slack-request-timestamp": [stamp],
        "x-slack-signature": [signature or ""],
    }
    return app.dispatch(BoltRequest(body=body, headers=headers))


def payload(data: dict[str, Any]) -> dict[str, str]:
    return {"payload": json.dumps(data)}
