"""Long and hostile typed text in an engagement: every message still builds, fits Slack, and cannot ping."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot.clock import FakeClock
from bot.coach.domain.engagement import Review
from bot.coach.due import send_due_coaching
from bot.coach.forms import CheckInInput, FeedbackInput
from bot.coach.service import records, setup
from localslack.blocks import MAX_MESSAGE_BLOCKS, check_blocks
from storage.coach import CoachCall, CoachSlot
from storage.db import Database
from storage.platform import Outbox
from tests.bot.coach.helpers import (
    ANA,
    BEN,
    COACH,
    SPONSOR,
    TEAM,
    create,
    enlist,
    new_form,
    received,
    to_feedback,
)

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

LIVE = ("<!here>", "<!channel>", "<!everyone>", "<https://evil.example", "<!subteam^", "<@U_EVIL>")


def queued(db: Database) -> list[dict[str, Any]]:
    """Every queued message, checked as Slack would check it: blocks within limits, text under 4,000."""
    with db.session() as s:
        rows = s.exec(select(Outbox).order_by(col(Outbox.id))).all()
        payloads = [json.loads(r.payload) for r in rows]
    for payload in payloads:
        check_blocks(payload["blocks"], MAX_MESSAGE_BLOCKS)
        assert len(payload["text"]) < 4000
    return payloads


def _calls(db: Database, leader: str) -> list[CoachCall]:
    with db.session() as s:
        rows = s.exec(select(CoachCall, CoachSlot).join(CoachSlot).order_by(col(CoachCall.starts_at))).all()
        return [c for c, slot in rows if slot.leader_id == leader]


def _to_support_with(db: Database, now: FakeClock, *commitments: str) -> int:
    eid = to_feedback(db, now.now())
    setup.advance(db, engagement_id=eid, user_id=COACH, now=now.now())
    for text in commitments:
        records.record_commitment(
            db, engagement_id=eid, user_id=COACH, text=text, owner_id=ANA, due=None, now=now.now()
        )
    setup.advance(db, engagement_id=eid, user_id=COACH, now=now.now())
    return eid


def test_two_long_commitments_still_nudge_the_leader_and_the_engagement_closes(
    database: Database, clock: FakeClock
) -> None:
    first, second = "First commitment. " + "a" * 1582, "Second & <last> " + "b" * 1584
    eid = _to_support_with(database, clock, first, second)
    call = _calls(database, ANA)[0]
    before = len(received(database, ANA))
    send_due_coaching(database, call.starts_at - timedelta(hours=24))
    nudges = [m for m in received(database, ANA)[before:] if "Bring your open commitments" in m]
    assert len(nudges) == 1
    assert "Bring your open commitments" in nudges[0]
    assert "First commitment." in nudges[0]
    assert "Second &amp; &lt;last&gt;" in nudges[0]
    setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())  # closed
    assert any("Final summary" in m for m in received(database, COACH))
    queued(database)


def test_a_long_check_in_reaches_the_next_nudge(database: Database, clock: FakeClock) -> None:
    eid = _to_support_with(database, clock, "Weekly sync")
    first, later = _calls(database, ANA)[:2]
    went_well = "We & they <agreed> " + "w" * 2931
    records.save_checkin(
        database,
        engagement_id=eid,
        call_id=first.id or 0,
        user_id=ANA,
        answers=CheckInInput(4, went_well, "g" * 3000, "i" * 3000, False),
        now=first.starts_at + timedelta(hours=1),
    )
    before = len(received(database, ANA))
    send_due_coaching(database, later.starts_at - timedelta(hours=24))
    nudge = [m for m in received(database, ANA)[before:] if "Bring your open commitments" in m]
    assert len(nudge) == 1
    assert "Your last check-in: progress 4/5; went well: We &amp; they &lt;agreed&gt;" in nudge[0]
    assert any("w" * 2000 in m for m in received(database, COACH))  # the coach gets the answers whole
    queued(database)


def test_two_shared_check_ins_still_make_the_cycle_summary(database: Database, clock: FakeClock) -> None:
    eid = _to_support_with(database, clock, "Weekly sync")
    for leader in (ANA, BEN):
        call = _calls(database, leader)[0]
        records.save_checkin(
            database,
            engagement_id=eid,
            call_id=call.id or 0,
            user_id=leader,
            answers=CheckInInput(4, f"{leader} " + "s" * 1500, "x", "", True),
            now=call.starts_at + timedelta(hours=1),
        )
    before = len(received(database, SPONSOR))
    send_due_coaching(database, clock.now() + timedelta(weeks=3))
    summaries = [m for m in received(database, SPONSOR)[before:] if "Sponsor summary" in m]
    assert summaries
    assert "shared by <@U_ANA>: U_ANA sss" in summaries[0]
    assert "shared by <@U_BEN>: U_BEN sss" in summaries[0]
    queued(database)


def test_long_intake_answers_shared_with_the_sponsor_let_the_stage_move(
    database: Database, clock: FakeClock
) -> None:
    eid = create(database, clock.now())
    answers = {f"coach_q{n}": f"Answer {n} & more: " + "i" * 782 for n in range(1, 5)}
    records.save_intake(
        database, engagement_id=eid, user_id=ANA, answers=answers, shared=True, now=clock.now()
    )
    said = setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())
    assert "Feedback session" in said
    summary = [m for m in received(database, SPONSOR) if "Sponsor summary" in m]
    assert summary
    assert "Answer 1 &amp; more" in summary[-1]
    coach = "\n".join(received(database, COACH))
    assert all(f"Answer {n} &amp; more: " + "i" * 782 in coach for n in range(1, 5))  # whole, to the coach
    queued(database)


def test_fifty_and_more_affected_colleagues_fit_the_checklist(database: Database, clock: FakeClock) -> None:
    colleagues = tuple(f"U_C{n:03d}" for n in range(60))
    form = dataclasses.replace(new_form(), colleagues=colleagues)
    enlist(database, COACH, clock.now())
    eid = setup.create_engagement(
        database, team_id=TEAM, creator_id=COACH, zone="Europe/Lisbon", form=form, now=clock.now()
    )
    setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())
    setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())  # alignment
    checklist = received(database, ANA)[-1]
    assert "<@U_C000>" in checklist
    assert "more to tell: they follow in the weekly reminder" in checklist
    queued(database)


def test_a_hostile_engagement_name_and_items_are_shown_escaped_everywhere(
    database: Database, clock: FakeClock
) -> None:
    name = "HR review <!here> <https://evil.example/login|Open the HR portal>"
    form = dataclasses.replace(new_form(), name=name)
    enlist(database, COACH, clock.now())
    eid = setup.create_engagement(
        database, team_id=TEAM, creator_id=COACH, zone="Europe/Lisbon", form=form, now=clock.now()
    )
    said = setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())
    assert said.startswith("*HR review &lt;!here&gt; &lt;https://evil.example/login|Open the HR portal&gt;*")
    hostile = "<!channel> <!everyone> <@U_EVIL> <!subteam^S1|@all>"
    records.record_feedback(
        database,
        engagement_id=eid,
        user_id=COACH,
        item=FeedbackInput(hostile, ANA, "personal"),
        now=clock.now(),
    )
    records.review_feedback(
        database, engagement_id=eid, item_id=1, user_id=ANA, verdict=Review.DISCUSS, now=clock.now()
    )
    setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())
    records.record_commitment(
        database,
        engagement_id=eid,
        user_id=COACH,
        text=hostile,
        owner_id=ANA,
        due=date(2027, 1, 4),
        now=clock.now(),
    )
    records.confirm_commitment(database, engagement_id=eid, commitment_id=1, user_id=BEN, now=clock.now())
    payloads = queued(database)
    assert len(payloads) > 10
    for payload in payloads:
        shown = payload["text"] + json.dumps(payload["blocks"])
        assert not [token for token in LIVE if token in shown], shown
    assert any("HR review &lt;!here&gt;" in str(p["text"]) for p in payloads)


def test_a_hostile_engagement_name_reaches_slack_escaped(bot: Any) -> None:
    """Through the real app and the local Slack: every DM, its notification text and its blocks."""
    from bot.ids import CoachView
    from tests.handlers.coach.test_slack import _answer, _command, _enlist, _form, _get, _modal, _settle
    from tests.harness import ANA as LEADER
    from tests.harness import FAC

    name = "HR review <!here> <https://evil.example/login|Open the HR portal>"
    _enlist(bot, FAC)
    _command(bot, "new")
    modal = _modal(bot, FAC, CoachView.NEW)
    assert bot.ws.submit_view(FAC, _get(modal, "id"), values=_form(name=name)).status == 200
    _settle(bot)
    assert "*HR review &lt;!here&gt;" in _answer(_command(bot, "next"))
    assert "*HR review &lt;!here&gt;" in _answer(_command(bot, "list"))
    _settle(bot)
    dms = [m for user in bot.ws.users for m in bot.ws.dm_with(user)]
    assert len(dms) >= 8
    for message in dms:
        shown = (message.text or "") + json.dumps(message.blocks)
        assert not [token for token in LIVE if token in shown], shown
    welcome = next(m for m in bot.ws.dm_with(LEADER) if "You are a" in (m.text or ""))
    assert welcome.text.startswith("You are a leader in the engagement HR review &lt;!here&gt;")
