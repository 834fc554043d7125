"""A person's data request, answered by an operator: export holds every row that names them or holds their
words, in every programme; erase leaves no trace of their id or text in any table, and the counts stay."""

from __future__ import annotations

import json

from sqlalchemy import func, select, text
from sqlmodel import SQLModel

from bot.ids import VALUE, CoachAction, CoachBlock, CoachView
from bot.privacy import audit, person
from storage.assess import AssessRound
from tests.bot.assess.helpers import QUICK
from tests.handlers.coach.test_slack import _open_and_submit, _plain, _press, _start, _with_button
from tests.harness import ANA, BEN, CHANNEL, PIA, BotUnderTest

INTAKE = "We stopped talking after the reorganisation"
REPLY = "Ana, what did you expect from Ben there?"


def _everything(bot: BotUnderTest) -> str:
    """Every value in every table, as text."""
    out = []
    with bot.db.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            out += [repr(tuple(row)) for row in conn.execute(select(table)).all()]
    return "\n".join(out)


def _rounds(bot: BotUnderTest) -> int:
    with bot.db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AssessRound)).scalar_one())


def _both_programmes(bot: BotUnderTest) -> None:
    _start(bot)  # a coaching engagement: Ana and Ben are its leaders
    _press(bot, ANA, _with_button(bot, ANA, CoachAction.OPEN_INTAKE), CoachAction.OPEN_INTAKE)
    _open_and_submit(bot, ANA, CoachView.INTAKE, {CoachBlock.Q1: {VALUE: _plain(INTAKE)}})
    bot.command(f"<@{BEN}> <@{ANA}> {QUICK}")  # an /assess session: Ana is in it, and asks Ben a question
    bot.tick()
    card_ts = str(bot.card().ts)
    bot.advance(25, step=5)
    bot.ws.post_message(ANA, CHANNEL, REPLY, thread_ts=card_ts)
    bot.ws.post_message(PIA, CHANNEL, "Pia's own question", thread_ts=card_ts)
    bot.advance(90, step=5)


def test_export_holds_every_row_that_names_the_person(bot: BotUnderTest) -> None:
    _both_programmes(bot)
    doc = json.loads(person.export_person(bot.db, user_id=ANA, now=bot.clock.now()))
    tables = doc["tables"]
    assert {"coach_member", "coach_intake", "assess_round", "captured_reply", "outbox"} <= set(tables)
    assert INTAKE in json.dumps(tables["coach_intake"])
    assert [r["text"] for r in tables["captured_reply"]] == [REPLY]
    assert "Pia's own question" not in json.dumps(tables["captured_reply"])


def test_erase_leaves_no_id_or_words_and_keeps_the_counts(bot: BotUnderTest) -> None:
    _both_programmes(bot)
    assert ANA in _everything(bot)
    rounds = _rounds(bot)
    changed = person.erase_person(bot.db, user_id=ANA, now=bot.clock.now())
    assert changed["coach_intake"] == 1
    everything = _everything(bot)
    assert ANA not in everything
    assert INTAKE not in everything
    assert REPLY not in everything
    assert "Pia's own question" in everything  # other people's words are theirs to keep
    assert _rounds(bot) == rounds  # Ana's round still counts, it just names nobody
    assert audit.lines(bot.db)[-1].endswith("operator erase person")
    with bot.db.engine.connect() as conn:  # and nothing of hers waits to be sent
        waiting = conn.execute(
            text("SELECT count(*) FROM outbox WHERE user_id = :u"), {"u": ANA}
        ).scalar_one()
    assert waiting == 0
