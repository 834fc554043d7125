"""`coachbot demo install`: coachbot installed into two local workspaces through its real install pages (the
"Add to Slack" page, Slack's authorize page, the OAuth redirect), then a round in each, every call made with
that workspace's own token; on a fake clock the local Slack shares."""

from __future__ import annotations

import logging
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_app
from bot.clock import FakeClock
from bot.httpserver import BackgroundServer, CoachbotWsgi
from bot.oauth import INSTALL_PATH, REDIRECT_PATH, OAuthConfig, build_install
from bot.runtime import build_services, make_client
from localslack import LocalSlack
from localslack.browser import Browser
from localslack.oauth import OAuthApp
from storage.db import Database
from storage.migrate import upgrade

START = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
CLIENT_ID, CLIENT_SECRET, SECRET = "1234.5678", "demo-client-secret", "demo-signing-secret"
# Two client organisations of one provider, each its own workspace with its own people.
WORKSPACES = {
    "T0NORTH": ("Northwind Ltd", "C0NORTH", ("U0NFAC", "U0NANA", "U0NBEN")),
    "T0SOUTH": ("Southbank plc", "C0SOUTH", ("U0SFAC", "U0SCHO", "U0SDEV")),
}
PHASE = "10s"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="coachbot-demo-install-") as tmp:
        return _play(Path(tmp))


def _play(tmp: Path) -> int:
    log_file = logging.FileHandler(tmp / "demo.log", encoding="utf-8")
    root = logging.getLogger()
    quieted = [h for h in root.handlers if isinstance(h, logging.StreamHandler)]
    for handler in quieted:
        root.removeHandler(handler)
    root.addHandler(log_file)
    clock = FakeClock(START)
    slack = LocalSlack(clock=clock)
    for team_id, (name, channel, people) in WORKSPACES.items():
        ws = slack.add_workspace(
            team_id=team_id, name=name, bot_token=None, signing_secret=SECRET, bot_user_id=f"UBOT{team_id}"
        )
        for user_id in people:
            ws.add_user(user_id, user_id.lower())
        ws.add_channel(channel, "leaders", members=list(people))
    slack.start()
    db = Database(f"sqlite:///{tmp / 'demo.db'}")
    upgrade(db)
    api_url = slack.api_url
    install = build_install(
        OAuthConfig(CLIENT_ID, CLIENT_SECRET, None, authorize_url=slack.authorize_url),
        db=db,
        clock=clock,
        api_url=api_url,
        make_client=lambda token: make_client(token, api_url),
    )
    services = build_services(
        db=db, clock=clock, client=make_client(None, api_url), workspaces=install.installed
    )
    app = build_app(services, signing_secret=SECRET, process_before_response=True, install=install)
    server = BackgroundServer(CoachbotWsgi(app, db)).start()
    slack.configure_app(
        OAuthApp(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            redirect_url=server.url + REDIRECT_PATH,
            request_url=server.url + "/slack/events",
            signing_secret=SECRET,
        )
    )
    try:
        for team_id, (name, _, _) in WORKSPACES.items():
            print(
                f"\n▶ An admin of {name} opens {INSTALL_PATH}, presses Add to Slack, and allows it in {name}"
            )
            page = Browser().install(server.url + INSTALL_PATH, team_id)
            print(f"  The page says ({page.status}): {_text_of(page.text)}")
        for team_id, (name, channel, (fac, leader1, leader2)) in WORKSPACES.items():
            print(f"\n▶ In {name}, the facilitator types /assess <@{leader1}> <@{leader2}> timing={PHASE} x5")
            slack.workspaces[team_id].slash_command(
                fac,
                channel,
                command="/assess",
                text=f"<@{leader1}> <@{leader2}> timing=" + ",".join([PHASE] * 5),
            )
        for _ in range(21):  # a little over two phases, a second of fake time at a time
            clock.advance(1)
            services.run_due(clock.now())
        for team_id, (name, channel, _) in WORKSPACES.items():
            posted = [m.text for m in slack.workspaces[team_id].all_messages(channel) if m.bot_id]
            print(f"\n┌─ What coachbot posted in {name}")
            for text in posted:
                print(f"│ {text}")
            print("└" + "─" * 60)
        grants = slack.oauth.grants
        calls = [c for c in slack.calls if c.token is not None]
        wrong = [c for c in calls if c.team_id is None or c.team_id not in grants[str(c.token)].team_ids]
        for team_id, (name, _, _) in WORKSPACES.items():
            mine = [c for c in calls if c.team_id == team_id]
            tokens = sorted({str(c.token)[:14] + "…" for c in mine})
            print(f"\n  {name}: {len(mine)} Web API calls, all with its own token {', '.join(tokens)}")
        print(f"  Calls made with another workspace's token: {len(wrong)}")
        print("\nDemo finished.")
        return 0 if not wrong else 1
    finally:
        server.stop()
        slack.stop()
        db.dispose()
        root.removeHandler(log_file)
        log_file.close()
        for handler in quieted:
            root.addHandler(handler)


def _text_of(page: str) -> str:
    """The page's paragraphs, as a person reads them."""
    paragraphs = re.findall(r"<p>(.*?)</p>", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", "", p) for p in paragraphs)
