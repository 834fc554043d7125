"""The world the property tests run in: the real app, the local Slack, and
a canary session in another channel that must keep changing phase on time whatever the examples do."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.harness import BotUnderTest
from tests.property.world import World


@pytest.fixture
def world(bot: BotUnderTest) -> Iterator[World]:
    failures = _Failures()
    logging.getLogger("handlers.errors").addHandler(failures)
    try:
        yield World(bot, failures.records)
    finally:
        logging.getLogger("handlers.errors").removeHandler(failures)


class _Failures(logging.Handler):
    """Every request the app failed to answer (the central error handler logs them)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if not text.startswith("request failed"):  # "budget spent" is an answer: try again in a moment
            return
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        self.records.append(text)
