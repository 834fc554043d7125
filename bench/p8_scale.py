"""P8 many workspaces (issue 14): 500 installed, each with its own bot token in the installation store; 1,000
live rounds over 200 of them and 10,000 /coach nudges due over 100 others in the same minute. One coachbot
process on SQLite, or replicas (2 by default) on PostgreSQL, all in OAuth mode."""

from __future__ import annotations

import re
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bench.common import SECRET, Coachbot, Figure, Options, add_room, fresh_database, make_slack, marker_key
from bench.common import percentile as pct
from bench.p2_timers import Sleeper, deadlines
from bench.p4_fanout import COACH, seed
from bench.rounds import Room, start_rounds
from bench.usage import Usage
from bot.oauth import BOT_SCOPES
from localslack import LocalSlack, Workspace
from localslack.limits import POST_MESSAGE_WORKSPACE_PER_MINUTE
from storage.db import Database
from storage.platform import Lease

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "bench-client-secret"
STATE_SECRET = "bench-state-secret-0123456789"
B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Scale:
    installed: int
    round_spaces: int
    rooms_each: int
    nudge_spaces: int
    leaders: int
    calls: int
    phase: int  # seconds
    lead: float  # seconds from the start of the replicas to the first round's start

    @property
    def rounds(self) -> int:
        return self.round_spaces * self.rooms_each

    @property
    def nudges(self) -> int:
        return self.nudge_spaces * self.leaders * self.calls


# The counts, with 10 s phases as P2 runs them (real rounds change phase 13 to 20 times less often).
FULL = Scale(
    installed=500, round_spaces=200, rooms_each=5, nudge_spaces=100, leaders=20, calls=5, phase=10, lead=20
)
QUICK = Scale(
    installed=10, round_spaces=4, rooms_each=2, nudge_spaces=2, leaders=10, calls=5, phase=1, lead=4
)


def team_id(n: int) -> str:
    """Ids whose last two characters differ for each workspace (the local Slack's ids end with them, so
    no two workspaces hand out the same DM or message id) and whose last three do too (rooms use them)."""
    return f"T0S{n:03d}{B36[n // 36]}{B36[n % 36]}"


def token(n: int) -> str:
    return f"xoxb-bench-{n:03d}-{team_id(n).lower()}"


def install(slack: LocalSlack, url: str, count: int) -> list[Workspace]:
    """`count` workspaces in the local Slack, each with its own token, and the same installations in the
    database, saved through slack_sdk's store as an OAuth install saves them."""
    db = Database(url)
    store = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=db.engine)
    spaces = []
    for n in range(count):
        ws = slack.add_workspace(
            team_id=team_id(n), name=f"Scale {n}", bot_token=token(n), signing_secret=SECRET
        )
        store.save(
            Installation(
                app_id="A_LOCAL",
                team_id=ws.team_id,
                team_name=ws.name,
                bot_token=token(n),
                bot_id=ws.bot_id,
                bot_user_id=ws.bot_user_id,
                bot_scopes=list(BOT_SCOPES),
                user_id="U0ADMIN",
            )
        )
        spaces.append(ws)
    db.dispose()
    return spaces


@dataclass
class Watch:
    """Reads the local Slack's new calls: first arrival of each keyed message, duplicates, 429s, and calls
    whose token is not that of the workspace owning the channel or person they name."""

    slack: LocalSlack
    team_of_token: dict[str, str]
    owner: dict[str, str]  # channel or person id -> the only workspace that has it
    seen: dict[str, float] = field(default_factory=dict)
    posts: Counter[str] = field(default_factory=Counter)
    calls: int = 0
    limited: int = 0
    foreign: int = 0
    _read: int = 0

    def update(self) -> None:
        with self.slack.lock:
            new = self.slack.calls[self._read :]
        self._read += len(new)
        for call in new:
            self.calls += 1
            self.limited += call.status == 429
            self.foreign += self._foreign(call.token, call.params, call.response)
            if call.method != "chat.postMessage" or not call.response.get("ok"):
                continue
            key = marker_key(call.params)
            if key is not None:
                self.posts[key] += 1
                self.seen.setdefault(key, call.at.timestamp())

    def _foreign(self, tok: str | None, params: dict[str, object], response: dict[str, object]) -> bool:
        if response.get("error") == "invalid_auth":
            return True
        mine = self.team_of_token.get(tok or "")
        if mine is None:
            return True
        for name in ("channel", "user", "users"):
            owner = self.owner.get(str(params.get(name) or ""))
            if owner is not None and owner != mine:
                return True
        return False

    def count(self, part: str) -> int:
        return sum(1 for key in self.seen if part in key)

    def duplicates(self) -> int:
        return sum(n - 1 for n in self.posts.values())


def owners(spaces: list[Workspace]) -> dict[str, str]:
    """Each channel or person id held by exactly one workspace (the bot and the coach are in all)."""
    found: dict[str, set[str]] = {}
    for ws in spaces:
        for key in [*ws.channels, *ws.users]:
            found.setdefault(key, set()).add(ws.team_id)
    return {key: next(iter(teams)) for key, teams in found.items() if len(teams) == 1}


def run(opts: Options) -> list[Figure]:
    scale = QUICK if opts.quick else FULL
    replicas = 1 if opts.database_url is None else (opts.replicas or 2)
    return measure(opts, scale, replicas)


def measure(opts: Options, scale: Scale, replicas: int) -> list[Figure]:
    slack = make_slack(limits=True)
    bots: list[Coachbot] = []
    try:
        url = fresh_database(opts, "p8")
        spaces = install(slack, url, scale.installed)
        rooms = [
            Room(ws.team_id, *add_room(ws, n))
            for ws in spaces[: scale.round_spaces]
            for n in range(scale.rooms_each)
        ]
        db = Database(url)
        start_replicas(opts, slack, url, replicas, bots)
        # The lead covers seeding: every nudge due at one instant, a phase and a half into the rounds.
        begin = datetime.now(UTC) + timedelta(seconds=scale.lead)
        nudges_due = begin + timedelta(seconds=1.5 * scale.phase)
        seed_nudges(
            db, spaces[scale.round_spaces : scale.round_spaces + scale.nudge_spaces], scale, nudges_due
        )
        watch = Watch(slack, {token(n): team_id(n) for n in range(scale.installed)}, owners(spaces))
        # Within each workspace the starts spread over one phase, as rooms start when they are ready.
        starts = [
            begin + timedelta(seconds=scale.phase * (i % scale.rooms_each) / scale.rooms_each)
            for i in range(len(rooms))
        ]
        planned = [at + timedelta(seconds=scale.phase * k) for at in starts for k in range(1, 5)]
        sleeper = Sleeper(planned)
        sleeper.start()
        ids = start_rounds(db, rooms, starts, (scale.phase,) * 5)
        usage = Usage(bots, url)
        end = max(planned).timestamp() + 10 * scale.phase + scale.nudges / 50
        while time.time() < end:
            time.sleep(0.5)
            watch.update()
            usage.sample()
            if watch.count(":phase:") >= len(rooms) * 5 and watch.count("fanout:") >= scale.nudges:
                break
        lease = LeaseSeen(_holder(db), sum(_takeovers(bot) for bot in bots))
        sleeper.join(timeout=5)
        due = deadlines(db, ids)
        db.dispose()
        watch.update()
    finally:
        for bot in bots:
            bot.stop()
        slack.stop()
    return figures(scale, replicas, watch, due, sleeper, usage, lease, nudges_due.timestamp())


def start_replicas(opts: Options, slack: LocalSlack, url: str, count: int, bots: list[Coachbot]) -> None:
    """`count` coachbot processes in OAuth mode on one database (added to `bots` as they start)."""
    env = {
        "SLACK_BOT_TOKEN": "",
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_STATE_SECRET": STATE_SECRET,
        "SLACK_OAUTH_AUTHORIZE_URL": slack.authorize_url,
    }
    for r in range(count):
        named = env | {"COACHBOT_REPLICA_NAME": f"replica-{r + 1}"}
        bots.append(Coachbot(opts, api_url=slack.api_url, database_url=url, env=named))
        bots[-1].start()


def seed_nudges(db: Database, spaces: list[Workspace], scale: Scale, due: datetime) -> None:
    """In each workspace, a coach and `scale.leaders` leaders with a nudge for each of `scale.calls` calls."""
    for ws in spaces:
        ws.add_user(COACH, "coach", real_name="Coach")
        leaders = [f"U0N{ws.team_id[-3:]}{i:02d}" for i in range(scale.leaders)]
        for user in leaders:
            ws.add_user(user, user.lower(), real_name=user)
        seed(db, ws, leaders, scale.calls, due, due_in=timedelta(0))


@dataclass(frozen=True)
class LeaseSeen:
    holder: str  # who held the scheduler lease at the end
    takeovers: int  # summed over the replicas


def lateness_apart(seen: dict[str, float], due: dict[str, datetime], first: float, last: float) -> str:
    """Lateness of the phase changes due before the nudges, while they went out, and after."""
    spans: dict[str, list[float]] = {"before the nudges": [], "while they went out": [], "after": []}
    for key, at in due.items():
        if key in seen:
            when = at.timestamp()
            part = "before the nudges" if when < first else "after" if when > last else "while they went out"
            spans[part].append((seen[key] - when) * 1000)
    return "; ".join(
        f"{part}: {len(v)}, p99 {pct(v, 99):.0f} ms, max {max(v):.0f} ms" for part, v in spans.items() if v
    )


def _takeovers(bot: Coachbot) -> int:
    """How often this replica took the scheduler lease from another (its /metrics counter)."""
    with urllib.request.urlopen(f"{bot.url}/metrics", timeout=5) as response:
        exposition = response.read().decode()
    found = re.search(r"^coachbot_lease_takeovers_total ([0-9.e+]+)$", exposition, re.MULTILINE)
    return int(float(found.group(1))) if found else 0


def _holder(db: Database) -> str:
    with db.session() as s:
        lease = s.get(Lease, "due-work")
        return lease.holder if lease is not None else ""


def figures(
    scale: Scale,
    replicas: int,
    watch: Watch,
    due: dict[str, datetime],
    sleeper: Sleeper,
    usage: Usage,
    lease: LeaseSeen,
    nudges_due: float,
) -> list[Figure]:
    where = "SQLite, 1 process" if replicas == 1 else f"PostgreSQL, {replicas} replicas"
    name = f"P8 {where}"
    late = [(watch.seen[k] - d.timestamp()) * 1000 for k, d in due.items() if k in watch.seen]
    missing = len(due) - len(late)
    base = sleeper.lateness
    p50, p99, worst = pct(late, 50), pct(late, 99), max(late, default=0.0)
    nudged = sorted(at for key, at in watch.seen.items() if key.startswith("fanout:"))
    window = (nudged[-1] - nudged[0]) if len(nudged) > 1 else 0.0
    per_minute = len(nudged) / window * 60 if window > 0 else 0.0
    ceiling = scale.nudge_spaces * POST_MESSAGE_WORKSPACE_PER_MINUTE
    shape = (
        f"{scale.installed} workspaces installed, each its own token; {scale.rounds} rounds over "
        f"{scale.round_spaces}, {scale.phase} s phases; {scale.nudges} nudges due at one instant over "
        f"{scale.nudge_spaces} others"
    )
    apart = lateness_apart(watch.seen, due, nudges_due, nudged[-1] if nudged else nudges_due)
    late_note = f"{shape}; {len(late)} phase changes, {missing} not seen in time; {apart}"
    thr_note = (
        f"{len(nudged)} of {scale.nudges} nudges sent, window: first to last arrival, {window:.1f} s; "
        f"ceiling {scale.nudge_spaces} x {POST_MESSAGE_WORKSPACE_PER_MINUTE}/min; "
        f"{watch.limited} calls answered 429"
    )
    out = [
        Figure(f"{name}: lateness p50", p50, "ms", "-", None, pct(base, 50), late_note),
        Figure(f"{name}: lateness p99", p99, "ms", "< 250 ms", p99 < 250 and not missing, pct(base, 99)),
        Figure(
            f"{name}: lateness max",
            worst,
            "ms",
            "< 1000 ms",
            worst < 1000 and not missing,
            max(base, default=0.0),
        ),
        Figure(
            f"{name}: nudge throughput",
            per_minute,
            "/min",
            ">= 0.9x the ceiling",
            per_minute >= 0.9 * ceiling,
            ceiling,
            thr_note,
        ),
        Figure(
            f"{name}: calls with another workspace's token",
            watch.foreign,
            "calls",
            "0",
            watch.foreign == 0,
            note=f"over {watch.calls} Web API calls",
        ),
        Figure(
            f"{name}: duplicates",
            watch.duplicates(),
            "msgs",
            "0",
            watch.duplicates() == 0,
            note=f"over {sum(watch.posts.values())} keyed messages",
        ),
    ]
    if nudged:
        out.extend(usage.figures(name, nudged[0], nudged[-1], lease.holder))
    if replicas > 1:
        takeovers = lease.takeovers
        out.append(
            Figure(
                f"{name}: lease takeovers",
                takeovers,
                "takeovers",
                "0",
                takeovers == 0,
                note="summed from each replica's /metrics: a holder that did not renew within 10 s",
            )
        )
    return out
