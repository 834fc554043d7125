"""The `coachbot` command: serve (HTTP or Socket Mode), db upgrade, demo, privacy requests, the audit log."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from bot.config import ConfigError, DatabaseSettings, Settings, load_database_settings, load_settings

log = logging.getLogger("coachbot")
# demos.DEMOS by name, so that `--help` and serving import no demo.
DEMO_NAMES = ("assess", "series", "sponsors", "coach", "install")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return _demo(args.programme)
    try:
        if args.command == "db":
            return _db_upgrade()
        if args.command == "failed":
            return _failed(args)
        if args.command in ("privacy", "audit"):
            return _privacy(args)
        return _serve(args)
    except ConfigError as exc:
        print(f"coachbot: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coachbot", description="Leadership coaching programmes inside Slack."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the bot (Socket Mode when SLACK_APP_TOKEN is set, or --http)")
    serve.add_argument("--http", action="store_true", help="serve Slack's request URL over HTTP")
    serve.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="HTTP address to listen on (default 0.0.0.0)")
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="apply schema migrations")
    failed = sub.add_parser(
        "failed", help="list scheduled work that could not be sent, or send one item again"
    )
    failed.add_argument("action", nargs="?", choices=["retry"], help="retry: make KEY due again")
    failed.add_argument("key", nargs="?", help="the item's key, as `coachbot failed` lists it")
    privacy = sub.add_parser("privacy", help="answer a person's data request (export or erase their data)")
    privacy.add_argument(
        "action", choices=["export", "erase"], help="export: JSON on stdout; erase: remove it"
    )
    privacy.add_argument("user_id", help="their Slack user id, for example U0123ABCD")
    sub.add_parser("audit", help="print the audit log: who created, advanced, exported or erased what")
    demo = sub.add_parser("demo", help="play the programmes against the local Slack (no account needed)")
    demo.add_argument(
        "programme",
        nargs="?",
        default="all",
        choices=[*DEMO_NAMES, "all"],
        help="which demo to play (default all)",
    )
    return parser


def _demo(programme: str) -> int:
    # The demos and the local Slack they play against are imported here only: the bot never needs them.
    try:
        import websockets  # noqa: F401  (the local Slack's one extra dependency)
    except ImportError:
        print(
            "coachbot demo needs the local Slack: pip install 'coachbot[local]' (`make demo` does it)",
            file=sys.stderr,
        )
        return 2
    from demos import run

    return run(programme)


def _configure_logging(settings: Settings | DatabaseSettings) -> None:
    from bot.watch import logs

    logs.configure(level=settings.log_level, shape=settings.log_format)


def _db_upgrade() -> int:
    from storage.db import Database
    from storage.migrate import upgrade

    settings = load_database_settings()
    _configure_logging(settings)
    db = Database(settings.database_url)
    upgrade(db)
    print(f"coachbot: database schema is up to date ({db.engine.url.render_as_string(hide_password=True)})")
    return 0


def _failed(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.failures_admin import failure_table, retry
    from storage.db import Database

    settings = load_database_settings()
    _configure_logging(settings)
    db = Database(settings.database_url)
    if args.action == "retry":
        if not args.key:
            print(
                "coachbot: `coachbot failed retry KEY` needs the KEY that `coachbot failed` lists",
                file=sys.stderr,
            )
            return 2
        print(retry(db, args.key, SystemClock().now()))
    else:
        print(failure_table(db))
    return 0


def _privacy(args: argparse.Namespace) -> int:
    from bot.clock import SteadyClock
    from bot.privacy import audit, person
    from storage.db import Database
    from storage.migrate import upgrade_if_behind

    settings = load_database_settings()
    _configure_logging(settings)
    db = Database(settings.database_url)
    try:
        upgrade_if_behind(db)
        now = SteadyClock().now()
        if args.command == "audit":
            print("\n".join(audit.lines(db)))
        elif args.action == "export":
            print(person.export_person(db, user_id=args.user_id, now=now))
        else:
            changed = person.erase_person(db, user_id=args.user_id, now=now)
            rows = ", ".join(f"{table} {n}" for table, n in sorted(changed.items())) or "none"
            print(f"coachbot: erased {args.user_id}'s text and identity; rows changed: {rows}")
    finally:
        db.dispose()
    return 0


def _serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not args.http and settings.oauth:
        raise ConfigError("SLACK_CLIENT_ID is set (install in many workspaces): run `coachbot serve --http`")
    if not args.http and not settings.socket_mode:
        raise ConfigError(
            "SLACK_APP_TOKEN is not set: set it for Socket Mode, or run `coachbot serve --http`"
        )
    _configure_logging(settings)
    from bot.serve import Server

    server = Server(settings)
    server.prepare()
    _exit_on_sigterm()
    if args.http:
        server.serve_http(args.host, args.port)
    else:
        server.serve_socket_mode()
    return 0


def _exit_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so the scheduler stops and connections close cleanly."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d: stopping", signum)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)


if __name__ == "__main__":
    sys.exit(main())
