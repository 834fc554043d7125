"""Logs as JSON lines: each line inside a request carries its team and kind, and no typed text reaches them,
whatever level."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from concurrent.futures import wait

import pytest

from bot import log_privacy
from bot.config import DatabaseSettings
from bot.watch.logs import JsonLines, configure
from bot.watch.requests import TaggingExecutor
from bot.watch.tag import CURRENT, RequestTag
from tests.harness import ANA, CHANNEL, FAC, TEAM, BotUnderTest

URL = "https://hooks.slack.com/commands/T0ACME/1/secret"
WORDS = "my private example <!channel> & déjà vu 秘密"


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """The root logger at DEBUG, as `COACHBOT_LOG_FORMAT=json` sets it up, into a buffer."""
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonLines())
    log_privacy.install([handler])
    root.handlers = [handler]
    root.setLevel(logging.DEBUG)  # not `root.level =`: setLevel clears the loggers' isEnabledFor caches
    yield out
    root.handlers = saved
    root.setLevel(level)


def lines(out: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_requests_log_lines_are_json_with_team_and_kind_and_no_typed_text(
    bot: BotUnderTest, json_lines: io.StringIO
) -> None:
    bot.command(f"<@{ANA}> timing=20s,20s,20s,20s,20s")
    bot.tick()
    json_lines.truncate(0)
    json_lines.seek(0)
    bot.ws.post_message(ANA, CHANNEL, WORDS, thread_ts=str(bot.card().ts))
    logged = lines(json_lines)  # every line parses
    assert logged
    ours = [line for line in logged if line["logger"] == "handlers.replay"]
    assert ours
    assert ours[0]["team"] == TEAM
    assert ours[0]["kind"] == "event"
    assert {"time", "level", "message"} <= ours[0].keys()
    assert "my private example" not in json_lines.getvalue()
    assert "秘密" not in json_lines.getvalue()
    assert ANA not in json_lines.getvalue()


def test_a_command_is_tagged_and_the_tag_ends_with_the_request(
    bot: BotUnderTest, json_lines: io.StringIO
) -> None:
    bot.ws.slash_command(FAC, CHANNEL, command="/assess", text=f"<@{ANA}> {WORDS}")
    tagged = [line for line in lines(json_lines) if line.get("kind") == "command"]
    assert tagged
    assert all(line["team"] == TEAM for line in tagged)
    assert "my private example" not in json_lines.getvalue()
    json_lines.truncate(0)
    json_lines.seek(0)
    logging.getLogger("coachbot").info("after the request")
    [after] = lines(json_lines)
    assert "team" not in after  # the waitress thread does not keep the tag
    assert "kind" not in after


def test_listener_threads_carry_the_request_tag() -> None:
    tag = RequestTag(team=TEAM, kind="action")
    token = CURRENT.set(tag)
    try:
        with TaggingExecutor(max_workers=1) as pool:
            seen = pool.submit(CURRENT.get)
            wait([seen])
    finally:
        CURRENT.reset(token)
    assert seen.result() == tag
    assert CURRENT.get() is None


def test_json_format_from_settings_keeps_the_privacy_filter(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    root.handlers = []  # as in a fresh process
    try:
        settings = DatabaseSettings(database_url="sqlite://", log_level="DEBUG", log_format="json")
        configure(level=settings.log_level, shape=settings.log_format)
        logging.getLogger("slack_sdk.webhook.client").debug(
            "Sending a request - url: %s, body: %s", URL, WORDS
        )
    finally:
        root.handlers, root.level = saved, level
    [line] = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert line["message"] == "Sending a request to a response_url (its url and body withheld)"
    assert line["logger"] == "slack_sdk.webhook.client"
    assert line["level"] == "DEBUG"
