"""Start-up: database ready, Slack reachable, scheduler running, then serve over HTTP or Socket Mode."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import build_app
from bot.clock import SteadyClock
from bot.config import ConfigError, Settings
from bot.httpserver import WAITRESS_BODY_LIMIT, BackgroundServer, CoachbotWsgi, MetricsOnly
from bot.oauth import INSTALL_PATH, REDIRECT_PATH, Install, OAuthConfig, build_install
from bot.privacy import retention
from bot.runtime import Services, build_services, make_client
from bot.slack.budget import WORKSPACE_POSTS, Budget, Rate
from scheduler.ticker import Ticker
from storage.db import Database
from storage.migrate import upgrade_if_behind

log = logging.getLogger(__name__)


class Server:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.database_url)
        self.services: Services | None = None
        self.app: App | None = None
        self.ticker: Ticker | None = None

    def prepare(self) -> None:
        """Migrate, check the bot token with Slack, build the app; fails with one clear line."""
        try:
            if upgrade_if_behind(self.db):
                log.info("database schema migrated")
        except Exception as exc:  # the driver's message is the useful part; say which setting to check
            # SQLAlchemy adds a line pointing to its documentation: keep the first, the driver's.
            reason = (str(exc).splitlines() or [""])[0]
            raise ConfigError(
                f"DATABASE_URL: cannot open or migrate the database ({exc.__class__.__name__}: {reason})"
            ) from exc
        client = make_client(self.settings.bot_token, self.settings.api_url)
        if self.settings.bot_token is not None:
            self._check_token(client)
        retention.configure(days=self.settings.retention_days)
        posts = Rate(per_minute=self.settings.posts_per_minute, burst=WORKSPACE_POSTS.burst)
        budget = Budget(workspace_posts=posts)
        clock = SteadyClock()
        install = self._install(clock) if self.settings.oauth else None
        self.services = build_services(
            db=self.db,
            clock=clock,
            client=client,
            budget=budget,
            send_workers=self.settings.send_workers,
            workspaces=install.installed if install is not None else None,
        )
        self.services.public_url = self.settings.public_url
        self.app = build_app(self.services, signing_secret=self.settings.signing_secret, install=install)
        self.ticker = Ticker(self.services, replica=self.settings.replica_name)
        self.ticker.start()

    def _check_token(self, client: WebClient) -> None:
        try:
            identity = client.auth_test()
        except SlackApiError as exc:
            raise ConfigError(f"SLACK_BOT_TOKEN was refused by Slack ({exc.response.get('error')})") from None
        except OSError as exc:
            raise ConfigError(f"SLACK_API_URL: cannot reach {self.settings.api_url} ({exc})") from None
        log.info("connected to workspace %s as %s", identity.get("team"), identity.get("user"))

    def _install(self, clock: SteadyClock) -> Install:
        """Many workspaces: each installs through /slack/install; its token comes from the database."""
        assert self.settings.client_id is not None
        assert self.settings.client_secret is not None
        config = OAuthConfig(
            client_id=self.settings.client_id,
            client_secret=self.settings.client_secret,
            state_secret=self.settings.state_secret,
            authorize_url=self.settings.oauth_authorize_url,
        )
        api_url = self.settings.api_url
        install = build_install(
            config, db=self.db, clock=clock, api_url=api_url, make_client=lambda t: make_client(t, api_url)
        )
        log.info("installs in many workspaces: %s and %s", INSTALL_PATH, REDIRECT_PATH)
        return install

    def serve_http(self, host: str, port: int) -> None:
        from waitress import serve

        assert self.app is not None
        assert self.services is not None
        log.info("listening on http://%s:%d/slack/events (and /healthz, /metrics)", host, port)
        try:
            wsgi = CoachbotWsgi(
                self.app,
                self.db,
                signing_secret=self.settings.signing_secret,
                metrics=self.services.metrics,
            )
            serve(
                wsgi,
                host=host,
                port=port,
                threads=8,
                ident="coachbot",
                max_request_body_size=WAITRESS_BODY_LIMIT,  # 413 before a large body is read
            )
        finally:
            self.shutdown()

    def serve_socket_mode(self) -> None:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        assert self.app is not None
        assert self.settings.app_token is not None
        log.info("connecting to Slack in Socket Mode")
        metrics = self._serve_metrics()
        try:
            SocketModeHandler(self.app, self.settings.app_token).start()  # type: ignore[no-untyped-call]
        finally:
            if metrics is not None:
                metrics.stop()
            self.shutdown()

    def _serve_metrics(self) -> BackgroundServer | None:
        """Socket Mode has no HTTP server of its own: GET /metrics on COACHBOT_METRICS_PORT, when set."""
        port = self.settings.metrics_port
        if port is None or self.services is None:
            return None
        try:
            server = BackgroundServer(
                MetricsOnly(self.services.metrics), host="0.0.0.0", port=port, threads=2
            )
        except OSError as exc:
            raise ConfigError(
                f"COACHBOT_METRICS_PORT: cannot listen on port {port} ({exc.strerror})"
            ) from None
        log.info("metrics on %s/metrics", server.url)
        return server.start()

    def shutdown(self) -> None:
        if self.ticker is not None:
            self.ticker.stop()
        self.db.dispose()
