"""Installing the app through OAuth, as Slack plays it: the authorize page (one approve form per workspace, or
per org for an org-wide install), oauth.v2.access for a code or a refresh token, rotating tokens that expire,
and uninstalling (tokens revoked, app_uninstalled and tokens_revoked sent to the app)."""

from __future__ import annotations

import html
import itertools
import secrets
import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from localslack.model import Delivery, Json

if TYPE_CHECKING:
    from localslack.server import LocalSlack
    from localslack.workspace import Workspace

# Rotating tokens last 12 hours (docs.slack.dev/authentication/using-token-rotation).
EXPIRES_IN = 43_200
CODE_SECONDS = 600  # an authorization code is good for ten minutes, once


@dataclass
class OAuthApp:
    """The app's settings in Slack: credentials, redirect URL, where events go, rotation and org deploy."""

    client_id: str
    client_secret: str
    redirect_url: str
    request_url: str | None = None
    signing_secret: str = "secret"
    token_rotation: bool = False
    org_deploy: bool = False


@dataclass
class Grant:
    """A bot token: the workspaces it acts in (several for an org-wide install) and when it stops working."""

    token: str
    team_ids: list[str]
    enterprise_id: str | None
    org_wide: bool
    expires_at: float | None = None
    refresh_token: str | None = None
    revoked: bool = False


@dataclass
class Code:
    target: str  # a team id, or "org:<enterprise id>"
    redirect_uri: str
    scopes: list[str]
    issued: float
    installer: str


@dataclass
class OAuthState:
    app: OAuthApp | None = None
    grants: dict[str, Grant] = field(default_factory=dict)
    codes: dict[str, Code] = field(default_factory=dict)
    used_refresh: set[str] = field(default_factory=set)
    serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


def token_error(slack: LocalSlack, token: str) -> str | None:
    """Why a granted token no longer works (None when it does, or when it is not a granted token)."""
    grant = slack.oauth.grants.get(token)
    if grant is None:
        return None
    if grant.revoked:
        return "token_revoked"
    if grant.expires_at is not None and slack.now().timestamp() >= grant.expires_at:
        return "token_expired"
    return None


def authorize_page(slack: LocalSlack, query: str) -> tuple[int, str]:
    """GET /oauth/v2/authorize: an approve form per workspace (or org) the app may be installed in; each
    sends the browser to the redirect URL with a code and the state, as Slack does once a person allows."""
    app = slack.oauth.app
    params = dict(urllib.parse.parse_qsl(query))
    if app is None or params.get("client_id") != app.client_id:
        return 400, "<p>Invalid client_id parameter</p>"
    redirect = params.get("redirect_uri") or app.redirect_url
    if redirect != app.redirect_url:
        return 400, "<p>redirect_uri did not match any configured URIs</p>"
    state = params.get("state", "")
    scopes = [s for s in params.get("scope", "").split(",") if s]
    targets = [(ws.team_id, f"Allow in {ws.name}") for ws in slack.workspaces.values()]
    if app.org_deploy:
        orgs = sorted({ws.enterprise_id for ws in slack.workspaces.values() if ws.enterprise_id})
        targets += [(f"org:{org}", f"Allow for the whole {org} org") for org in orgs]
    forms = []
    with slack.lock:
        for target, label in targets:
            code = f"{next(slack.oauth.serial)}.{secrets.token_hex(8)}"
            slack.oauth.codes[code] = Code(
                target, redirect, scopes, slack.now().timestamp(), _installer(slack, target)
            )
            forms.append(_form(f"approve-{target}", redirect, {"code": code, "state": state}, label))
    forms.append(_form("cancel", redirect, {"error": "access_denied", "state": state}, "Cancel"))
    chosen = params.get("team")
    auto = (
        f"<script>document.getElementById({html.escape(repr('approve-' + chosen))}).submit()</script>"
        if chosen
        else ""
    )
    return 200, f"<!doctype html><html><body><h1>Install the app</h1>{''.join(forms)}{auto}</body></html>"


def _form(form_id: str, action: str, fields: dict[str, str], label: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in fields.items()
    )
    return (
        f'<form id="{html.escape(form_id)}" method="get" action="{html.escape(action)}">'
        f"{hidden}<button>{html.escape(label)}</button></form>"
    )


def _installer(slack: LocalSlack, target: str) -> str:
    spaces = _workspaces_of(slack, target)
    people = [u for ws in spaces for u in ws.users.values() if not u.is_bot and not u.deleted]
    admins = [u for u in people if u.is_admin]
    return (admins or people)[0].id if people else "U_INSTALLER"


def _workspaces_of(slack: LocalSlack, target: str) -> list[Workspace]:
    if target.startswith("org:"):
        org = target.removeprefix("org:")
        return [ws for ws in slack.workspaces.values() if ws.enterprise_id == org]
    return [slack.workspaces[target]] if target in slack.workspaces else []


def access(slack: LocalSlack, params: Json, client_id: str | None, client_secret: str | None) -> Json:
    """oauth.v2.access: a code for the install's bot token, or (grant_type=refresh_token) a refresh."""
    app = slack.oauth.app
    client_id = client_id or params.get("client_id")
    client_secret = client_secret or params.get("client_secret")
    if app is None or client_id != app.client_id:
        return {"ok": False, "error": "invalid_client_id"}
    if client_secret != app.client_secret:
        return {"ok": False, "error": "bad_client_secret"}
    if params.get("grant_type") == "refresh_token":
        return _refresh(slack, str(params.get("refresh_token") or ""))
    code = slack.oauth.codes.pop(str(params.get("code") or ""), None)
    if code is None or slack.now().timestamp() - code.issued > CODE_SECONDS:
        return {"ok": False, "error": "invalid_code"}
    if params.get("redirect_uri") and params["redirect_uri"] != code.redirect_uri:
        return {"ok": False, "error": "bad_redirect_uri"}
    return _install(slack, app, code)


def _install(slack: LocalSlack, app: OAuthApp, code: Code) -> Json:
    spaces = _workspaces_of(slack, code.target)
    if not spaces:
        return {"ok": False, "error": "invalid_code"}
    org_wide = code.target.startswith("org:")
    first = spaces[0]
    grant = _grant(slack, [ws.team_id for ws in spaces], first.enterprise_id, org_wide)
    for ws in spaces:
        _revoke_tokens_of(slack, ws.team_id, keep=grant.token)
        ws.bot_token, ws.org_wide = None, org_wide
        ws.request_url = app.request_url or ws.request_url
        ws.signing_secret = app.signing_secret
        ws.scopes = set(code.scopes)
    body: Json = {
        "ok": True,
        "access_token": grant.token,
        "token_type": "bot",
        "scope": ",".join(code.scopes),
        "bot_user_id": first.bot_user_id,
        "app_id": first.app_id,
        "team": None if org_wide else {"id": first.team_id, "name": first.name},
        "enterprise": first.enterprise_json(),
        "is_enterprise_install": org_wide,
        "authed_user": {"id": code.installer},
    }
    if grant.refresh_token is not None:
        body |= {"refresh_token": grant.refresh_token, "expires_in": EXPIRES_IN}
    return body


def _grant(slack: LocalSlack, team_ids: list[str], enterprise_id: str | None, org_wide: bool) -> Grant:
    serial = next(slack.oauth.serial)
    rotating = slack.oauth.app is not None and slack.oauth.app.token_rotation
    token = f"xoxb-{team_ids[0]}-{serial}-{secrets.token_hex(4)}"
    grant = Grant(token, team_ids, enterprise_id, org_wide)
    if rotating:
        grant.token = "xoxe." + token
        grant.expires_at = slack.now().timestamp() + EXPIRES_IN
        grant.refresh_token = f"xoxe-1-{serial}-{secrets.token_hex(8)}"
    slack.oauth.grants[grant.token] = grant
    return grant


def _refresh(slack: LocalSlack, refresh_token: str) -> Json:
    """A refresh token works once: a second use is refused, so two refreshers at once leave one without."""
    old = next((g for g in slack.oauth.grants.values() if g.refresh_token == refresh_token), None)
    if old is None or refresh_token in slack.oauth.used_refresh or old.revoked:
        return {"ok": False, "error": "invalid_refresh_token"}
    slack.oauth.used_refresh.add(refresh_token)
    new = _grant(slack, old.team_ids, old.enterprise_id, old.org_wide)
    # At most two live tokens: the one just replaced keeps working until it expires, older ones stop.
    for grant in slack.oauth.grants.values():
        if grant.team_ids == old.team_ids and grant.token not in (old.token, new.token):
            grant.revoked = True
    return {
        "ok": True,
        "access_token": new.token,
        "token_type": "bot",
        "refresh_token": new.refresh_token,
        "expires_in": EXPIRES_IN,
        "team": None if new.org_wide else {"id": new.team_ids[0]},
        "enterprise": {"id": new.enterprise_id} if new.enterprise_id else None,
        "is_enterprise_install": new.org_wide,
    }


def _revoke_tokens_of(slack: LocalSlack, team_id: str, keep: str | None = None) -> None:
    for grant in slack.oauth.grants.values():
        if team_id in grant.team_ids and grant.token != keep:
            grant.revoked = True


def uninstall(slack: LocalSlack, ws: Workspace) -> list[Delivery]:
    """Someone removes the app (from the whole org, for an org-wide install): every token stops working
    at once, then Slack sends tokens_revoked and app_uninstalled (in either order: here, revoked first)."""
    with slack.lock:
        spaces = (
            [w for w in slack.workspaces.values() if w.enterprise_id == ws.enterprise_id]
            if ws.org_wide
            else [ws]
        )
        for space in spaces:
            _revoke_tokens_of(slack, space.team_id)
            space.bot_token = None
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [ws.bot_user_id]}}
    deliveries = [ws.deliver_event(revoked), ws.deliver_event({"type": "app_uninstalled"})]
    with slack.lock:
        for space in spaces:
            space.org_wide = False
    return deliveries
