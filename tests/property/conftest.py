"""Hypothesis profiles for the property tests, and the world they run in: the real app, the local Slack, and
a canary session in another channel that must keep changing phase on time whatever the examples do."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings

from tests.harness import BotUnderTest
from tests.property.world import World

_SHARED = {
    # One app and one database serve every example of a test (the canary must live through them all).
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
# `make test`: a few examples per property, well under a minute for the whole folder.
settings.register_profile("dev", max_examples=15, deadline=timedelta(seconds=5), **_SHARED)  # type: ignore[arg-type]
# CI (`HYPOTHESIS_PROFILE=ci`): many more examples; the deadline allows a slower shared machine.
settings.register_profile("ci", max_examples=120, deadline=timedelta(seconds=20), **_SHARED)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


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
