"""Logs carry no personal data at any level: Bolt's and slack_sdk's lines that quote request, response or
message bodies (or a response_url) keep what happened and lose the content."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable

# Loggers whose lines quote what they send and receive; the socket mode client logs under Bolt's app logger.
THIRD_PARTY = ("slack_bolt", "slack_sdk")
WITHHELD = "(content withheld)"

# Where a line starts quoting content: it is cut there. A dict, list or bytes repr, a body or payload field,
# and anything that looks like a response_url.
_CONTENT = re.compile(
    r"[{\[]|\bb['\"]|\b(?:message|payload|body|data|text|json_body|body_params|query_params)\s*[:=]"
    r"|hooks\.slack\.com|response_url|/response/",
)


def _web_request(match: re.Match[str]) -> str:
    method = match.group(1).rstrip("/").rsplit("/", 1)[-1]
    return f"Sending a request - {method} (parameters, body and headers withheld)"


def _envelope(match: re.Match[str]) -> str:
    try:
        envelope = json.loads(match.group(1))
    except ValueError:
        return f"on_message invoked {WITHHELD}"
    if not isinstance(envelope, dict):
        return f"on_message invoked {WITHHELD}"
    kind, envelope_id = envelope.get("type"), envelope.get("envelope_id")
    return f"on_message invoked (type: {kind}, envelope_id: {envelope_id}; payload withheld)"


Rewrite = tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]]
# (logger prefix, what the line looks like, what it says instead); the first that matches applies.
REWRITES: list[Rewrite] = [
    (
        "slack_sdk.webhook",
        re.compile(r"^Sending a request\b", re.S),
        lambda m: "Sending a request to a response_url (its url and body withheld)",
    ),
    ("slack_sdk", re.compile(r"^Sending a request - url: ([^,\s]+)", re.S), _web_request),
    (
        "slack_sdk",
        re.compile(r"^Received the following response - status: (\d+)", re.S),
        lambda m: f"Received the following response - status: {m.group(1)} (headers and body withheld)",
    ),
    (
        "slack_bolt",
        re.compile(r"^Responding with status: (\d+) body: .*\((\d+) millis\)$", re.S),
        lambda m: f"Responding with status: {m.group(1)} (body withheld, {m.group(2)} millis)",
    ),
    ("slack_bolt", re.compile(r"^on_message invoked: \(message: (.*)\)$", re.S), _envelope),
    (
        "slack_bolt",
        re.compile(r"^Sending a message \(session id: ([^,]+), message: ", re.S),
        lambda m: f"Sending a message (session id: {m.group(1)}; message withheld)",
    ),
]


def withhold(logger_name: str, message: str) -> str:
    """The line as it may be logged: a known shape rewritten, anything else cut where content starts."""
    for prefix, pattern, rewrite in REWRITES:
        if logger_name.startswith(prefix):
            match = pattern.match(message)
            if match:
                return rewrite(match)
    content = _CONTENT.search(message)
    if content is None:
        return message
    return f"{message[: content.start()].rstrip(' ,:(')} {WITHHELD}".lstrip()


class WithholdContent(logging.Filter):
    """A handler filter: Slack libraries' lines are rewritten before any handler formats them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(THIRD_PARTY):
            message = record.getMessage()
            safe = withhold(record.name, message)
            if safe != message:
                record.msg, record.args = safe, None
        return True


def install(handlers: Iterable[logging.Handler]) -> None:
    for handler in handlers:
        if not any(isinstance(f, WithholdContent) for f in handler.filters):
            handler.addFilter(WithholdContent())
