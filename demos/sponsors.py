"""`coachbot demo sponsors`: two sessions of an `/assess` series, a month apart, compressed with a fake clock.

Shows the leader's score buttons, anonymous feedback, a digest with the leader's trend, and what the
sponsor receives: a summary after each session (figures, no text) and, after the second, a score chart."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from bot.ids import VALUE, AssessAction, AssessBlock, AssessExtra, score_action
from demos.stage import Stage
from localslack import Workspace
from localslack.model import Message
from localslack.render import render_blocks

CHANNEL = "C0LEADERS"
FAC, ANA, BEN, CHO, PIA, SAM = "U0FRAN", "U0ANA", "U0BEN", "U0CHO", "U0PIA", "U0SAM"
PEOPLE = {
    FAC: ("fran", "America/New_York"),
    ANA: ("ana", "Europe/Lisbon"),
    BEN: ("ben", "America/Los_Angeles"),
    CHO: ("cho", "Asia/Seoul"),
    PIA: ("pia", "Europe/Berlin"),
    SAM: ("sam", "Europe/London"),
}
START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
PHASE = 20  # seconds per phase, on the fake clock
# (self-score, re-score) per leader, per session: the group improves a little each month.
SESSIONS = ({ANA: (4, 6), BEN: (5, 7), CHO: (3, 6)}, {ANA: (5, 7), BEN: (6, 8), CHO: (5, 7)})


def main(out: Callable[[str], None] = print) -> int:
    with tempfile.TemporaryDirectory(prefix="coachbot-series-") as tmp:
        return _play(Path(tmp), out)


def _play(tmp: Path, out: Callable[[str], None]) -> int:
    cast = {user_id: (name, name.capitalize(), tz) for user_id, (name, tz) in PEOPLE.items()}
    stage = Stage(tmp, start=START, people=cast, channel=(CHANNEL, "leaders"))
    try:
        for number, scores in enumerate(SESSIONS, start=1):
            out(f"\n── Session {number} of the series “sales-q1” (sponsor: @sam, anonymous feedback) ──")
            _session(stage, scores, out)
            stage.clock.advance(28 * 24 * 3600)
        _show(stage.ws, out)
    finally:
        stage.stop()
    charted = any(f.content for f in stage.ws.files.values())
    out("Demo finished." if charted else "Demo did not finish: no chart was uploaded.")
    return 0 if charted else 1


def _session(stage: Stage, scores: dict[str, tuple[int, int]], out: Callable[[str], None]) -> None:
    ws = stage.ws
    leaders = " ".join(f"<@{u}|{PEOPLE[u][0]}>" for u in scores)
    timing = ",".join([f"{PHASE}s"] * 5)
    earlier = len(_cards(ws))
    ws.slash_command(
        FAC,
        CHANNEL,
        command="/assess",
        text=f"{leaders} sponsor=<@{SAM}|sam> anonymous series=sales-q1 timing={timing}",
    )
    stage.run_due()
    for index, (leader, (before, after)) in enumerate(scores.items()):
        card = _wait(stage, partial(_nth_card, ws, earlier + index))
        _press_score(stage, leader, card.ts, before)
        stage.tick(2 * PHASE)
        words = f"@{PEOPLE[leader][0]}, you set a clear goal; ask before advising next time."
        _give_feedback(stage, card.ts, words)
        stage.tick(2 * PHASE)
        _press_score(stage, leader, card.ts, after)
        _wait(stage, partial(_over, ws, card.ts))
        out(f"  @{PEOPLE[leader][0]} in focus: self-score {before}, re-score {after}; one anonymous feedback")
        if index < len(scores) - 1:
            ws.click_button(FAC, CHANNEL, card.ts, AssessAction.START_NEXT)
            stage.run_due()
    stage.run_due()


def _wait(stage: Stage, probe: Callable[[], Message | None]) -> Message:
    """What `probe` finds, letting a second pass at a time: Slack's pacing may hold a post back a moment."""
    return stage.wait_for(probe, limit=30, step=1)


def _in_thread(ws: Workspace, card_ts: str, action_id: str) -> Message | None:
    found = [m for m in ws.thread(CHANNEL, card_ts) if action_id in str(m.blocks)]
    return found[-1] if found else None


def _over(ws: Workspace, card_ts: str) -> Message | None:
    card = ws.message(CHANNEL, card_ts)
    return card if card is not None and "round is over" in card.text else None


def _nth_card(ws: Workspace, index: int) -> Message | None:
    cards = _cards(ws)
    return cards[index] if len(cards) > index else None


def _cards(ws: Workspace) -> list[Message]:
    return [m for m in ws.messages(CHANNEL) if m.bot_id and "in focus" in str(m.blocks)]


def _press_score(stage: Stage, leader: str, card_ts: str, score: int) -> None:
    asked = _wait(stage, lambda: _in_thread(stage.ws, card_ts, score_action(score)))
    stage.ws.click_button(leader, CHANNEL, asked.ts, score_action(score))


def _give_feedback(stage: Stage, card_ts: str, words: str) -> None:
    ws = stage.ws
    asked = _wait(stage, lambda: _in_thread(ws, card_ts, AssessExtra.GIVE_FEEDBACK))
    ws.click_button(PIA, CHANNEL, asked.ts, AssessExtra.GIVE_FEEDBACK)
    modal = ws.modal_stack(PIA)[-1]
    values = {AssessBlock.FEEDBACK_TEXT.value: {VALUE: {"type": "plain_text_input", "value": words}}}
    ws.submit_view(PIA, modal["id"], values=values)


def _show(ws: Workspace, out: Callable[[str], None]) -> None:
    out("\n── @ana's digest after session 2 (only Ana sees it) ──")
    out(render_blocks(ws.dm_with(ANA)[-1].blocks or [], ws, ANA))
    out("\n── Everything the sponsor @sam received ──")
    for message in ws.dm_with(SAM):
        if message.files:
            for shared in message.files:
                out(f"[chart] {shared.get('title')} ({shared.get('name')})")
        else:
            out(render_blocks(message.blocks or [], ws, SAM))
        out("")
