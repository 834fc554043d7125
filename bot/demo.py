"""`coachbot demo`: a whole `/assess` session for two leaders against the local Slack, in the terminal."""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bot.app import build_app
from bot.clock import SystemClock
from bot.httpserver import BackgroundServer, CoachbotWsgi
from bot.ids import AssessAction, score_action
from bot.runtime import build_services, make_client
from localslack import LocalSlack, Workspace
from localslack.render import render_blocks, render_text
from scheduler.ticker import Ticker
from storage.db import Database
from storage.migrate import upgrade

TEAM, TOKEN, SECRET, CHANNEL = "T0DEMO", "xoxb-demo", "demo-signing-secret", "C0LEADERS"
FAC, ANA, BEN, PIA, PETE = "U0FRAN", "U0ANA", "U0BEN", "U0PIA", "U0PETE"
PEOPLE = {
    FAC: ("fran", "Fran (facilitator)", "America/New_York"),
    ANA: ("ana", "Ana", "Europe/Lisbon"),
    BEN: ("ben", "Ben", "America/Los_Angeles"),
    PIA: ("pia", "Pia", "Europe/Berlin"),
    PETE: ("pete", "Pete", "Asia/Tokyo"),
}
PHASE_SECONDS = 5
TIMEOUT_SECONDS = 150

# What the simulated people write, by leader and phase: (seconds into the phase, author, text).
SCRIPT: dict[str, dict[int, list[tuple[float, str, str]]]] = {
    ANA: {
        0: [(1.0, ANA, "My example: a rep kept missing forecasts and I ended up doing the deals myself.")],
        1: [
            (1.0, PIA, "What did you say to the rep the first time it happened?"),
            (2.5, PETE, "Was the quota realistic?"),
        ],
        2: [
            (1.0, PETE, "You jumped to fixing it; asking first might have shown you the real blocker."),
            (2.0, PIA, "Your example was honest and specific, that helps us all."),
        ],
        3: [(1.0, ANA, "I hear that I rescue too fast. I want to ask more before acting.")],
        4: [(1.0, ANA, "Next week: two questions before any advice.")],
    },
    BEN: {
        0: [(1.0, BEN, "My example: a team meeting where nobody challenged my plan.")],
        1: [(1.0, PETE, "How did you invite disagreement?")],
        2: [(1.0, PIA, "Silence is not agreement: try asking who sees it differently.")],
        3: [(1.0, BEN, "I will leave more room after I speak.")],
        4: [(1.0, BEN, "At the next planning meeting I will ask who sees it differently.")],
    },
}
# Each leader's self-score (phase 1) and re-score (phase 5), pressed on the buttons in the round's thread.
SCORES: dict[str, dict[int, int]] = {ANA: {0: 4, 4: 6}, BEN: {0: 5, 4: 7}}
SCORE_AT_SECONDS = 2.5


class Transcript:
    """Prints what people would see, as the local Slack receives it."""

    def __init__(self, slack: LocalSlack, ws: Workspace, out: Callable[[str], None] = print) -> None:
        self.slack, self.ws, self.out = slack, ws, out
        self._seen_calls = 0
        self._seen_ephemerals = 0
        self._lock = threading.Lock()

    def show_new(self) -> None:
        with self._lock:
            calls = self.slack.calls[self._seen_calls :]
            self._seen_calls += len(calls)
            for call in calls:
                if call.status == 200 and call.response.get("ok"):
                    self._show_call(call)
            ephemerals = self.ws.ephemerals()[self._seen_ephemerals :]
            self._seen_ephemerals += len(ephemerals)
            for eph in ephemerals:
                who = PEOPLE.get(eph.user_id, (eph.user_id,))[0]
                self.out(f"  (only @{who} sees) {render_text(eph.text or '', self.ws, eph.user_id)}")

    def _show_call(self, call: Any) -> None:
        message = call.response.get("message") or {}
        if call.method == "chat.postMessage":
            channel = call.response.get("channel", "")
            if str(channel).startswith("D"):
                self._box(
                    f"DM from coachbot to @{self._dm_owner(channel)}", message, self._dm_owner_id(channel)
                )
            elif message.get("thread_ts"):
                self.out("  ↳ thread: " + self._render(message, PIA).replace("\n", "\n            "))
            else:
                self._box("#leaders", message, PIA)
        elif call.method == "chat.update":
            self._box("#leaders · card updated", message, PIA)

    def _box(self, title: str, message: dict[str, Any], viewer: str) -> None:
        body = self._render(message, viewer)
        self.out(f"┌─ {title} " + "─" * max(0, 70 - len(title)))
        for line in body.splitlines():
            self.out(f"│ {line}")
        self.out("└" + "─" * 73)

    def _render(self, message: dict[str, Any], viewer: str) -> str:
        if message.get("blocks"):
            return render_blocks(message["blocks"], self.ws, viewer)
        return render_text(message.get("text", ""), self.ws, viewer)

    def _dm_owner_id(self, channel: str) -> str:
        for user_id in PEOPLE:
            if self.ws.dm_channel_id(user_id) == channel:
                return user_id
        return FAC

    def _dm_owner(self, channel: str) -> str:
        return PEOPLE[self._dm_owner_id(channel)][0]


def run_demo() -> int:
    with tempfile.TemporaryDirectory(prefix="coachbot-demo-") as tmp:
        return _play(Path(tmp))


def _play(tmp: Path) -> int:
    slack = LocalSlack()
    ws = slack.add_workspace(team_id=TEAM, name="Demo Co", bot_token=TOKEN, signing_secret=SECRET)
    for user_id, (name, real, tz) in PEOPLE.items():
        ws.add_user(user_id, name, real_name=real, tz=tz)
    ws.add_channel(CHANNEL, "leaders", members=list(PEOPLE))
    slack.start()
    db = Database(f"sqlite:///{tmp / 'demo.db'}")
    upgrade(db)
    services = build_services(db=db, clock=SystemClock(), client=make_client(TOKEN, slack.api_url))
    server = BackgroundServer(CoachbotWsgi(build_app(services, signing_secret=SECRET), db)).start()
    ws.request_url = f"{server.url}/slack/events"
    ticker = Ticker(services, interval=0.25)
    ticker.start()
    transcript = Transcript(slack, ws)
    watcher = _Watcher(transcript)
    watcher.start()
    try:
        _intro()
        ok = _session(ws, transcript)
    finally:
        watcher.stop()
        ticker.stop()
        server.stop()
        slack.stop()
        db.dispose()
    print("\nDemo finished." if ok else "\nDemo did not finish in time.", flush=True)
    return 0 if ok else 1


def _intro() -> None:
    print(
        "coachbot demo: a local Slack (no account, no network) with facilitator @fran, leaders @ana and @ben,"
        "\n"
        f"and peers @pia and @pete in #leaders. Phases are compressed to {PHASE_SECONDS} s each.\n"
        "Cards are shown as @pia sees them (times in her zone, Europe/Berlin).\n"
    )


def _session(ws: Workspace, transcript: Transcript) -> bool:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    timing = ",".join([f"{PHASE_SECONDS}s"] * 5)
    print(f"@fran types: /assess @ana @ben timing={timing}\n")
    ws.slash_command(FAC, CHANNEL, command="/assess", text=f"<@{ANA}|ana> <@{BEN}|ben> timing={timing}")
    for number, leader in enumerate((ANA, BEN)):
        card = _wait_for(partial(_card, ws, number), deadline)
        if card is None:
            return False
        if number == 0:
            time.sleep(0.5)
            print("@pia presses Pause (she is not the facilitator):")
            ws.click_button(PIA, CHANNEL, card.ts, AssessAction.PAUSE)
        _play_round(ws, card.ts, leader)
        if _wait_for(partial(_round_over, ws, card.ts), deadline) is None:
            return False
        if number == 0:
            time.sleep(1.0)
            print("\n@fran presses “Start the next round”:\n")
            ws.click_button(FAC, CHANNEL, card.ts, AssessAction.START_NEXT)
    wrapped = _wait_for(lambda: _wrap_up(ws), deadline)
    time.sleep(1.0)
    transcript.show_new()
    return wrapped is not None


def _play_round(ws: Workspace, card_ts: str, leader: str) -> None:
    for phase in range(5):
        start = time.monotonic()
        for offset, author, text in SCRIPT[leader][phase]:
            time.sleep(max(0.0, start + offset - time.monotonic()))
            print(f"  ↳ @{PEOPLE[author][0]} replies in the thread: {text}", flush=True)
            ws.post_message(author, CHANNEL, text, thread_ts=card_ts)
        score = SCORES[leader].get(phase)
        if score is not None:
            time.sleep(max(0.0, start + SCORE_AT_SECONDS - time.monotonic()))
            _press_score(ws, card_ts, leader, score)
        time.sleep(max(0.0, start + PHASE_SECONDS - time.monotonic()))


def _press_score(ws: Workspace, card_ts: str, leader: str, score: int) -> None:
    action = score_action(score)
    asked = [m for m in ws.thread(CHANNEL, card_ts) if action in str(m.blocks)]
    if asked:
        print(f"  ↳ @{PEOPLE[leader][0]} presses {score} on the score buttons", flush=True)
        ws.click_button(leader, CHANNEL, asked[-1].ts, action)


def _card(ws: Workspace, number: int) -> Any:
    # The card's fallback text starts "Round N:" whether the round is live or over.
    prefix = f"Round {number + 1}:"
    return next((m for m in ws.messages(CHANNEL) if m.bot_id and (m.text or "").startswith(prefix)), None)


def _round_over(ws: Workspace, ts: str) -> Any:
    message = ws.message(CHANNEL, ts)
    return message if message is not None and "round is over" in (message.text or "") else None


def _wrap_up(ws: Workspace) -> Any:
    return next((m for m in ws.messages(CHANNEL) if m.text == "Session complete."), None)


def _wait_for(probe: Callable[[], Any], deadline: float) -> Any:
    while time.monotonic() < deadline:
        found = probe()
        if found is not None:
            return found
        time.sleep(0.1)
    print("coachbot demo: timed out waiting for the next step", file=sys.stderr)
    return None


class _Watcher:
    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-transcript", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.transcript.show_new()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.transcript.show_new()
