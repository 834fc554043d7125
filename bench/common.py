"""What every benchmark shares: figures, percentiles, fresh databases, the local Slack, a coachbot process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from localslack import LocalSlack, Workspace
from storage.db import Database
from storage.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "xoxb-bench-token"
SECRET = "bench-signing-secret"


@dataclass
class Figure:
    """One row of the table: a measured figure, its goal, the same-run baseline and their ratio."""

    name: str
    value: float
    unit: str
    goal: str
    passed: bool | None
    baseline: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": round(self.value, 3),
            "unit": self.unit,
            "goal": self.goal,
            "baseline": None if self.baseline is None else round(self.baseline, 3),
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "passed": self.passed,
            "note": self.note,
        }


@dataclass
class Options:
    quick: bool
    workdir: Path
    database_url: str | None = None  # None: a fresh SQLite file per benchmark in `workdir`
    replicas: int | None = None  # P8 on PostgreSQL: coachbot processes sharing the database
    notes: list[str] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values, so a table row still prints."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def fresh_database(opts: Options, name: str) -> str:
    """An empty, migrated database for one benchmark; on PostgreSQL the schema is dropped first."""
    if opts.database_url is None:
        path = opts.workdir / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        db = Database(url)
    else:
        url = opts.database_url
        db = Database(url)
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade(db)
    db.dispose()
    return url


def make_slack(*, limits: bool = True) -> LocalSlack:
    slack = LocalSlack()
    slack.limits_enabled = limits
    slack.start()
    return slack


def add_workspace(slack: LocalSlack, number: int) -> Workspace:
    """Workspaces share one token, as an org-wide install does; ids differ in their last two characters so
    that the ids each workspace hands out never collide."""
    team = f"T0W{number:03d}"
    return slack.add_workspace(team_id=team, name=f"Bench {number}", bot_token=TOKEN, signing_secret=SECRET)


def add_room(ws: Workspace, number: int, *, peers: int = 2, bot_member: bool = True) -> tuple[str, str]:
    """A channel with a leader and a few peers; returns (channel_id, leader_id). Without `bot_member`
    every post there is refused (`not_in_channel`), as when nobody invited coachbot."""
    tag = f"{ws.team_id[-3:]}{number:04d}"
    leader = f"U0L{tag}"
    people = [leader, *(f"U0P{tag}{p}" for p in range(peers))]
    for user in people:
        ws.add_user(user, user.lower(), real_name=user, tz="Europe/Paris")
    channel = f"C0R{tag}"
    ws.add_channel(channel, f"room-{tag.lower()}", members=people, bot_member=bot_member)
    return channel, leader


class Coachbot:
    """`coachbot serve --http` as its own process, configured only through its environment."""

    def __init__(self, opts: Options, *, api_url: str, database_url: str, env: dict[str, str] | None = None):
        self.port = free_port()
        self.log = opts.workdir / f"coachbot-{self.port}.log"
        base = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "COACHBOT"))
        }
        self.env = (
            base
            | {
                "SLACK_BOT_TOKEN": TOKEN,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": api_url,
                "DATABASE_URL": database_url,
                "COACHBOT_LOG_LEVEL": "WARNING",
            }
            | (env or {})
        )
        self.proc: subprocess.Popen[bytes] | None = None
        self.started = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Start the process; returns seconds until GET /healthz answered 200."""
        return start_and_wait(
            self, [sys.executable, "-m", "bot.cli", "serve", "--http", "--host", "127.0.0.1"]
        )

    def rss_mb(self) -> float:
        assert self.proc is not None
        return rss_mb(self.proc.pid)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def start_and_wait(server: Coachbot, command: list[str], timeout: float = 60) -> float:
    with server.log.open("ab") as log:
        server.started = time.monotonic()
        server.proc = subprocess.Popen(
            [*command, "--port", str(server.port)], env=server.env, cwd=ROOT, stdout=log, stderr=log
        )
    wait_for(lambda: healthy(server.url), timeout, f"{command[2]} to answer /healthz (see {server.log})")
    return time.monotonic() - server.started


@contextmanager
def running(server: Coachbot) -> Iterator[Coachbot]:
    try:
        yield server
    finally:
        server.stop()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
            return response.status == 200 and bool(json.loads(response.read()).get("ok"))
    except OSError:
        return False


def wait_for(probe: Callable[[], Any], timeout: float, what: str, *, every: float = 0.005) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(every)
    raise TimeoutError(f"timed out waiting for {what}")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def marker_key(params: dict[str, Any]) -> str | None:
    """The dedupe key coachbot stamps on each message's metadata, however the client encoded it."""
    metadata = params.get("metadata")
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return None
    if not isinstance(metadata, dict):
        return None
    key = (metadata.get("event_payload") or {}).get("key")
    return str(key) if key is not None else None
