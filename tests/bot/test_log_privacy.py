"""The log filter: Slack libraries' lines that quote bodies keep what happened and lose the content."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.cli import _configure_logging
from bot.config import DatabaseSettings
from bot.log_privacy import WithholdContent, withhold
from handlers.replay import describe

WORDS = "you cut people off"
URL = "https://hooks.slack.com/actions/T0ACME/123/abc"


@pytest.mark.parametrize(
    ("logger", "line", "expected"),
    [
        (
            "slack_sdk.web.base_client",
            "Sending a request - url: https://slack.com/api/chat.postMessage, query_params: {}, "
            f"body_params: {{'text': '{WORDS}'}}, files: {{}}, json_body: None, headers: {{}}",
            "Sending a request - chat.postMessage (parameters, body and headers withheld)",
        ),
        (
            "slack_sdk.web.base_client",
            "Received the following response - status: 200, headers: {'Content-Type': 'application/json'}, "
            f'body: {{"ok": true, "messages": [{{"text": "{WORDS}"}}]}}',
            "Received the following response - status: 200 (headers and body withheld)",
        ),
        (
            "slack_sdk.webhook.client",
            f"Sending a request - url: {URL}, body: {{'text': '{WORDS}'}}, headers: {{}}",
            "Sending a request to a response_url (its url and body withheld)",
        ),
        (
            "slack_bolt.App",
            f'Responding with status: 200 body: "{WORDS}" (12 millis)',
            "Responding with status: 200 (body withheld, 12 millis)",
        ),
        (
            "slack_bolt.App",
            'on_message invoked: (message: {"envelope_id": "e-1", "type": "interactive", "payload": '
            f'{{"user": {{"id": "U0PIA"}}, "view": {{"state": {{"values": "{WORDS}"}}}}}}}})',
            "on_message invoked (type: interactive, envelope_id: e-1; payload withheld)",
        ),
        (
            "slack_bolt.App",
            f'Sending a message (session id: s-1, message: {{"envelope_id": "e-1", "payload": "{WORDS}"}})',
            "Sending a message (session id: s-1; message withheld)",
        ),
        (
            "slack_bolt.App",
            f"Sending a text data frame (session id: s-1, payload: {WORDS})",
            "Sending a text data frame (session id: s-1 (content withheld)",
        ),
        (
            "slack_bolt.App",
            f"Unhandled request ({{'type': 'view_submission', 'user': 'U0PIA', 'text': '{WORDS}'}})",
            "Unhandled request (content withheld)",
        ),
        ("slack_bolt.App", f"Received bytes: b'{WORDS}'", "Received bytes (content withheld)"),
        (
            "slack_bolt.App",
            "Checking listener: handle_card_button ...",
            "Checking listener: handle_card_button ...",
        ),
        (
            "slack_bolt.App",
            "A message dequeued (current queue size: 0)",
            "A message dequeued (current queue size: 0)",
        ),
    ],
)
def test_bodies_are_withheld_and_the_rest_kept(logger: str, line: str, expected: str) -> None:
    assert withhold(logger, line) == expected
    assert WORDS not in withhold(logger, line)


def test_our_own_lines_are_left_alone() -> None:
    record = logging.LogRecord("bot.serve", logging.INFO, __file__, 1, "listening on %s", ("{x}",), None)
    assert WithholdContent().filter(record)
    assert record.getMessage() == "listening on {x}"


@pytest.fixture
def fresh_root() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    yield root
    root.handlers, root.level = saved, level


def test_the_logging_configuration_installs_the_filter_on_the_root_handlers(
    fresh_root: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh_root.handlers = []  # as in a fresh process: pytest's own capture handlers go for this test
    _configure_logging(DatabaseSettings(database_url="sqlite://", log_level="DEBUG"))
    assert fresh_root.handlers
    assert all(any(isinstance(f, WithholdContent) for f in h.filters) for h in fresh_root.handlers)
    logging.getLogger("slack_sdk.webhook.client").debug("Sending a request - url: %s, body: %s", URL, WORDS)
    logged = capsys.readouterr().err
    assert "Sending a request to a response_url" in logged
    assert URL not in logged
    assert WORDS not in logged


def test_our_debug_line_names_the_request_never_its_sender_or_words() -> None:
    submission = {
        "type": "view_submission",
        "user": {"id": "U0PIA"},
        "view": {"callback_id": "assess_feedback", "state": {"values": {"b": {"v": {"value": WORDS}}}}},
        "response_urls": [URL],
    }
    command = {"command": "/coach", "text": WORDS, "user_id": "U0PIA", "response_url": URL}
    event = {"type": "event_callback", "event_id": "Ev1", "event": {"type": "message", "text": WORDS}}
    said = [describe(submission), describe(command), describe(event)]
    assert said == ["view_submission assess_feedback", "slash command /coach", "event message Ev1"]
    assert not any(WORDS in s or "U0PIA" in s or "hooks" in s for s in said)
