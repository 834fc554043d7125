"""The series demo plays to the end: plan post, preparation, one reminder, channel reminders, session 1."""

from __future__ import annotations

import pytest

from demos import series as demo


def test_the_series_demo_plans_prepares_reminds_and_starts(capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.main() == 0
    out = capsys.readouterr().out
    assert "A series of 4 peer-assessment sessions" in out
    assert "│ Your series is planned in #leaders." in out  # a DM without blocks: its text
    assert out.count("[Prepare]") == 3
    assert out.count("[Prepare now]") == 2  # Ben and Cho; Ana prepared
    assert "starts tomorrow" in out
    assert "starts in 15 minutes" in out
    assert "@ana is looking for feedback on:" in out
    assert "Round 1 of 3 · @ana in focus" in out
    assert out.rstrip().endswith("Demo finished.")
