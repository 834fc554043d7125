"""A send to a workspace whose token is gone (not installed, revoked, expired, not refreshed) is held and
tried again later, never failed into an error for the person it concerns."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError, SlackTokenRotationError
from slack_sdk.web import SlackResponse

from bot.slack.errors import HELD_FOR, classify
from bot.slack.tokens import NotInstalled


def slack_error(code: str) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.com/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": code},
        headers={},
        status_code=200,
    )
    return SlackApiError(code, response)  # type: ignore[no-untyped-call]


@pytest.mark.parametrize(
    "exc",
    [
        NotInstalled("T0GONE"),
        slack_error("invalid_auth"),
        slack_error("token_revoked"),
        slack_error("token_expired"),
        slack_error("account_inactive"),
        SlackTokenRotationError(slack_error("invalid_refresh_token")),
    ],
)
def test_a_send_without_a_working_token_is_held(exc: Exception) -> None:
    failure = classify(exc)
    assert not failure.permanent
    assert failure.retry_after == HELD_FOR  # a wait, like a 429: it never counts towards giving up


def test_other_refusals_stay_definite() -> None:
    assert classify(slack_error("channel_not_found")).permanent
