"""One bad item never stops the rest: for each kind of scheduled work a failure is planted in one item, and
every other item still goes out on time while the failed one is retried, failed for good and reported once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import Block, SectionBlock
from sqlmodel import Session, col, select

from bot.clock import FakeClock
from bot.coach.due import send_due_coaching
from bot.failures import MAX_ATTEMPTS, NOTICE_PREFIX, Status
from bot.failures_admin import failure_table, retry
from bot.runtime import make_client
from bot.slack.effects import PRIORITY_NORMAL, Rendered, built_or_plain, create_anchor, enqueue_post
from bot.slack.gateway import Gateway, Renderer
from storage.assess import AssessRound, AssessSession, AssessUpload
from storage.coach import CoachDue
from storage.db import Database
from storage.platform import FailedWork, MessageAnchor, Outbox
from storage.series import SeriesDue
from tests.bot.assess.helpers import QUICK, dm_text, press_score, start
from tests.bot.coach.helpers import ANA as C_ANA
from tests.bot.coach.helpers import BEN as C_BEN
from tests.bot.coach.helpers import COACH, to_support
from tests.bot.series.helpers import run_until, settle, submit_plan
from tests.faults.planted import refused_insert
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, TEAM, TOKEN, BotUnderTest

CANARY = "C0CANARY"


def start_canary(bot: BotUnderTest) -> Any:
    """A session in another channel of the same database: it must keep changing phase on time."""
    bot.ws.add_channel(CANARY, "canary", members=[FAC, ANA, BEN, CHO])
    bot.command(f"<@{CHO}> {QUICK}", channel=CANARY)
    bot.tick()
    return bot.card(channel=CANARY)


def announced(bot: BotUnderTest, card: Any, channel: str) -> list[str]:
    return [t for t in bot.thread_texts(card, channel) if "starts now" in t or "Phase " in t]


def notices(bot: BotUnderTest, user: str) -> list[Outbox]:
    with bot.db.read() as s:
        rows = s.exec(
            select(Outbox).where(Outbox.user_id == user, col(Outbox.dedupe_key).startswith(NOTICE_PREFIX))
        ).all()
    return list(rows)


def told_in_slack(bot: BotUnderTest, user: str) -> str:
    """The failure notices as the person reads them in their DM (a sent message's body is not kept)."""
    bot.advance(3)
    return "\n".join(m.text for m in bot.ws.dm_with(user) if "could not send" in m.text)


def round_of(bot: BotUnderTest, channel: str) -> AssessRound:
    with bot.db.read() as s:
        sitting = s.exec(select(AssessSession).where(AssessSession.channel_id == channel)).one()
        return s.exec(select(AssessRound).where(AssessRound.session_id == sitting.id)).all()[0]


def test_a_round_that_cannot_change_phase_is_failed_and_reported_while_another_keeps_time(
    bot: BotUnderTest,
) -> None:
    canary = start_canary(bot)
    bot.command(f"<@{ANA}> {QUICK}")
    bot.tick()
    broken = round_of(bot, CHANNEL)
    with refused_insert(bot.db, "phase_span", f"NEW.round_id = {broken.id} AND NEW.phase = 1"):
        for second in range(1, 61):
            bot.advance(1)
            # Phases of 20 s: the canary's announcements arrive on the tick of each deadline.
            assert len(announced(bot, canary, CANARY)) == 1 + second // 20
    stuck = round_of(bot, CHANNEL)
    assert stuck.phase == 0
    assert stuck.next_tick_at is None
    with bot.db.read() as s:
        failed = s.get(FailedWork, f"round:assess:{broken.id}:advance")
    assert failed is not None
    assert failed.status == Status.FAILED
    assert failed.attempts == MAX_ATTEMPTS
    told = notices(bot, FAC)
    assert len(told) == 1
    said = told_in_slack(bot, FAC)
    assert "phase change" in said
    assert f"<#{CHANNEL}>" in said
    dm = "\n".join(m.text for m in bot.ws.dm_with(FAC))
    assert "could not send the phase change" in dm
    assert "coachbot failed" in dm
    assert f"round:assess:{broken.id}:advance" in failure_table(bot.db)
    # The operator retries it once the cause is gone: the round moves on, at the deadline it missed.
    assert "due again" in retry(bot.db, f"round:assess:{broken.id}:advance", bot.clock.now())
    bot.advance(1)
    assert round_of(bot, CHANNEL).phase >= 1


def test_a_message_slack_refuses_leaves_its_lane_and_the_next_one_goes(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> <@{BEN}> {QUICK}")
    bot.tick()
    with bot.db.session() as s:
        sitting = s.exec(select(AssessSession)).one()
        now = bot.clock.now()
        # Slack answers invalid_blocks for the first; the second waits behind it in the same lane.
        bad = Rendered(text="bad", blocks=[Block(type="no_such_block")])
        enqueue_post(
            s,
            dedupe_key=f"assess:session:{sitting.id}:wrap-up",
            team_id=TEAM,
            channel_id=CHANNEL,
            message=bad,
            now=now,
            priority=PRIORITY_NORMAL,
        )
        good = Rendered(text="the next message in the channel")
        enqueue_post(
            s, dedupe_key="after-the-bad-one", team_id=TEAM, channel_id=CHANNEL, message=good, now=now
        )
    for _ in range(5):
        bot.advance(1)
    assert any(m.text == "the next message in the channel" for m in bot.ws.messages(CHANNEL))
    with bot.db.read() as s:
        row = s.exec(select(Outbox).where(Outbox.dedupe_key == f"assess:session:{sitting.id}:wrap-up")).one()
    assert row.status == "failed"
    assert row.last_error == "invalid_blocks"
    told = notices(bot, FAC)
    assert len(told) == 1
    said = told_in_slack(bot, FAC)
    assert "the wrap-up" in said
    assert "invalid_blocks" in said


def test_a_nudge_that_cannot_be_built_fails_alone_and_its_coach_is_told_once(
    database: Database, clock: FakeClock
) -> None:
    eid = to_support(database, clock.now())
    with database.read() as s:
        nudges = s.exec(select(CoachDue).where(CoachDue.kind == "nudge").order_by(col(CoachDue.due_at))).all()
    # An instant when nudges to both leaders are due.
    clock.set(max(next(n.due_at for n in nudges if n.user_id == who) for who in (C_ANA, C_BEN)))
    condition = f"NEW.dedupe_key LIKE 'coach:{eid}:call:%:nudge:%:{C_ANA}'"
    with refused_insert(database, "outbox", condition):
        for _ in range(40):
            send_due_coaching(database, clock.now())
            clock.advance(1)
    with database.read() as s:
        ana = s.exec(select(CoachDue).where(CoachDue.kind == "nudge", CoachDue.user_id == C_ANA)).all()
        sent = s.exec(select(Outbox.user_id).where(col(Outbox.dedupe_key).contains(":nudge:"))).all()
        told = s.exec(
            select(Outbox).where(Outbox.user_id == COACH, col(Outbox.dedupe_key).startswith(NOTICE_PREFIX))
        ).all()
    assert C_BEN in sent
    assert C_ANA not in sent
    assert [n.status for n in ana].count("failed") >= 1
    assert len(told) == 1
    assert f"a nudge before a call to <@{C_ANA}>" in told[0].payload


def test_a_series_reminder_that_cannot_be_built_fails_alone(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    with bot.db.read() as s:
        series_id = s.exec(select(SeriesDue.series_id)).first()
        due = s.exec(select(SeriesDue).where(SeriesDue.kind == "prep_reminder")).all()
    condition = f"NEW.dedupe_key = 'series:{series_id}:prep_reminder:{ANA}'"
    with refused_insert(bot.db, "outbox", condition):
        run_until(bot, max(d.due_at for d in due))
        bot.advance(40)
    with bot.db.read() as s:
        reminded = s.exec(select(SeriesDue).where(SeriesDue.kind == "prep_reminder")).all()
    assert {d.user_id: d.status for d in reminded} == {ANA: "failed"} | {
        d.user_id: "sent" for d in reminded if d.user_id != ANA
    }
    told = notices(bot, FAC)
    assert len(told) == 1
    assert "a preparation reminder for the series" in told_in_slack(bot, FAC)


def card_gateway(bot: BotUnderTest, full: Renderer, plain: Renderer) -> Gateway:
    client = make_client(TOKEN, bot.slack.api_url, timeout=2)
    return Gateway(db=bot.db, client=client, renderers={"test": full}, fallbacks={"test": plain})


def refused(_s: Session, ref: str, _now: datetime) -> Rendered:
    return Rendered(text=f"card {ref}", blocks=[Block(type="no_such_block")])


def plain(_s: Session, ref: str, _now: datetime) -> Rendered:
    return Rendered(text=f"plain card {ref}")


def queue_card_and_thread(bot: BotUnderTest, key: str) -> None:
    now = bot.clock.now()
    with bot.db.session() as s:
        create_anchor(
            s, key=key, team_id=TEAM, channel_id=CHANNEL, render_kind="test", render_ref=key, now=now
        )
        in_thread = Rendered(text="in the card's thread")
        enqueue_post(
            s,
            dedupe_key=f"{key}:reply",
            team_id=TEAM,
            channel_id=CHANNEL,
            message=in_thread,
            now=now,
            thread_anchor=key,
        )
        after = Rendered(text="a later post in the channel")
        enqueue_post(s, dedupe_key=f"{key}:later", team_id=TEAM, channel_id=CHANNEL, message=after, now=now)


def test_a_card_slack_refuses_goes_out_plain_and_its_thread_carries_on(bot: BotUnderTest) -> None:
    out = card_gateway(bot, refused, plain)
    queue_card_and_thread(bot, "card-a")
    for _ in range(3):
        out.flush(bot.clock.now())
        bot.clock.advance(1)
    texts = [m.text for m in bot.ws.messages(CHANNEL)]
    assert "plain card card-a" in texts
    card = next(m for m in bot.ws.messages(CHANNEL) if m.text == "plain card card-a")
    assert [m.text for m in bot.ws.thread(CHANNEL, card.ts)][-1] == "in the card's thread"


def test_a_card_that_cannot_be_posted_at_all_frees_its_channel(bot: BotUnderTest) -> None:
    out = card_gateway(bot, refused, refused)
    queue_card_and_thread(bot, "card-b")
    for _ in range(3):
        out.flush(bot.clock.now())
        bot.clock.advance(1)
    texts = [m.text for m in bot.ws.messages(CHANNEL)]
    assert "a later post in the channel" in texts
    assert "in the card's thread" not in texts  # never at the top level: it belongs in the thread
    with bot.db.read() as s:
        anchor = s.get(MessageAnchor, "card-b")
        reply = s.exec(select(Outbox).where(Outbox.dedupe_key == "card-b:reply")).one()
        failed = s.get(FailedWork, "card:card-b")
    assert anchor is not None
    assert anchor.failed_at is not None
    assert reply.status == "failed"
    assert failed is not None
    assert failed.status == Status.FAILED
    # Retried (after the cause is mended): the card and its thread go out, in order.
    retry(bot.db, "card:card-b", bot.clock.now())
    fixed = card_gateway(bot, plain, plain)
    for _ in range(3):
        fixed.flush(bot.clock.now())
        bot.clock.advance(1)
    card = next(m for m in bot.ws.messages(CHANNEL) if m.text == "plain card card-b")
    assert [m.text for m in bot.ws.thread(CHANNEL, card.ts)][-1] == "in the card's thread"


def test_a_chart_slack_refuses_is_failed_and_the_other_is_uploaded(bot: BotUnderTest) -> None:
    now = bot.clock.now()
    with bot.db.session() as s:
        sitting = AssessSession(
            team_id=TEAM, channel_id=CHANNEL, facilitator_id=FAC, timing="20,20,20,20,20", created_at=now
        )
        s.add(sitting)
        s.flush()
        for key, channel in (("chart:gone", "C0GONE"), ("chart:ok", CHANNEL)):
            s.add(
                AssessUpload(
                    key=f"assess:session:{sitting.id}:{key}",
                    session_id=sitting.id or 0,
                    team_id=TEAM,
                    channel_id=channel,
                    due_at=now,
                )
            )
    bot.services.gateway.send_uploads(now)  # the assess chart module registered its rows
    with bot.db.read() as s:
        status = {u.key.rsplit(":", 1)[1]: u.status for u in s.exec(select(AssessUpload)).all()}
    assert status == {"gone": "failed", "ok": "sent"}
    assert len([f for f in bot.ws.files.values() if CHANNEL in f.channels]) == 1
    told = notices(bot, FAC)
    assert len(told) == 1
    assert "the sponsors' chart" in told_in_slack(bot, FAC)


def test_a_round_stopped_before_anyone_wrote_still_sends_its_leader_a_digest(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}> <@{BEN}>")
    press_score(bot, ANA, card_ts, "self-score", 4)
    bot.command("stop")
    settle(bot)
    digest = dm_text(bot, ANA)
    assert "4/10" in digest


def test_a_message_that_cannot_be_built_goes_out_plain() -> None:
    def broken() -> Rendered:
        raise ValueError("text beyond a limit")

    assert built_or_plain(broken, "Phase 2 starts now", what="a test").text == "Phase 2 starts now"


def test_a_message_with_a_block_over_slacks_limits_goes_out_plain() -> None:
    # Renderers hand over Block Kit objects; slack_sdk checks the limits only when they are serialized.
    def over() -> Rendered:
        return Rendered(text="Phase 2", blocks=[SectionBlock(text="x" * 3001)])

    message = built_or_plain(over, "Phase 2 starts now", what="a test")
    assert (message.text, message.wire) == ("Phase 2 starts now", [])
