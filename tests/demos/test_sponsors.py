"""`coachbot demo sponsors` plays two sessions of a series and shows the sponsor's posts and chart."""

from __future__ import annotations

from demos import sponsors


def test_the_series_demo_shows_trend_summaries_and_chart() -> None:
    lines: list[str] = []
    assert sponsors.main(lines.append) == 0
    shown = "\n".join(lines)
    assert "*Your trend across the series*: Session 1: 4 → 6, Session 2: 5 → 7" in shown
    sponsor_part = shown.split("Everything the sponsor @sam received")[1]
    assert "SESSION SUMMARY · SESSION 2" in sponsor_part
    assert "[chart] Group average self-score and re-score per session" in sponsor_part
    assert lines[-1] == "Demo finished."
    assert "ask before advising" not in sponsor_part  # feedback text never reaches the sponsor
