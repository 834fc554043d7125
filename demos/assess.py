"""`coachbot demo assess`: a whole `/assess` session for two leaders against the local Slack, in the terminal,
on a fake clock that the local Slack shares: each 5-second phase passes in a moment."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from bot.ids import AssessAction, score_action
from demos.stage import Stage
from localslack import LocalSlack, Workspace
from localslack.render import render_blocks, render_text

CHANNEL = "C0LEADERS"
FAC, ANA, BEN, PIA, PETE = "U0FRAN", "U0ANA", "U0BEN", "U0PIA", "U0PETE"
PEOPLE = {
    FAC: ("fran", "Fran (facilitator)", "America/New_York"),
    ANA: ("ana", "Ana", "Europe/Lisbon"),
    BEN: ("ben", "Ben", "America/Los_Angeles"),
    PIA: ("pia", "Pia", "Europe/Berlin"),
    PETE: ("pete", "Pete", "Asia/Tokyo"),
}
START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
PHASE_SECONDS = 5
STEP = 0.5  # seconds of fake time between looks at what changed

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

    def show_new(self) -> None:
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


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="coachbot-demo-") as tmp:
        stage = Stage(Path(tmp), start=START, people=PEOPLE, channel=(CHANNEL, "leaders"))
        try:
            _intro()
            ok = _session(stage, Transcript(stage.slack, stage.ws))
        finally:
            stage.stop()
    print("\nDemo finished." if ok else "\nDemo did not finish.", flush=True)
    return 0 if ok else 1


def _intro() -> None:
    print(
        "coachbot demo: a local Slack (no account, no network) with facilitator @fran, leaders @ana and @ben,"
        "\n"
        f"and peers @pia and @pete in #leaders. Each phase lasts {PHASE_SECONDS} s on a fake clock that the\n"
        "local Slack shares, so the whole session plays in a moment.\n"
        "Cards are shown as @pia sees them (times in her zone, Europe/Berlin).\n"
    )


def _session(stage: Stage, transcript: Transcript) -> bool:
    ws = stage.ws
    timing = ",".join([f"{PHASE_SECONDS}s"] * 5)
    print(f"@fran types: /assess @ana @ben timing={timing}\n")
    ws.slash_command(FAC, CHANNEL, command="/assess", text=f"<@{ANA}|ana> <@{BEN}|ben> timing={timing}")
    try:
        for number, leader in enumerate((ANA, BEN)):
            card = _wait_for(stage, transcript, partial(_card, ws, number))
            if number == 0:
                _pass(stage, transcript, 0.5)
                print("@pia presses Pause (she is not the facilitator):")
                ws.click_button(PIA, CHANNEL, card.ts, AssessAction.PAUSE)
            _play_round(stage, transcript, card.ts, leader)
            _wait_for(stage, transcript, partial(_round_over, ws, card.ts))
            if number == 0:
                _pass(stage, transcript, 1.0)
                print("\n@fran presses “Start the next round”:\n")
                ws.click_button(FAC, CHANNEL, card.ts, AssessAction.START_NEXT)
        _wait_for(stage, transcript, lambda: _wrap_up(ws))
    except RuntimeError as exc:
        transcript.show_new()
        print(exc)
        return False
    _pass(stage, transcript, 1.0)
    return True


def _pass(stage: Stage, transcript: Transcript, seconds: float) -> None:
    """Lets time pass on the fake clock, printing what people see as it arrives."""
    transcript.show_new()
    stage.tick(seconds, step=STEP, each=transcript.show_new)


def _wait_for(stage: Stage, transcript: Transcript, probe: Callable[[], Any]) -> Any:
    def look() -> Any:
        transcript.show_new()
        return probe()

    return stage.wait_for(look, limit=120, step=STEP)


def _play_round(stage: Stage, transcript: Transcript, card_ts: str, leader: str) -> None:
    ws = stage.ws
    for phase in range(5):
        elapsed = 0.0
        for offset, author, text in SCRIPT[leader][phase]:
            _pass(stage, transcript, offset - elapsed)
            elapsed = offset
            print(f"  ↳ @{PEOPLE[author][0]} replies in the thread: {text}", flush=True)
            ws.post_message(author, CHANNEL, text, thread_ts=card_ts)
        score = SCORES[leader].get(phase)
        if score is not None:
            _pass(stage, transcript, SCORE_AT_SECONDS - elapsed)
            elapsed = SCORE_AT_SECONDS
            _press_score(ws, card_ts, leader, score)
        _pass(stage, transcript, PHASE_SECONDS - elapsed)


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
