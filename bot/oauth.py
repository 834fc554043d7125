"""Installing coachbot in many workspaces with Bolt's own OAuth flow: slack_sdk's SQLAlchemy installation and
state stores on coachbot's database, requests authorized by the workspace's own (refreshed) token, and
pages that say what happened and what to do next."""

from __future__ import annotations

import hashlib
import hmac
import html
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from bot.privacy import workspace
from bot.slack.tokens import Installed, MakeClient, NotInstalled
from storage.db import Database
from storage.installations import OAuthSecret

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
DEFAULT_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"
# An install started longer ago than this must start again (slack_sdk's default is 10 minutes).
STATE_SECONDS = 600
# manifest.yml's bot scopes (tests/bot/test_oauth.py checks they agree): what an install asks for.
BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "channels:history",
    "groups:history",
    "im:write",
    "im:history",
    "files:write",
    "channels:read",
    "groups:read",
)


@dataclass(frozen=True)
class OAuthConfig:
    client_id: str
    client_secret: str
    state_secret: str | None  # None: generated once and kept in the database
    authorize_url: str = DEFAULT_AUTHORIZE_URL


class SignedStates(OAuthStateStore):
    """slack_sdk's database state store, each state signed: a state this deployment did not issue is
    refused without a database read, and replicas share both the states and the secret."""

    def __init__(self, inner: SQLAlchemyOAuthStateStore, secret: str) -> None:
        self.inner, self.secret = inner, secret.encode()

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = self.inner.issue()
        return f"{state}.{self._sign(state)}"

    def consume(self, state: str) -> bool:
        raw, _, signature = state.rpartition(".")
        if not raw or not hmac.compare_digest(signature, self._sign(raw)):
            return False
        return bool(self.inner.consume(raw))

    def _sign(self, state: str) -> str:
        return hmac.new(self.secret, state.encode(), hashlib.sha256).hexdigest()[:32]


def state_secret(db: Database, configured: str | None) -> str:
    """SLACK_STATE_SECRET, or the one generated on first start and kept in the database for every replica."""
    if configured:
        return configured
    with db.read() as s:
        found = s.get(OAuthSecret, "state")
    if found is not None:
        return found.value
    try:
        with db.session() as s:
            s.add(OAuthSecret(name="state", value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # another replica generated it first: take theirs
    with db.read() as s:
        stored = s.get(OAuthSecret, "state")
        assert stored is not None
        return stored.value


class WorkspaceAuthorize(Authorize):
    """Each request is answered with its own workspace's bot token (or its org's, for an org-wide install),
    through the same store, cache and refresh lock the background senders use."""

    def __init__(self, installed: Installed) -> None:
        self.installed = installed

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_: Any,
    ) -> AuthorizeResult | None:
        if enterprise_id and team_id:
            self.installed.note_org(team_id, enterprise_id)
        try:
            bot = self.installed.bot(team_id=team_id, enterprise_id=enterprise_id)
        except NotInstalled:
            log.info("a request from a workspace with no installation (%s)", team_id or enterprise_id)
            return None
        return AuthorizeResult(
            enterprise_id=bot.enterprise_id,
            team_id=team_id or bot.team_id,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )


@dataclass
class Install:
    """What serve --http needs for many workspaces: Bolt's OAuth settings and the installed workspaces."""

    settings: OAuthSettings
    installed: Installed
    authorize: WorkspaceAuthorize
    store: SQLAlchemyInstallationStore


def build_install(
    config: OAuthConfig, *, db: Database, clock: Clock, api_url: str, make_client: MakeClient
) -> Install:
    store = SQLAlchemyInstallationStore(client_id=config.client_id, engine=db.engine, logger=log)
    states = SignedStates(
        SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=db.engine, logger=log),
        state_secret(db, config.state_secret),
    )
    rotator = TokenRotator(
        client_id=config.client_id,
        client_secret=config.client_secret,
        client=WebClient(base_url=api_url, retry_handlers=[]),
    )
    installed = Installed(
        db=db,
        store=store,
        clock=clock,
        make_client=make_client,
        rotator=rotator,
        holder=f"coachbot-{secrets.token_hex(4)}",
    )
    settings = OAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=config.authorize_url,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=states,
        state_expiration_seconds=STATE_SECONDS,
        callback_options=CallbackOptions(success=_installed_page(db, clock, installed), failure=_failed_page),
        logger=log,
    )
    return Install(
        settings=settings, installed=installed, authorize=WorkspaceAuthorize(installed), store=store
    )


def _installed_page(db: Database, clock: Clock, installed: Installed) -> Any:
    def success(args: SuccessArgs) -> BoltResponse:
        done = args.installation
        teams = [done.team_id] if done.team_id else []
        if done.enterprise_id and done.team_id:
            installed.note_org(done.team_id, done.enterprise_id)
        if done.is_enterprise_install and done.enterprise_id:
            teams = installed.teams_of_org(done.enterprise_id)
        for team in teams:  # a reinstall: its held messages go out again, its data is kept
            workspace.reinstalled(db, team_id=team, now=clock.now())
        installed.forget()
        where = done.enterprise_name if done.is_enterprise_install else done.team_name
        log.info("installed in %s", done.enterprise_id if done.is_enterprise_install else done.team_id)
        return _page(
            200,
            "coachbot is installed",
            f"coachbot is now installed in <b>{html.escape(where or 'your workspace')}</b>.",
            "Next: invite it to a channel (<code>/invite @coachbot</code>), then type "
            "<code>/assess help</code> or <code>/coach help</code> there. You can close this page.",
        )

    return success


# What each of Bolt's failure reasons means to the person installing, and what they can do.
FAILURES = {
    "access_denied": "You (or Slack) cancelled the install, so nothing was installed.",
    "invalid_browser": "This page was opened in a different browser from the one that started the install.",
    "invalid_state": "This install link has expired or was already used.",
    "missing_code": "Slack did not send back an authorization code.",
    "invalid_code": "Slack did not accept the authorization code (it may have been used already).",
    "storage_error": "coachbot could not save the installation.",
}


def _failed_page(args: FailureArgs) -> BoltResponse:
    log.warning("an install did not finish: %s", args.reason)
    what = FAILURES.get(args.reason, "Slack reported a problem with the install.")
    return _page(
        args.suggested_status_code,
        "coachbot was not installed",
        f"{html.escape(what)} (reason: <code>{html.escape(args.reason)}</code>)",
        f'Start again from <a href="{INSTALL_PATH}">{INSTALL_PATH}</a>. If it fails again, ask whoever '
        "runs coachbot to check its log; a workspace admin may need to approve the app first.",
    )


def _page(status: int, title: str, what: str, next_step: str) -> BoltResponse:
    body = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{what}</p><p>{next_step}</p></body></html>"
    )
    return BoltResponse(status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
