"""What a failed Web API call means for the caller: wait and retry, or give up and say why."""

from __future__ import annotations

import socket
import urllib.error
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk.errors import SlackApiError, SlackTokenRotationError

from bot.slack.tokens import NotInstalled

# Errors Slack documents as temporary; everything else from Slack is a definite "no".
TRANSIENT_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
# The workspace no longer takes our token: it uninstalled us or revoked it (its event may come a moment
# later, in either order), or a rotated token was refreshed elsewhere. Its sends are held, as an
# uninstalled workspace's are, and tried again after HELD_FOR; they never fail into errors for this.
TOKEN_ERRORS = frozenset({"invalid_auth", "token_revoked", "token_expired", "account_inactive", "not_authed"})
HELD_FOR = timedelta(seconds=60)


@dataclass(frozen=True)
class Failure:
    reason: str
    permanent: bool
    retry_after: timedelta | None = None
    # The call may have reached Slack (the connection broke after the request was sent).
    uncertain: bool = False


def classify(exc: Exception) -> Failure:
    if isinstance(exc, NotInstalled):
        return Failure("not_installed", permanent=False, retry_after=HELD_FOR)
    if isinstance(exc, SlackTokenRotationError):  # Slack would not refresh the token: held like a revoked one
        return Failure("token_refresh_failed", permanent=False, retry_after=HELD_FOR)
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        error = str(exc.response.get("error") or f"http_{status}")
        if status == 429:
            header = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after") or "1"
            return Failure(error, permanent=False, retry_after=timedelta(seconds=max(int(str(header)), 1)))
        if error in TOKEN_ERRORS:
            return Failure(error, permanent=False, retry_after=HELD_FOR)
        if status >= 500 or error in TRANSIENT_ERRORS:
            return Failure(error, permanent=False)
        return Failure(error, permanent=True)
    if isinstance(exc, TimeoutError | socket.timeout):
        return Failure("timeout", permanent=False, uncertain=True)
    if isinstance(exc, urllib.error.URLError | ConnectionError | OSError):
        return Failure(f"connection: {exc}", permanent=False, uncertain=True)
    raise exc


def classify_any(exc: Exception) -> Failure:
    """As `classify`, but an exception it does not know (a bug, text Slack's models refuse) becomes a
    failure of that one item rather than of everything sent with it: it is retried a few times, then
    recorded as failed (bot/failures.py)."""
    try:
        return classify(exc)
    except Exception:
        return Failure(type(exc).__name__, permanent=False)
