"""An engagement's stages and the kinds and statuses of its records, with the pure rules between them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from bot.ids import CoachBlock

# Everyone named is looked up with users.info (Tier 4) before the engagement is saved, and each colleague
# gets a line on the leaders' checklist: bounded so one form cannot spend the workspace's lookups.
MAX_SPONSORS, MAX_COLLEAGUES = 10, 30


class Stage(StrEnum):
    """In order: an engagement only moves forward, one stage at a time."""

    INTAKE = "intake"
    FEEDBACK = "feedback"
    ALIGNMENT = "alignment"
    SUPPORT = "support"
    CLOSED = "closed"


def next_stage(stage: str) -> Stage | None:
    """The stage after `stage`; None once the engagement is closed."""
    order = list(Stage)
    at = order.index(Stage(stage))
    return order[at + 1] if at + 1 < len(order) else None


class CommitmentState(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    ON_TRACK = "on track"


def commitment_state(*, done_at: datetime | None, due_date: str | None, today: date) -> CommitmentState:
    """Done once marked done; overdue after its due date (an ISO date, if it has one); else on track."""
    if done_at is not None:
        return CommitmentState.DONE
    if due_date and date.fromisoformat(due_date) < today:
        return CommitmentState.OVERDUE
    return CommitmentState.ON_TRACK


class Category(StrEnum):
    """What a feedback item is about."""

    OPERATIONAL = "operational"
    PROCESS = "process"
    PERSONAL = "personal"


class Review(StrEnum):
    """A leader's answer to a feedback item."""

    AGREE = "agree"
    DISCUSS = "discuss"


class CallKind(StrEnum):
    INDIVIDUAL = "individual"  # one leader and the coach
    THREE_WAY = "three_way"  # both leaders and the coach


class CallStatus(StrEnum):
    SCHEDULED = "scheduled"
    SKIPPED = "skipped"


class DueKind(StrEnum):
    """What a scheduled row sends when it falls due."""

    NUDGE = "nudge"
    CHECKIN = "checkin"
    CHECKIN_REMINDER = "checkin_reminder"
    INTAKE_REMINDER = "intake_reminder"
    DISCLOSURE_REMINDER = "disclosure_reminder"
    CYCLE_SUMMARY = "cycle_summary"
    CHART = "chart"


class DueStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"  # a nudge whose call had already started
    CANCELLED = "cancelled"  # nothing was due any more (a call moved or skipped, the engagement closed)
    FAILED = "failed"


LEADER_QUESTIONS = (
    (CoachBlock.Q1, "Your background"),
    (CoachBlock.Q2, "The history of the relationship"),
    (CoachBlock.Q3, "Why, in your view, it cannot go on like this"),
    (CoachBlock.Q4, "What a productive relationship would look like"),
)
COLLEAGUE_QUESTIONS = (
    (CoachBlock.Q1, "What you observed"),
    (CoachBlock.Q2, "How it affected you and the team"),
    (CoachBlock.Q3, "Examples"),
)


def intake_questions(*, leader: bool) -> tuple[tuple[CoachBlock, str], ...]:
    """The leaders answer about the relationship; colleagues about what they saw."""
    return LEADER_QUESTIONS if leader else COLLEAGUE_QUESTIONS
