"""Every renderer that shows typed text, fed generated text: Slack accepts the result and nothing can ping."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.assess.render.card import CardView, Turn, round_card
from bot.assess.render.digest import Reply, digest_messages
from bot.assess.render.feedback import thread_post
from bot.coach.domain.engagement import Stage
from bot.coach.domain.visibility import Role
from bot.coach.render import messages as coach
from bot.slack.effects import Rendered
from bot.slack.text import escape
from localslack.blocks import MAX_MESSAGE_BLOCKS, MAX_TEXT, check_blocks

# How many examples comes from the Hypothesis profile (100 by default; CI may load a larger one).
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

HOSTILE = st.sampled_from(
    ["<!channel>", "<!here>", "<!everyone>", "<@U0EVIL>", "<!subteam^S1|@all>", "<https://evil.example|Open>"]
)
PIECES = st.one_of(
    HOSTILE,
    st.sampled_from(["&", "<", ">", "*", "_", "~", "`", "\n", "👍🏽", "e\u0301", "שלום", "١٢٣"]),
    st.text(max_size=40),
)
TYPED = st.one_of(
    st.lists(PIECES, max_size=300).map("".join),
    st.tuples(st.sampled_from(["&", "<", "a\n", "x"]), st.integers(0, 3000)).map(lambda t: t[0] * t[1]),
)
# The bot's own tokens: mentions of people it names, channels, dates. Anything else in <…> came from typing.
OURS = re.compile(r"<(@U0(?:ANA|BEN|PIA|FAC|LEAD\d*)|#C\w+|!date\^[^<>]*)>")


def accepted(message: Rendered) -> None:
    check_blocks(message.wire, MAX_MESSAGE_BLOCKS)
    assert len(message.text) <= MAX_TEXT
    for shown in [message.text, json.dumps(message.wire)]:
        tokens = re.findall(r"<[^<>]*>", shown)
        assert all(OURS.fullmatch(t) for t in tokens), tokens


@PROPERTY
@given(name=TYPED, items=st.lists(TYPED, max_size=6), last=st.one_of(st.none(), TYPED))
def test_coach_messages(name: str, items: list[str], last: str | None) -> None:
    accepted(coach.welcome(name, Role.LEADER, "U0FAC", 1))
    accepted(coach.stage_changed(name, Stage.ALIGNMENT, Role.SPONSOR))
    accepted(coach.intake_reminder(name, 1))
    for item in items[:2]:
        accepted(coach.feedback_for_leader(1, 1, "personal", item))
        accepted(coach.commitment_for_leader(1, 1, "U0ANA", item, "2027-01-04"))
    accepted(coach.answers_for_coach("Intake answers", "U0ANA", [(f"Q{n}", a) for n, a in enumerate(items)]))
    accepted(
        coach.nudge(
            engagement_id=1, call_id=1, title="Call", starts_at=NOW, commitments=items, last_checkin=last
        )
    )
    accepted(coach.plain(" / ".join(escape(i) for i in items)))


@PROPERTY
@given(replies=st.lists(st.tuples(st.sampled_from(["U0PIA", "U0ANA", ""]), st.integers(0, 4), TYPED)))
def test_digests(replies: list[tuple[str, int, str]]) -> None:
    pages = digest_messages(
        leader_id="U0ANA", channel_id="C0TEAM", replies=[Reply(u, p, t) for u, p, t in replies]
    )
    for page in pages:
        accepted(page)


@PROPERTY
@given(statement=TYPED, feedback=TYPED)
def test_round_card_and_anonymous_post(statement: str, feedback: str) -> None:
    view = CardView(
        round_id=1,
        position=0,
        leader_id="U0ANA",
        facilitator_id="U0FAC",
        timing=(60, 60, 60, 60, 60),
        status="running",
        phase=1,
        phase_ends_at=NOW + timedelta(seconds=30),
        paused_remaining=None,
        took=None,
        turns=(Turn("U0ANA", "running"), Turn("U0BEN", "waiting")),
        session_status="live",
        statement=statement,
    )
    accepted(round_card(view, NOW))
    if feedback.strip():
        accepted(thread_post(escape(feedback.strip()[:2500])))
