"""Web API dispatch: authentication, injected faults, rate limits, the method itself, and the call record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from localslack import api_chat, api_conv, api_files, api_views, oauth
from localslack.model import Call, Json, SlackError
from localslack.scopes import missing_scope

if TYPE_CHECKING:
    from localslack.server import LocalSlack
    from localslack.workspace import Workspace

METHODS: dict[str, Any] = {**api_chat.METHODS, **api_conv.METHODS, **api_views.METHODS, **api_files.METHODS}
ECHOED = {"chat.postMessage", "chat.update"}


@dataclass
class Answer:
    status: int
    body: Json
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0
    workspace: Workspace | None = None


def _rate_limited(seconds: int) -> Answer:
    return Answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(max(1, int(seconds)))})


def _bucket_channel(ws: Workspace, params: Json) -> str | None:
    channel = params.get("channel")
    if channel is None:
        return None
    key = str(channel)
    # A post to a user id lands in the DM, so it shares the DM's per-channel allowance.
    return ws.dm_channel_id(key) if key in ws.users and not key.startswith(("C", "G", "D")) else key


def answer(slack: LocalSlack, ws: Workspace | None, method: str, params: Json) -> Answer:
    """What one API call returns; the caller holds the lock. Errors and 429s change nothing."""
    handler = METHODS.get(method)
    if handler is None:
        return Answer(200, {"ok": False, "error": "unknown_method"})
    if ws is None:
        return Answer(200, {"ok": False, "error": "invalid_auth"})
    refused = missing_scope(ws, method, params)
    if refused is not None:
        return Answer(200, refused, {"X-OAuth-Scopes": refused["provided"]}, workspace=ws)
    fault = slack.faults.draw(method)
    if fault == "ratelimited":
        return _rate_limited(slack.faults.retry_after)
    if fault == "server_error":
        return Answer(slack.faults.server_error_status, {"ok": False, "error": "internal_error"})
    if slack.limits_enabled:
        wait = ws.limiter.admit(method, ws.epoch(), _bucket_channel(ws, params))
        if wait:
            return _rate_limited(wait)
    try:
        body = {"ok": True, **handler(ws, params)}
    except SlackError as error:
        body = {"ok": False, "error": error.code}
        if error.messages:
            body["response_metadata"] = {"messages": error.messages}
    if method == "chat.postMessage" and body["ok"]:
        ws.limiter.spend(str(body["channel"]), ws.epoch())
    hang = slack.faults.hang_seconds if fault == "hang" else 0.0
    return Answer(200, body, hang=hang, workspace=ws)


def open_connection(slack: LocalSlack, token: str | None) -> Answer:
    """apps.connections.open: only an app-level token (xapp-…) may open a Socket Mode link."""
    if token is None:
        return Answer(200, {"ok": False, "error": "not_authed"})
    ws = slack.workspace_for_app_token(token)
    if ws is None:
        bot = slack.workspace_for_token(token) is not None
        return Answer(200, {"ok": False, "error": "not_allowed_token_type" if bot else "invalid_auth"})
    return Answer(200, {"ok": True, "url": slack.sockets.open_url(ws.team_id, ws.app_id)}, workspace=ws)


def oauth_access(slack: LocalSlack, params: Json, basic: tuple[str | None, str | None]) -> Answer:
    """oauth.v2.access: the client's id and secret (basic auth or parameters), no token."""
    with slack.lock:
        body = oauth.access(slack, params, *basic)
        recorded = {k: v for k, v in params.items() if k not in ("client_secret", "code", "refresh_token")}
        recorded["grant_type"] = params.get("grant_type") or "authorization_code"
        team = ((body.get("team") or {}).get("id")) if body.get("ok") else None
        slack.calls.append(Call("oauth.v2.access", recorded, 200, body, slack.now(), team))
        return Answer(200, body)


def call(slack: LocalSlack, method: str, params: Json, token: str | None) -> Answer:
    with slack.lock:
        ws = slack.workspace_for(token, params) if token else None
        refused = oauth.token_error(slack, token) if token else None
        if refused is not None:
            result = Answer(200, {"ok": False, "error": refused})
        elif method == "apps.connections.open":
            result = open_connection(slack, token)
            ws = result.workspace
        elif token is None and method in METHODS:
            result = Answer(200, {"ok": False, "error": "not_authed"})
        elif ws is None and token and slack.workspace_for_app_token(token) is not None:
            # An app-level token only opens connections; Web API methods want the bot token.
            result = Answer(200, {"ok": False, "error": "not_allowed_token_type"})
        else:
            result = answer(slack, ws, method, params)
        recorded = {k: v for k, v in params.items() if k != "token"}
        team = ws.team_id if ws else None
        slack.calls.append(Call(method, recorded, result.status, result.body, slack.now(), team, token))
        return result
