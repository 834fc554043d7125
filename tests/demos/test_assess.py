"""`coachbot demo assess` plays a live session to its end on the fake clock, as a new user first sees it."""

from __future__ import annotations

import time

import pytest

from demos import assess


def test_the_live_demo_plays_both_rounds_with_scores_and_private_digests(
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.monotonic()
    assert assess.main() == 0
    assert time.monotonic() - started < 30  # the fake clock: no real 5-second phases (it once took 53 s)
    out = capsys.readouterr().out
    assert "(only @pia sees) Only @fran can pause the round." in out
    assert "(only @ana sees) You scored 4/10. Only you see this" in out
    assert out.count("┌─ DM from coachbot to @ana") == 1  # her digest, in one message
    assert "self-assessment 4/10 → re-assessment 6/10 · shift +2" in out
    assert "self-assessment 5/10 → re-assessment 7/10 · shift +2" in out
    assert out.count("*Round complete* after 25 s.") >= 2
    assert "*Session complete.* Thank you all." in out
    assert out.rstrip().endswith("Demo finished.")
