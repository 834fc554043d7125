"""The progress chart: uploaded once to the sponsor's DM after a summary, once there are enough scores."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from bot.clock import FakeClock
from bot.coach.render import chart
from storage.coach import CoachCall, CoachCheckIn, CoachDue
from tests.handlers.coach.test_slack import SPONSOR, _dms, _settle, _to_support
from tests.harness import ANA, BEN, BotUnderTest, block_text


def test_png_is_rendered_without_a_display(clock: FakeClock) -> None:
    now = clock.now()
    png = chart.progress_png([(now, ANA, 2), (now + timedelta(days=14), ANA, 4)], {ANA: "leader 1"})
    assert png.startswith(b"\x89PNG")


def _summaries_and_files(bot: BotUnderTest) -> list[str]:
    """The sponsor's DM in order: "summary" for each cycle summary, the file name for each upload."""
    out = []
    for message in _dms(bot, SPONSOR):
        if "Sponsor summary" in block_text(message.blocks):
            out.append("summary")
        out += [f["name"] for f in message.files or []]
    return out


def _charts(bot: BotUnderTest) -> list[Any]:
    return [f for f in bot.ws.files.values() if f.name.endswith(".png")]


def test_a_chart_follows_the_summary_once_there_are_enough_scores(bot: BotUnderTest) -> None:
    _to_support(bot)
    stages = _summaries_and_files(bot)
    assert stages == ["summary"] * 3  # one as each stage began; no scores, so no chart
    with bot.db.session() as s:
        first, second = s.exec(
            select(CoachDue).where(CoachDue.kind == "cycle_summary").order_by(col(CoachDue.due_at))
        ).all()[:2]
        eid = first.engagement_id
        call_id = s.exec(select(CoachCall.id).where(CoachCall.engagement_id == eid)).first()
    bot.clock.set(first.due_at)
    _settle(bot)
    assert _summaries_and_files(bot) == [*stages, "summary"]  # still no scores: no chart
    assert _charts(bot) == []  # (the calls' calendar invites went out at support)
    with bot.db.session() as s:
        for i, (who, score) in enumerate(((ANA, 2), (BEN, 3), (ANA, 4))):
            s.add(
                CoachCheckIn(
                    engagement_id=eid,
                    call_id=call_id or 0,
                    user_id=who,
                    score=score,
                    went_well="secret",
                    got_in_way="",
                    issues="",
                    submitted_at=first.due_at + timedelta(days=i),
                )
            )
    bot.clock.set(second.due_at)
    _settle(bot)
    _settle(bot)  # more ticks upload nothing again
    assert _summaries_and_files(bot) == [*stages, "summary", "summary", "progress.png"]
    (uploaded,) = _charts(bot)
    assert uploaded.channels == [bot.ws.dm_channel_id(SPONSOR)]
    assert uploaded.title == "Ops and Sales: progress scores"
    assert (uploaded.content or b"").startswith(b"\x89PNG")
    assert b"secret" not in (uploaded.content or b"")
    # A screen reader reads the figures: Ana 2 then 4, Ben 3 (the check-ins one day apart).
    day = first.due_at
    assert uploaded.alt_txt == (
        "Line chart of check-in progress scores over time, on a scale of 1 to 5, one line per leader. "
        f"Leader 1: 2 check-ins, first 2 ({day:%d %b %Y}), latest 4 ({day + timedelta(days=2):%d %b %Y}), "
        "average 3.0; in order: 2, 4. "
        f"Leader 2: 1 check-in, first 3 ({day + timedelta(days=1):%d %b %Y}), "
        f"latest 3 ({day + timedelta(days=1):%d %b %Y}), average 3.0; in order: 3."
    )
    assert "secret" not in uploaded.alt_txt
