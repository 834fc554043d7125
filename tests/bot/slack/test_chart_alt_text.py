"""Every chart upload says its figures in words (files.uploadV2's alt_txt), within Slack's 1,000 chars."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.assess.render.chart import Point, scores_alt_text
from bot.coach.render.chart import progress_alt_text
from bot.slack import fit

AT = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def test_the_series_chart_states_each_session_s_averages_and_why_one_is_missing() -> None:
    said = scores_alt_text([Point(1, 4.0, 6.5), Point(2, None, 7.25)])
    assert said == (
        "Line chart of the group's average scores per session, on a scale of 1 to 10. "
        "Session 1: self-score 4.0, re-score 6.5. "
        "Session 2: self-score not shown (too few leaders scored), re-score 7.2."
    )


def test_the_progress_chart_states_each_leader_s_scores_without_their_ids() -> None:
    points = [(AT, "U0ANA", 2), (AT + timedelta(days=1), "U0BEN", 5), (AT + timedelta(days=14), "U0ANA", 4)]
    said = progress_alt_text(points, {"U0ANA": "leader 1", "U0BEN": "leader 2"})
    assert "Leader 1: 2 check-ins, first 2 (30 Nov 2026), latest 4 (14 Dec 2026), average 3.0" in said
    assert "Leader 2: 1 check-in, first 5 (01 Dec 2026)" in said
    assert "U0" not in said


def test_a_long_engagement_s_alt_text_is_cut_to_slack_s_limit_with_its_summary_first() -> None:
    points = [(AT + timedelta(days=i), "U0ANA", 1 + i % 5) for i in range(600)]
    said = progress_alt_text(points, {"U0ANA": "leader 1"})
    assert len(said) > fit.ALT_TEXT
    cut = fit.cut(said, fit.ALT_TEXT)  # as bot/slack/uploads.py sends it
    assert len(cut) <= fit.ALT_TEXT
    assert "Leader 1: 600 check-ins, first 1" in cut
    assert "average 3.0" in cut
