"""The pure rules of bot/coach/domain/engagement.py, from tables."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.coach.domain.engagement import (
    COLLEAGUE_QUESTIONS,
    LEADER_QUESTIONS,
    CommitmentState,
    Stage,
    commitment_state,
    intake_questions,
    next_stage,
)


@pytest.mark.parametrize(
    ("stage", "after"),
    [
        ("intake", Stage.FEEDBACK),
        ("feedback", Stage.ALIGNMENT),
        ("alignment", Stage.SUPPORT),
        ("support", Stage.CLOSED),
        ("closed", None),
    ],
)
def test_an_engagement_moves_one_stage_forward(stage: str, after: Stage | None) -> None:
    assert next_stage(stage) is after


def test_a_stage_equals_the_word_stored_in_its_column() -> None:
    assert [str(s) for s in Stage] == ["intake", "feedback", "alignment", "support", "closed"]
    assert f"stage:{Stage.SUPPORT}" == "stage:support"  # dedupe keys read as before


def test_an_unknown_stage_is_an_error_not_a_silent_step() -> None:
    with pytest.raises(ValueError, match="paused"):
        next_stage("paused")


@pytest.mark.parametrize(("leader", "expected"), [(True, LEADER_QUESTIONS), (False, COLLEAGUE_QUESTIONS)])
def test_leaders_and_colleagues_answer_different_questions(leader: bool, expected: object) -> None:
    assert intake_questions(leader=leader) == expected


@pytest.mark.parametrize(
    ("done", "due", "state"),
    [
        (True, "2026-03-01", CommitmentState.DONE),
        (False, "2026-03-01", CommitmentState.OVERDUE),
        (False, "2026-03-02", CommitmentState.ON_TRACK),
        (False, None, CommitmentState.ON_TRACK),
    ],
)
def test_a_commitment_is_done_overdue_or_on_track(
    done: bool, due: str | None, state: CommitmentState
) -> None:
    done_at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC) if done else None
    assert commitment_state(done_at=done_at, due_date=due, today=date(2026, 3, 2)) is state
