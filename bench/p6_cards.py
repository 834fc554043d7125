"""P6 what people feel: `/assess` and a facilitator's presses to the card showing them, under Tier 3."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from bench.common import (
    Coachbot,
    Figure,
    Options,
    add_room,
    add_workspace,
    fresh_database,
    make_slack,
    percentile,
    running,
)
from bot.ids import AssessAction
from localslack import LocalSlack, Workspace
from localslack.model import Call

GOAL_S = 1.5  # p99 from the request to the card showing it
WAIT_S = 60.0  # a card edit later than this is counted as never seen, and as this late
ENDS_AT = re.compile(r"ends at <!date\^(\d+)\^")
PRESSES = (AssessAction.PAUSE, AssessAction.EXTEND, AssessAction.NEXT_PHASE)
NAMES: dict[str, str] = {
    AssessAction.PAUSE: "Pause",
    AssessAction.RESUME: "Resume",
    AssessAction.EXTEND: "+1 minute",
    AssessAction.NEXT_PHASE: "Next phase",
}


@dataclass
class Room:
    channel: str
    leader: str
    facilitator: str
    card_ts: str = ""


@dataclass
class Samples:
    """Seconds from each request to the card showing it, and the same requests' acks."""

    shown: dict[str, list[float]] = field(default_factory=dict)
    acks: dict[str, list[float]] = field(default_factory=dict)
    unseen: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ack: float, shown: float | None) -> None:
        with self.lock:
            self.acks.setdefault(kind, []).append(ack)
            if shown is None:
                self.unseen[kind] = self.unseen.get(kind, 0) + 1
            self.shown.setdefault(kind, []).append(WAIT_S if shown is None else shown)

    def of(self, kinds: tuple[str, ...], acks: bool = False) -> list[float]:
        source = self.acks if acks else self.shown
        return [v for k in kinds for v in source.get(k, [])]


def blocks_text(call: Call) -> str:
    blocks = call.params.get("blocks")
    return blocks if isinstance(blocks, str) else json.dumps(blocks)


def arrival(
    slack: LocalSlack, since: int, sent: float, matches: Callable[[Call], bool]
) -> tuple[float, Call] | None:
    """The first call after index `since` that `matches`: its arrival (local Slack's clock) minus `sent`."""
    deadline = time.monotonic() + WAIT_S
    cursor = since
    while time.monotonic() < deadline:
        calls = slack.calls[cursor:]
        for call in calls:
            if call.status == 200 and matches(call):
                return call.at.timestamp() - sent, call
        cursor += len(calls)
        time.sleep(0.01)
    return None


def start(slack: LocalSlack, ws: Workspace, room: Room, timing: str, samples: Samples) -> None:
    """`/assess @leader` as the facilitator types it; the card is that channel's first top-level post."""

    def card(call: Call) -> bool:
        return (
            call.method == "chat.postMessage"
            and call.params.get("channel") == room.channel
            and not call.params.get("thread_ts")
        )

    since, sent = len(slack.calls), time.time()
    delivery = ws.slash_command(
        room.facilitator, room.channel, "/assess", f"<@{room.leader}> {timing}".strip()
    )
    found = arrival(slack, since, sent, card)
    samples.add("/assess", delivery.elapsed, None if found is None else found[0])
    if found is not None:
        room.card_ts = str(found[1].response.get("ts", ""))


def shows(action: str, room: Room, before: str) -> Callable[[Call], bool]:
    """Whether an edit of this room's card shows the press, judged from the card as it was pressed."""
    now_match = re.search(r"\*Now: ([^*]+)\*", before)
    phase = now_match.group(1) if now_match else ""
    ends = ENDS_AT.search(before)
    ends_at = int(ends.group(1)) if ends else 0

    def matches(call: Call) -> bool:
        if call.method != "chat.update" or call.params.get("channel") != room.channel:
            return False
        if call.params.get("ts") != room.card_ts:
            return False
        text = blocks_text(call)
        if action == AssessAction.PAUSE:
            return "*Paused*" in text
        if action == AssessAction.RESUME:
            return "*Now:" in text and "*Paused*" not in text
        if action == AssessAction.EXTEND:
            later = ENDS_AT.search(text)
            return later is not None and int(later.group(1)) >= ends_at + 55
        return f"*Now: {phase}*" not in text  # Next phase: the next one, or the round's end

    return matches


def press(slack: LocalSlack, ws: Workspace, room: Room, action: str, samples: Samples) -> bool:
    """A signed block_actions press on the card as the local Slack shows it; False if the card has no such
    button now (the round ended, or is paused and the press was not Resume)."""
    with ws.host.lock:
        message = ws.find(room.channel, room.card_ts)
        before = json.dumps(message.blocks if message else None)
    if f'"action_id": "{action}"' not in before:
        with samples.lock:
            samples.skipped += 1
        return False
    since, sent = len(slack.calls), time.time()
    delivery = ws.click_button(room.facilitator, room.channel, room.card_ts, action)
    found = arrival(slack, since, sent, shows(action, room, before))
    samples.add(action, delivery.elapsed, None if found is None else found[0])
    return found is not None


def pressing(slack: LocalSlack, ws: Workspace, room: Room, action: str, samples: Samples) -> None:
    if press(slack, ws, room, action, samples) and action == AssessAction.PAUSE:
        time.sleep(1.0)  # the facilitator reads the card, then resumes (measured too, shown in the note)
        press(slack, ws, room, AssessAction.RESUME, samples)


def open_loop(jobs: list[Callable[[], None]], every: float) -> None:
    """Job i at t0 + i*every, whatever the earlier ones are doing."""
    with ThreadPoolExecutor(max_workers=48) as pool:
        t0 = time.monotonic() + 0.05
        futures = []
        for i, job in enumerate(jobs):
            delay = t0 + i * every - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(job))
        for f in futures:
            f.result()


def run(opts: Options) -> list[Figure]:
    # Full: 30 rounds on the default timing (3/2/3/2/1 minutes): their minute marks and phase changes alone
    # ask about 44 card edits a minute of the 45 coachbot allows itself under Tier 3's 50. Then a press
    # every 2 s over the workspace (each facilitator about once a minute) for two minutes.
    rounds, start_every, press_every, presses = (4, 0.5, 0.5, 12) if opts.quick else (30, 0.6, 2.0, 60)
    timing = ""  # the default, as people use it
    slack = make_slack(limits=True)
    samples = Samples()
    try:
        ws = add_workspace(slack, 0)
        rooms = []
        for n in range(rounds):
            channel, leader = add_room(ws, n)
            rooms.append(Room(channel, leader, f"U0P{channel[3:]}0"))
        url = fresh_database(opts, "p6")
        bot = Coachbot(opts, api_url=slack.api_url, database_url=url)
        with running(bot):
            bot.start()
            ws.request_url = f"{bot.url}/slack/events"
            open_loop([partial(start, slack, ws, r, timing, samples) for r in rooms], start_every)
            live = [r for r in rooms if r.card_ts]
            jobs: list[Callable[[], None]] = []
            for i in range(presses if live else 0):
                room = live[i % len(live)]
                action = PRESSES[(i // len(live) + i) % len(PRESSES)]
                jobs.append(partial(pressing, slack, ws, room, action, samples))
            open_loop(jobs, press_every)
            limited = sum(1 for c in slack.calls if c.status == 429)
            updates = sum(1 for c in slack.calls if c.method == "chat.update" and c.status == 200)
    finally:
        slack.stop()
    return figures(samples, rounds, limited, updates)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def figures(samples: Samples, rounds: int, limited: int, updates: int) -> list[Figure]:
    starts, start_acks = samples.of(("/assess",)), samples.of(("/assess",), acks=True)
    kinds = tuple(str(a) for a in PRESSES)
    shown, acks = samples.of(kinds), samples.of(kinds, acks=True)
    per_kind = "; ".join(
        f"{NAMES.get(k, k)} {ms(percentile(v, 50))}/{ms(percentile(v, 99))} ms (n={len(v)})"
        for k, v in samples.shown.items()
        if k != "/assess"
    )
    load = (
        f"{rounds} live rounds on the default timing, one workspace; {updates} chat.update, "
        f"{limited} answered 429; not shown within {WAIT_S:.0f} s (counted as {WAIT_S:.0f} s): "
        + (", ".join(f"{NAMES.get(k, k)} {n}" for k, n in samples.unseen.items()) or "none")
    )
    base = "baseline: the ack of the same requests"
    figures = []
    press_unseen = sum(samples.unseen.get(k, 0) for k in kinds)
    for label, values, base_values, unseen, extra in (
        ("/assess to its card", starts, start_acks, samples.unseen.get("/assess", 0), f"n={len(starts)}"),
        (
            "press to the card edit",
            shown,
            acks,
            press_unseen,
            f"p50/p99 {per_kind}; {samples.skipped} skipped",
        ),
    ):
        for q in (50, 99):
            value = percentile(values, q) * 1000
            goal = f"< {GOAL_S * 1000:.0f} ms" if q == 99 else "-"
            figures.append(
                Figure(
                    f"P6 {label} p{q}",
                    value,
                    "ms",
                    goal,
                    (value < GOAL_S * 1000 and unseen == 0) if q == 99 else None,
                    percentile(base_values, q) * 1000,
                    f"{extra}; {load}; {base}",
                )
            )
    return figures
