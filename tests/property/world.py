"""The world a property runs in: the real app against the local Slack, time that moves as the scheduler
sees it, and a canary `/assess` session in another channel whose phase changes must arrive on time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from bot.assess import store
from bot.ids import AssessAction
from storage.assess import AssessRound, AssessSession
from storage.platform import MessageAnchor, Outbox
from tests.harness import ANA, BEN, CHO, FAC, PEOPLE, PETE, BotUnderTest, action_ids

CANARY = "C0CANARY"
PHASE_SECONDS = 5
PHASES = 5
# The scheduler ticks each second here and a channel takes a message a second: an announcement may arrive a
# tick after its deadline, and one more when a card edit or another message in the lane goes first.
LATE = timedelta(seconds=2)


class World:
    def __init__(self, bot: BotUnderTest, failures: list[str]) -> None:
        self.bot, self.failures = bot, failures
        self.due_errors: list[str] = []
        # Fran and Pete are listed first: an example that lists someone else keeps them able to start.
        for who in (FAC, PETE):
            assert bot.command(f"facilitators add <@{who}>").status == 200
        self.canary = Canary(bot)
        self.step(1)

    def answered(self, delivery: Any, what: str) -> dict[str, Any]:
        """The app's answer to one request: never a 500, never a failure in the log."""
        assert delivery.status == 200, f"{what}: HTTP {delivery.status} {delivery.body!r}"
        assert not self.failures, f"{what}: {self.failures}"
        return dict(delivery.json or {})

    def step(self, seconds: int = 2) -> None:
        """Time passes with a tick a second, as the scheduler would run; then the canary must be on time."""
        for _ in range(seconds):
            self.bot.clock.advance(1)
            try:
                self.bot.tick()
            except Exception as exc:  # the scheduler logs and retries; the canary shows what that costs
                self.due_errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
            self.canary.keep_going()
        self.canary.check(self.bot.clock.now(), self.due_errors)

    def settle(self, user: str, *, most: int = 15) -> None:
        """Time passes until every DM queued for `user` has left (a lane sends about one a second)."""
        for _ in range(most):
            with self.bot.db.session() as s:
                waiting = s.exec(
                    select(Outbox.id).where(Outbox.user_id == user, Outbox.status == "pending")
                ).first()
            if waiting is None:
                return
            self.step(1)


class Canary:
    """Pete's session of three leaders with 5 s phases; each round is followed by the next at once, and the
    session starts again when it ends."""

    def __init__(self, bot: BotUnderTest) -> None:
        self.bot = bot
        bot.ws.add_channel(CANARY, "canary", members=list(PEOPLE))
        self.start()

    def start(self) -> None:
        timing = ",".join([f"{PHASE_SECONDS}s"] * PHASES)
        self.bot.command(f"<@{ANA}> <@{BEN}> <@{CHO}> timing={timing}", user=PETE, channel=CANARY)

    def keep_going(self) -> None:
        with self.bot.db.session() as s:
            live = store.live_session_in(s, self.bot.ws.team_id, CANARY)
        if live is None:
            self.start()
            return
        cards = self.bot.cards(CANARY)
        if cards and AssessAction.START_NEXT.value in action_ids(cards[-1].blocks):
            self.bot.ws.click_button(PETE, CANARY, cards[-1].ts, AssessAction.START_NEXT)

    def check(self, now: datetime, due_errors: list[str]) -> None:
        """Every phase that began more than LATE ago was announced in its round's thread within LATE."""
        for round_id, started, card_ts in self._rounds():
            announced = self._announcements(card_ts) if card_ts else {}
            for phase in range(PHASES):
                due = started + timedelta(seconds=PHASE_SECONDS * phase)
                if due > now - LATE:
                    break
                at = announced.get(phase + 1)
                when = f"at {at:%H:%M:%S}" if at else "never"
                assert at is not None, self._late(round_id, phase, due, when, now, due_errors)
                assert at - due <= LATE, self._late(round_id, phase, due, when, now, due_errors)

    @staticmethod
    def _late(round_id: int, phase: int, due: datetime, when: str, now: datetime, errors: list[str]) -> str:
        return (
            f"canary round {round_id}: phase {phase + 1} was due at {due:%H:%M:%S}, announced {when} "
            f"(now {now:%H:%M:%S}); due work failed {len(errors)} times: {errors[-3:]}"
        )

    def _rounds(self) -> list[tuple[int, datetime, str | None]]:
        with self.bot.db.session() as s:
            rows = s.exec(
                select(AssessRound, AssessSession)
                .join(AssessSession, col(AssessSession.id) == col(AssessRound.session_id))
                .where(AssessSession.channel_id == CANARY, col(AssessRound.started_at).is_not(None))
                .order_by(col(AssessRound.id))
            ).all()
            out: list[tuple[int, datetime, str | None]] = []
            for rnd, _ in rows:
                anchor = s.get(MessageAnchor, store.card_key(rnd.id or 0))
                assert rnd.started_at is not None
                out.append((rnd.id or 0, rnd.started_at, anchor.ts if anchor else None))
            return out

    def _announcements(self, card_ts: str) -> dict[int, datetime]:
        """Phase number to when its announcement reached the thread (the local Slack's clock)."""
        found: dict[int, datetime] = {}
        for message in self.bot.ws.thread(CANARY, card_ts):
            text = message.text or ""
            for phase in range(1, PHASES + 1):
                if text.startswith(f"Phase {phase} of {PHASES}:") and phase not in found:
                    found[phase] = datetime.fromtimestamp(float(message.ts), tz=self.bot.clock.now().tzinfo)
        return found
