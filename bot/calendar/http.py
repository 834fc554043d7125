"""GET /calendar/<token>.ics under `serve --http`: the person's feed, 304 when the calendar app already has
it, and 404 with an empty body for anything else (an unknown or revoked token says nothing about why)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from bot.calendar.service.feed import Head, body, head
from bot.calendar.tokens import FEED_PATH, SUFFIX
from storage.db import Database

StartResponse = Callable[..., Any]


def is_feed(environ: dict[str, Any]) -> bool:
    return str(environ.get("PATH_INFO", "")).startswith(FEED_PATH)


def serve_feed(db: Database, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    path = str(environ.get("PATH_INFO", ""))
    token = path[len(FEED_PATH) : -len(SUFFIX)] if path.endswith(SUFFIX) else ""
    method = environ.get("REQUEST_METHOD")
    named = head(db, token) if token and method in ("GET", "HEAD") else None
    if named is None:
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]
    if _unchanged(environ, named):
        start_response("304 Not Modified", _headers(named))
        return [b""]
    named, text = body(db, named.owner)
    headers = [*_headers(named), ("Content-Type", "text/calendar; charset=utf-8")]
    start_response("200 OK", [*headers, ("Content-Length", str(len(text)))])
    return [b"" if method == "HEAD" else text]


def _headers(named: Head) -> list[tuple[str, str]]:
    return [
        ("ETag", named.etag),
        ("Last-Modified", format_datetime(named.last_modified, usegmt=True)),
        ("Cache-Control", "private, no-cache"),  # always ask again: a moved call shows up at once
        ("Referrer-Policy", "no-referrer"),
    ]


def _unchanged(environ: dict[str, Any], named: Head) -> bool:
    """If-None-Match wins over If-Modified-Since when both are sent (RFC 9110, 13.2.2)."""
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        tags = [t.strip().removeprefix("W/") for t in str(match).split(",")]
        return "*" in tags or named.etag in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(str(since))
    except (TypeError, ValueError):
        return False
    return when.tzinfo is not None and named.last_modified <= when
