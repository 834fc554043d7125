"""Log lines as text (the default) or as JSON lines for a log pipeline (COACHBOT_LOG_FORMAT=json), each with
the request's team and kind when one is being handled. Either way bot/log_privacy.py's filter runs first:
a JSON line holds what the text line would, never more."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from bot import log_privacy
from bot.watch.tag import CURRENT

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonLines(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, and team and kind inside a request."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        tag = CURRENT.get()
        if tag is not None:
            entry["team"], entry["kind"] = tag.team, tag.kind
        if record.exc_info:  # as the text format shows it
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(*, level: str, shape: str) -> None:
    """The root logger at `level`, writing `shape` ("text" or "json") to stderr, content withheld."""
    logging.basicConfig(level=level, format=TEXT_FORMAT, stream=sys.stderr)
    handlers = logging.getLogger().handlers
    if shape == "json":
        for handler in handlers:
            handler.setFormatter(JsonLines())
    # At every level: Bolt and slack_sdk quote bodies (typed text, who wrote it, response_urls) at DEBUG.
    log_privacy.install(handlers)
