"""The sponsor summary and the digest's score line as pure functions: timing, stopped rounds, shifts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.assess.render.digest import ScoreSummary, TrendPoint, score_text
from bot.assess.render.sponsor import RoundFacts, SessionFacts, summary_message
from tests.harness import block_text

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def facts(rounds: list[RoundFacts], shifts: tuple[int, ...], min_group: int = 3) -> SessionFacts:
    return SessionFacts(AT, 2, False, min_group, tuple(rounds), ("U0PIA",), shifts)


def test_overruns_and_early_ends_are_reported_per_round() -> None:
    rounds = [
        RoundFacts("U1", "done", 2, 3, timedelta(0)),
        RoundFacts("U2", "done", 0, 1, timedelta(seconds=75)),
        RoundFacts("U3", "stopped", 1, 0, None),
    ]
    text = block_text(summary_message(facts(rounds, (1, 2, -1))).wire)
    assert "*Round 1* (<@U1>): 2 questions · 3 feedback replies · on time" in text
    assert "*Round 2* (<@U2>): 0 questions · 1 feedback reply · over by 1 min 15 s" in text
    assert "*Round 3* (<@U3>): 1 question · 0 feedback replies · ended early" in text
    assert "*Time discipline:* 1 of 3 rounds ran over their planned time." in text
    assert "1-10 scale): +0.7" in text
    assert "Session summary · session 2" in text


@pytest.mark.parametrize("shifts", [(), (2,), (2, 3)])
def test_no_average_over_fewer_than_min_group_scores(shifts: tuple[int, ...]) -> None:
    rounds = [RoundFacts(f"U{i}", "done", 1, 1, timedelta(0)) for i in range(3)]
    text = block_text(summary_message(facts(rounds, shifts)).wire)
    assert "not reported: fewer than 3 leaders gave both" in text
    assert "1-10 scale)" not in text


@pytest.mark.parametrize(
    ("scores", "says"),
    [
        (ScoreSummary(4, 7), "self-assessment 4/10 → re-assessment 7/10 · shift +3"),
        (ScoreSummary(8, 6), "self-assessment 8/10 → re-assessment 6/10 · shift -2"),
        (ScoreSummary(None, 6), "self-assessment not given → re-assessment 6/10"),
        (
            ScoreSummary(5, 7, (TrendPoint(1, 4, 6), TrendPoint(2, 5, 7))),
            "*Your trend across the series*: Session 1: 4 → 6, Session 2: 5 → 7",
        ),
        (ScoreSummary(5, None, (TrendPoint(1, 4, None), TrendPoint(2, 5, None))), "Session 1: 4 → -"),
    ],
)
def test_the_digest_score_line(scores: ScoreSummary, says: str) -> None:
    assert says in score_text(scores)
