"""The issue's visibility table checked against what each person actually receives in Slack: every DM
they were sent, the final sponsor summary, and what `/coach status` shows them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.ids import VALUE, CoachAction, CoachBlock, CoachView
from storage.db import Database
from tests.handlers.coach.test_slack import (
    COACH,
    SPONSOR,
    _answer,
    _command,
    _dm_text,
    _open_and_submit,
    _plain,
    _press,
    _select,
    _settle,
    _start,
    _with_button,
)
from tests.harness import ANA, BEN, PETE, PIA, BotUnderTest, running_bot

SHARE = {"type": "checkboxes", "selected_options": [{"value": "share"}]}
EVERYONE = (ANA, BEN, PIA, PETE, COACH, SPONSOR)

# Each row of the table as secrets and the people who may read them; everyone else must never see them.
TABLE = [
    ("intake answers: leaders their own", "INTAKE-ANA", {ANA, COACH}),
    ("intake answers: shared by a leader", "INTAKE-BEN-SHARED", {BEN, COACH, SPONSOR}),
    ("intake answers: colleagues their own", "INTAKE-PIA", {PIA, COACH}),
    ("feedback items: those about them", "FEEDBACK-ANA", {ANA, COACH}),
    ("feedback items: those about them", "FEEDBACK-BEN", {BEN, COACH}),
    ("commitments: all in the engagement", "COMMIT-ANA", {ANA, BEN, COACH}),
    ("check-ins: their own", "CHECKIN-ANA", {ANA, COACH}),
    ("check-ins: text only if shared", "CHECKIN-BEN-SHARED", {BEN, COACH, SPONSOR}),
]


@pytest.fixture(scope="module")
def seen() -> Iterator[dict[str, str]]:
    """One engagement played to the end once; what each person saw, by person."""
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # the suite's usual Monday morning
    database = _fresh_database()
    from tests.harness import make_local_slack

    slack, ws = make_local_slack(clock)
    slack.start()
    try:
        with running_bot(slack, ws, database, clock) as bot:
            _play(bot)
            yield {p: _dm_text(bot, p) + "\n" + _answer(_command(bot, "status", user=p)) for p in EVERYONE}
    finally:
        slack.stop()
        database.dispose()


def _fresh_database() -> Database:
    import tempfile

    from storage.migrate import upgrade

    path = tempfile.mkdtemp(prefix="coach-visibility-")
    db = Database(f"sqlite:///{path}/coach.db")
    upgrade(db)
    return db


def _intake(bot: BotUnderTest, user: str, text: str, *, share: bool) -> None:
    _press(bot, user, _with_button(bot, user, CoachAction.OPEN_INTAKE), CoachAction.OPEN_INTAKE)
    values: dict[Any, Any] = {CoachBlock.Q1: {VALUE: _plain(text)}}
    if share:
        values[CoachBlock.SHARE] = {VALUE: SHARE}
    _open_and_submit(bot, user, CoachView.INTAKE, values)


def _checkin(bot: BotUnderTest, user: str, score: str, text: str, *, share: bool) -> None:
    _press(bot, user, _with_button(bot, user, CoachAction.OPEN_CHECKIN), CoachAction.OPEN_CHECKIN)
    values: dict[Any, Any] = {
        CoachBlock.SCORE: {VALUE: _select(score)},
        CoachBlock.WENT_WELL: {VALUE: _plain(text)},
        CoachBlock.GOT_IN_WAY: {VALUE: _plain("-")},
    }
    if share:
        values[CoachBlock.SHARE] = {VALUE: SHARE}
    _open_and_submit(bot, user, CoachView.CHECKIN, values)


def _play(bot: BotUnderTest) -> None:
    _start(bot)
    _intake(bot, ANA, "INTAKE-ANA", share=False)
    _intake(bot, BEN, "INTAKE-BEN-SHARED", share=True)
    _intake(bot, PIA, "INTAKE-PIA", share=False)
    _command(bot, "next")
    for leader, text, category in ((ANA, "FEEDBACK-ANA", "personal"), (BEN, "FEEDBACK-BEN", "operational")):
        _command(bot, "feedback")
        _open_and_submit(
            bot,
            COACH,
            CoachView.FEEDBACK,
            {
                CoachBlock.TEXT: {VALUE: _plain(text)},
                CoachBlock.LEADER: {VALUE: _select(leader)},
                CoachBlock.CATEGORY: {VALUE: _select(category)},
            },
        )
    _command(bot, "next")
    _command(bot, "commit")
    _open_and_submit(
        bot,
        COACH,
        CoachView.COMMITMENT,
        {
            CoachBlock.TEXT: {VALUE: _plain("COMMIT-ANA")},
            CoachBlock.OWNER: {VALUE: _select(ANA)},
        },
    )
    _command(bot, "next")
    _settle(bot)
    bot.advance(32 * 3600, step=1800)  # Ana's Monday and Ben's Tuesday calls are over: check-in prompts
    _checkin(bot, ANA, "3", "CHECKIN-ANA", share=False)
    _checkin(bot, BEN, "4", "CHECKIN-BEN-SHARED", share=True)
    _command(bot, "next")  # closed: the final summary goes to the sponsor and the coach
    _settle(bot)


@pytest.mark.parametrize(("row", "secret", "readers"), TABLE)
def test_each_secret_reaches_exactly_who_the_table_allows(
    seen: dict[str, str], row: str, secret: str, readers: set[str]
) -> None:
    for person in EVERYONE:
        assert (secret in seen[person]) == (person in readers), f"{row}: {secret} for {person}"


def test_the_sponsor_gets_counts_status_and_scores(seen: dict[str, str]) -> None:
    sponsor = seen[SPONSOR]
    assert "Final summary" in sponsor
    assert "3 of 4 answered" in sponsor  # intake: counts only
    assert "Feedback items: operational 1, personal 1" in sponsor  # counts by category
    assert "Commitments: 1 on track" in sponsor  # status only
    assert "Check-ins: 2 answered, progress scores 3 → 4" in sponsor  # counts and scores


def test_colleagues_see_no_feedback_commitments_or_checkins(seen: dict[str, str]) -> None:
    for person in (PIA, PETE):
        assert "Feedback items" not in seen[person]
        assert "Commitments" not in seen[person]
        assert "Check-ins" not in seen[person]
