"""P1's baselines: a Bolt app that only acks (or, with --store, commits each thread reply first), served by
waitress exactly as `coachbot serve --http` is."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot.httpserver import EVENTS_PATH, HEALTH_PATH, StartResponse
from bot.runtime import make_client
from storage.db import Database


def build(*, store: bool = False) -> App:
    # The same client set-up as coachbot's: Bolt's authorization asks the local Slack once, then caches.
    client = make_client(os.environ["SLACK_BOT_TOKEN"], os.environ["SLACK_API_URL"])
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        raise_error_for_unhandled_request=False,
    )

    @app.command("/assess")
    def handle_assess(ack: Ack) -> None:
        ack()

    if not store:

        @app.event("message")
        def handle_message(event: dict[str, Any]) -> None:
            """Events are acked by Bolt before the listener runs."""

        return app

    # The least a durable ack needs: one row committed before it, in the same database set-up as coachbot's,
    # from listener middleware (which Bolt runs before acking), as coachbot stores a reply.
    db = Database(os.environ["DATABASE_URL"])
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS bare_reply (channel TEXT, ts TEXT, body TEXT)"))
    insert = text("INSERT INTO bare_reply (channel, ts, body) VALUES (:channel, :ts, :body)")

    def keep(event: dict[str, Any], next: Callable[[], None]) -> None:
        with db.engine.begin() as conn:
            conn.execute(
                insert, {"channel": event["channel"], "ts": event["ts"], "body": event.get("text", "")}
            )
        next()

    app.event("message", middleware=[keep])(lambda: None)
    return app


class BareWsgi:
    def __init__(self, app: App) -> None:
        self.slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Any:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b'{"ok": true}']
        return self.slack(environ, start_response)


def main() -> None:
    from waitress import serve

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--store", action="store_true", help="commit each thread reply before the ack")
    args = parser.parse_args()
    serve(BareWsgi(build(store=args.store)), host=args.host, port=args.port, threads=8, ident="coachbot")


if __name__ == "__main__":
    main()
