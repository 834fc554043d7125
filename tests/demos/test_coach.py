"""The `/coach` demo plays to the end and shows the heart of the intervention: feedback items reviewed,
commitments confirmed and carried into nudges, check-ins and a sponsor summary; and only what people read."""

from __future__ import annotations

import subprocess
import sys

import pytest

from demos import coach as demo


def test_the_demo_shows_feedback_commitments_nudges_checkins_and_a_sponsor_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert demo.main() == 0
    out = capsys.readouterr().out
    assert "coming up" not in out  # rendered blocks, not fallback text
    for category in ("operational", "process", "personal"):
        assert f"*Feedback about you* ({category}):" in out
    assert out.count("[Agree] [Discuss]") == 3
    assert "@ana marked an operational item *agree*" in out
    assert "@ana marked a personal item *discuss*" in out
    assert "@ben marked a process item *agree*" in out
    assert out.count("*Commitment* of @") == 4  # two commitments, each sent to both leaders
    assert "@ben confirmed the commitment: Hold a 15-minute Ops and Sales handover every Monday." in out
    assert "Bring your open commitments:\n│ • Hold a 15-minute Ops and Sales handover every Monday." in out
    assert "Bring your open commitments:\n│ • Agree a Thursday cut-off for forecast changes with Ops." in out
    assert "no open commitments" not in out
    assert "*Coaching call with @ana*: today at 2:00 PM." in out  # Ana reads it in Lisbon
    assert " on today" not in out
    assert " on tomorrow" not in out
    assert "Your check-in after the" in out
    assert "*Sponsor summary*" in out
    assert "Commitments: 2 on track" in out
    assert "progress scores 4" in out
    # the calendar: invites when support begins, the feedback session's date, an update for the moved call
    assert out.count("📎 coaching-call.ics") == 4  # each leader their own call; the coach both
    assert out.count("📎 three-way-call.ics") == 3
    assert out.count("📎 feedback-session.ics") == 3
    assert "RRULE:FREQ=WEEKLY;UNTIL=" in out
    assert out.count("📎 three-way-call-update.ics") == 3
    assert "RECURRENCE-ID;TZID=America/New_York:20261126T100000" in out
    assert "SEQUENCE:1" in out
    sponsor_part = out.split("DM to @sam")[-1]
    assert "A calm 1:1" not in sponsor_part
    assert "Handovers between" not in sponsor_part  # the sponsor sees counts, never the items
    assert ".ics" not in "".join(p.split("└")[0] for p in out.split("DM to @sam")[1:])  # in no call
    assert out.rstrip().endswith("Demo finished.")


@pytest.mark.e2e
def test_coachbot_demo_coach_prints_no_log_lines() -> None:
    # A process of its own, as a newcomer runs it: no logging configured, so Python's last-resort handler
    # would print warnings ("nudge coach:1:call:8:…:U_BEN skipped…") between the DMs.
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main(['demo', 'coach']))"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert "coach:1:" not in run.stdout
    assert "skipped:" not in run.stdout
    assert run.stdout.rstrip().endswith("Demo finished.")
