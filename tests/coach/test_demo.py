"""The `/coach` demo plays to the end and shows nudges, a check-in and a sponsor summary."""

from __future__ import annotations

import pytest

from bot.coach import demo


def test_the_demo_shows_nudges_checkins_and_a_sponsor_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.main() == 0
    out = capsys.readouterr().out
    assert "coming up" not in out  # rendered blocks, not fallback text
    assert "Bring your open commitments" in out
    assert "Your check-in after the" in out
    assert "*Sponsor summary*" in out
    assert "progress scores 4" in out
    assert "A calm 1:1" not in out.split("DM to @sam")[-1]
    assert out.rstrip().endswith("Demo finished.")
