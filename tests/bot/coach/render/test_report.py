"""The status report is pure once loaded (bot/coach/render/report.py): who sees what, without a database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.coach.domain.engagement import Category, Review, Stage
from bot.coach.domain.visibility import Role
from bot.coach.render.report import Report, report_text
from storage.coach import CoachFeedbackItem

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANA, BEN, COACH, SPONSOR = "U0ANA", "U0BEN", "U0COACH", "U0SPONSOR"


def _report() -> Report:
    def item(n: int, leader: str, category: Category, text: str) -> CoachFeedbackItem:
        return CoachFeedbackItem(
            id=n, engagement_id=1, leader_id=leader, category=category, text=text, review=Review.AGREE
        )

    return Report(
        name="Ops and Sales",
        stage=Stage.FEEDBACK,
        expected=[ANA, BEN],
        intakes=[],
        feedback=[
            item(1, ANA, Category.OPERATIONAL, "hand-overs slip"),
            item(2, BEN, Category.PERSONAL, "raised voices"),
        ],
        commitments=[],
        leaders=[ANA, BEN],
        disclosures=[],
        checkins=[],
        calls=[],
    )


@pytest.mark.parametrize(
    ("viewer", "roles", "shows", "hides"),
    [
        (COACH, {Role.COACH}, ["hand-overs slip (agree)", "raised voices (agree)"], []),
        (ANA, {Role.LEADER}, ["hand-overs slip"], ["raised voices"]),
        (SPONSOR, {Role.SPONSOR}, ["Feedback items: operational 1, personal 1"], ["hand-overs", "raised"]),
    ],
)
def test_each_person_sees_the_feedback_their_role_allows(
    viewer: str, roles: set[Role], shows: list[str], hides: list[str]
) -> None:
    text = report_text(_report(), viewer, frozenset(roles), NOW)
    assert text.startswith("*Ops and Sales*: stage *Feedback session*.")
    assert "Intake: 0 of 2 answered." in text
    for words in shows:
        assert words in text
    for words in hides:
        assert words not in text
