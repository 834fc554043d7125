from __future__ import annotations

from datetime import timedelta

from bot.assess.digest import Reply, RoundSummary, digest_messages, wrap_up_message
from tests.harness import block_text


def test_digest_groups_by_phase_and_names_authors() -> None:
    replies = [Reply("U_PIA", 2, "clear and kind"), Reply("U_ANA", 0, "my note"), Reply("U_PETE", 1, "why?")]
    [message] = digest_messages(leader_id="U_ANA", channel_id="C1", replies=replies)
    text = block_text(message.blocks)
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
        for block in message.blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
    everything = "".join(block_text(m.blocks) for m in messages)
    assert everything.count("x" * 900) == 200


def test_wrap_up_has_counts_and_durations_but_no_content() -> None:
    message = wrap_up_message(
        [
            RoundSummary("U_ANA", timedelta(minutes=11, seconds=4), "done", 3, 1),
            RoundSummary("U_BEN", None, "waiting", 0, 0),
        ]
    )
    text = block_text(message.blocks)
    assert "<@U_ANA>: 11 min 4 s · 3 questions · 1 feedback reply" in text
    assert "<@U_BEN>: not run" in text
