"""Signed HTTP requests to the app, as Slack sends them (v0 HMAC-SHA256 over the raw body)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from localslack.model import Delivery, Json

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def send(
    url: str | None,
    body: str,
    content_type: str,
    secret: str,
    timeout: float,
    extra_headers: dict[str, str] | None = None,
) -> Delivery:
    """POST a signed body; a refused or timed-out attempt comes back as status 0, like a failed delivery."""
    if not url:
        return Delivery(
            0,
            "not delivered: no request_url configured (and no app_token for Socket Mode)",
            None,
            {},
            body,
            content_type,
        )
    # Wall-clock time, not the emulator's clock: Bolt rejects timestamps more than 5 min from time.time().
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature(secret, timestamp, body),
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        **(extra_headers or {}),
    }
    return post(url, body, content_type, headers, timeout)


def post(url: str, body: str, content_type: str, headers: dict[str, str], timeout: float) -> Delivery:
    """POST the body with exactly these headers: `send` after signing, or a replay of a signed request."""
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, answer_headers = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, raw, answer_headers = error.code, error.read(), dict(error.headers)
    except (OSError, urllib.error.URLError) as error:
        elapsed = time.monotonic() - started
        return Delivery(0, f"delivery failed: {error}", None, {}, body, content_type, elapsed, headers)
    text = raw.decode("utf-8", "replace")
    elapsed = time.monotonic() - started
    return Delivery(status, text, _json(text), answer_headers, body, content_type, elapsed, headers)


def _json(text: str) -> Json | None:
    try:
        parsed = json.loads(text) if text.strip() else None
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None
