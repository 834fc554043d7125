"""A nudge names its call's time the way Slack's `{date_short_pretty}` reads: "today at …" or "Nov 25, 2026
at …", never "on today at …", in real Slack's mrkdwn and as the local Slack renders it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.coach.render import messages as render
from localslack import LocalSlack
from localslack.render import render_blocks

NOW = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
# The repository, wherever this file sits in tests/: the check reads the source, never the tests.
ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())


def _nudge(starts_at: datetime) -> list[dict[str, object]]:
    message = render.nudge(
        engagement_id=1,
        call_id=2,
        title="Coaching call with <@U_ANA>",
        starts_at=starts_at,
        commitments=["Hold a Monday handover."],
        last_checkin=None,
    )
    return message.wire


@pytest.mark.parametrize(
    ("starts_at", "reads"),
    [
        (datetime(2026, 11, 23, 14, 0, tzinfo=UTC), "*Coaching call with @ana*: today at 2:00 PM."),
        (datetime(2026, 11, 24, 15, 0, tzinfo=UTC), "*Coaching call with @ana*: tomorrow at 3:00 PM."),
        (datetime(2026, 11, 25, 9, 0, tzinfo=UTC), "*Coaching call with @ana*: Nov 25, 2026 at 9:00 AM."),
    ],
)
def test_the_nudge_reads_well_today_tomorrow_and_on_a_date(starts_at: datetime, reads: str) -> None:
    slack = LocalSlack(clock=FakeClock(NOW))
    ws = slack.add_workspace(team_id="T_W", name="W", bot_token="xoxb-w", signing_secret="s")
    ws.add_user("U_ANA", "ana", real_name="Ana", tz="Europe/Lisbon")
    shown = render_blocks(_nudge(starts_at), ws, "U_ANA")
    assert shown.splitlines()[0] == reads
    assert " on today" not in shown
    assert " on tomorrow" not in shown


def test_the_mrkdwn_puts_no_preposition_before_slacks_pretty_date() -> None:
    text = str(_nudge(datetime(2026, 11, 23, 14, 0, tzinfo=UTC)))
    assert re.search(r"\*: <!date\^\d+\^\{date_short_pretty\} at \{time\}\|", text)


def test_no_message_puts_on_or_of_before_a_local_datetime() -> None:
    # `{date_short_pretty}` says "today" or "Nov 25": "on today" or "the call of tomorrow" read wrong.
    wrong = re.compile(r"\b(on|of) \{local_datetime\(")
    assert (ROOT / "bot" / "coach" / "render" / "messages.py").is_file()
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("bot", "handlers")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if wrong.search(line)
    ]
    assert found == []
