"""The facilitator's script shown: what to say, the ground rules, the buttons."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock

from bot.assess import store
from bot.assess.domain.phases import PHASES, format_length
from bot.slack.blocks import context, section
from bot.slack.effects import Rendered
from storage.assess import AssessSession

# What the facilitator says as each phase starts, in the order of PHASES.
SAY = (
    "“Tell us your example and how well your approach served it. Score it 1 to 10 with the buttons in the "
    "thread; only you see your score. The rest of us listen.”",
    "“Ask questions to understand, not to advise. Keep answers short.”",
    "“Now feedback: what worked, what to try. The leader in focus listens and does not reply.”",
    "“What did you hear? What will you take from it?”",
    "“Score your approach again, and name one thing you will try before next time.”",
)

GROUND_RULES = (
    "• The leader in focus listens during peer feedback and does not reply or defend.\n"
    "• Feedback is about the approach, not the person; be specific.\n"
    "• What is said here stays here: each leader's digest is private to them. Sponsors get counts and "
    "averages, never what anyone wrote.\n"
    "• Scores are the leader's own: peers never see them."
)

BUTTONS = (
    "On each round card: *Pause* / *Resume*, *+1 minute*, *Next phase*, *End round*; after a round, "
    "*Start the next round*. Only you can press them. `/assess status` shows where you are; "
    "`/assess stop` ends the session."
)


def script_message(sitting: AssessSession) -> Rendered:
    timing = store.parse_timing(sitting.timing)
    lines = [
        f"{i + 1}. *{phase.name}* ({format_length(seconds)}): {say}"
        for i, (phase, seconds, say) in enumerate(zip(PHASES, timing, SAY, strict=True))
    ]
    blocks: list[Block] = [
        HeaderBlock(text="Your facilitator script"),
        section("*What to say at each phase*\n" + "\n".join(lines)),
        DividerBlock(),
        section("*Ground rules* (read them out at the start)\n" + GROUND_RULES),
        section("*Your buttons*\n" + BUTTONS),
    ]
    if sitting.anonymous:
        note = (
            "This session is *anonymous*: in peer feedback, peers press *Give feedback* in the thread. "
            "Their feedback is posted without a name. Replies typed in the thread still show the writer."
        )
        blocks.append(section(note))
    if store.has_sponsors(sitting):
        note = "Sponsors get a summary after the session: attendance, counts, timing and average scores."
        blocks.append(context(note))
    return Rendered(text="Your facilitator script for this /assess session", blocks=blocks)
