from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.assess.domain.ending import EarlyEnd
from bot.assess.render.digest import Reply, RoundSummary, digest_messages, wrap_up_message
from bot.assess.render.ending import schedule_note
from tests.harness import block_text


def test_digest_groups_by_phase_and_names_authors() -> None:
    replies = [Reply("U_PIA", 2, "clear and kind"), Reply("U_ANA", 0, "my note"), Reply("U_PETE", 1, "why?")]
    [message] = digest_messages(leader_id="U_ANA", channel_id="C1", replies=replies)
    text = block_text(message.wire)
    assert (
        text.index("*Self-assessment*") < text.index("*Clarifying questions*") < text.index("*Peer feedback*")
    )
    assert "You:\n> my note" in text
    assert "<@U_PETE>:\n> why?" in text
    assert "Only you can see this message." in text


def test_long_digests_fit_slacks_limits() -> None:
    replies = [Reply(f"U{i}", i % 5, "x" * 900) for i in range(200)] + [Reply("U1", 2, "y" * 5000)]
    messages = digest_messages(leader_id="U_ANA", channel_id="C1", replies=replies)
    assert len(messages) > 1
    for message in messages:
        assert len(message.blocks) <= 50
        for block in message.wire:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
    everything = "".join(block_text(m.wire) for m in messages)
    assert everything.count("x" * 900) == 200


def test_wrap_up_has_counts_and_durations_but_no_content() -> None:
    message = wrap_up_message(
        [
            RoundSummary("U_ANA", timedelta(minutes=11, seconds=4), "done", 3, 1),
            RoundSummary("U_BEN", None, "waiting", 0, 0),
        ]
    )
    text = block_text(message.wire)
    assert "<@U_ANA>: 11 min 4 s · 3 questions · 1 feedback reply" in text
    assert "<@U_BEN>: not run" in text


def test_an_early_end_heads_the_digest_with_who_and_when() -> None:
    ended = datetime(2026, 11, 23, 14, 4, 12, tzinfo=UTC)
    early = EarlyEnd("U_FAC", ended, timedelta(minutes=4, seconds=12), timedelta(minutes=11))
    [message] = digest_messages(leader_id="U_ANA", channel_id="C1", replies=[], early_end=early)
    text = block_text(message.wire)
    assert "*Ended early* by <@U_FAC> at 4:12 of 11:00 (<!date^1795442652^{time_secs}|14:04:12 UTC>)" in text
    assert text.index("Ended early") < text.index("Nothing was written")
    [ordinary] = digest_messages(leader_id="U_ANA", channel_id="C1", replies=[])
    assert "Ended early" not in block_text(ordinary.wire)


def test_schedule_notes_say_ahead_or_behind_and_nothing_when_on_time() -> None:
    assert schedule_note(timedelta(seconds=-408)) == "6 min 48 s ahead of schedule"
    assert schedule_note(timedelta(minutes=1, seconds=15)) == "1 min 15 s behind schedule"
    assert schedule_note(timedelta(milliseconds=400)) is None
