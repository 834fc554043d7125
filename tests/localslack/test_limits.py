"""Rate limits by the fake clock, and injected faults: 429s, 500s and hangs that still take effect."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import Faults, LocalSlack, Workspace
from tests.localslack.conftest import TOKEN, TickClock


def status_of(call: object, **kwargs: object) -> int:
    assert callable(call)
    try:
        call(**kwargs)
    except SlackApiError as error:
        return int(error.response.status_code)
    return 200


def test_tier_3_update_limit_429_without_effect(client: WebClient, ws: Workspace, clock: TickClock) -> None:
    ts = client.chat_postMessage(channel="C_TEAM", text="v0")["ts"]
    for n in range(50):
        client.chat_update(channel="C_TEAM", ts=ts, text=f"v{n + 1}")
        clock.advance(0.5)
    with pytest.raises(SlackApiError) as caught:
        client.chat_update(channel="C_TEAM", ts=ts, text="too many")
    response = caught.value.response
    assert response.status_code == 429
    assert response["error"] == "ratelimited"
    assert (
        response.headers["Retry-After"] == "35"
    )  # the first update (t=0) leaves the window at t=60; now t=25
    assert ws.message("C_TEAM", ts).text == "v50"  # type: ignore[union-attr]
    clock.advance(35)
    assert client.chat_update(channel="C_TEAM", ts=ts, text="later")["ok"]


def test_post_message_burst_of_three_per_channel(client: WebClient, ws: Workspace, clock: TickClock) -> None:
    for n in range(3):
        client.chat_postMessage(channel="C_TEAM", text=f"m{n}")
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C_TEAM", text="m3")
    assert caught.value.response.status_code == 429
    assert int(caught.value.response.headers["Retry-After"]) >= 1
    assert client.chat_postMessage(channel="U_ANA", text="other channel")["ok"]
    assert len(ws.messages("C_TEAM")) == 3
    clock.advance(1)
    assert client.chat_postMessage(channel="C_TEAM", text="m3")["ok"]
    assert status_of(client.chat_postMessage, channel="C_TEAM", text="m4") == 429


def test_post_message_workspace_cap(client: WebClient, ws: Workspace, clock: TickClock) -> None:
    ws.set_limit("chat.postMessage", 5)
    channels = [f"C_{n}" for n in range(6)]
    for channel in channels:
        ws.add_channel(channel, channel.lower())
    assert [status_of(client.chat_postMessage, channel=c, text="x") for c in channels] == [200] * 5 + [429]


def test_set_limit_and_switching_limits_off(slack: LocalSlack, client: WebClient, ws: Workspace) -> None:
    ws.set_limit("users.info", 2)
    assert [status_of(client.users_info, user="U_ANA") for _ in range(3)] == [200, 200, 429]
    slack.limits_enabled = False
    assert status_of(client.users_info, user="U_ANA") == 200
    assert [c.status for c in slack.calls_to("users.info")] == [200, 200, 429, 200]


def test_users_list_is_tier_2(client: WebClient) -> None:
    assert [status_of(client.users_list) for _ in range(21)] == [200] * 20 + [429]


def _statuses(seed: int, clock: TickClock) -> list[int]:
    with LocalSlack(clock=clock) as slack:
        ws = slack.add_workspace(bot_token=TOKEN)
        ws.add_channel("C1", "one")
        slack.faults = Faults(
            rate_limit_ratio=0.3, server_error_ratio=0.2, methods={"chat.postMessage"}, seed=seed
        )
        client = WebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])
        out = []
        for _ in range(20):
            out.append(status_of(client.chat_postMessage, channel="C1", text="x"))
            clock.advance(1)
        ok = sum(1 for s in out if s == 200)
        assert len(ws.messages("C1")) == ok  # failed calls left no trace
        assert status_of(client.auth_test) == 200  # other methods are untouched
        return out


def test_faults_are_deterministic(clock: TickClock) -> None:
    first, again, other = _statuses(7, clock), _statuses(7, clock), _statuses(8, clock)
    assert first == again
    assert first != other
    assert {429, 500, 200} == set(first)


def test_forced_429_carries_retry_after(slack: LocalSlack, client: WebClient, ws: Workspace) -> None:
    slack.faults = Faults(rate_limit_ratio=1.0, retry_after=3)
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C_TEAM", text="x")
    assert caught.value.response.headers["Retry-After"] == "3"
    assert ws.messages("C_TEAM") == []


def test_server_error_has_no_effect(slack: LocalSlack, client: WebClient, ws: Workspace) -> None:
    slack.faults = Faults(server_error_ratio=1.0, methods={"conversations.open"})
    with pytest.raises(SlackApiError) as caught:
        client.conversations_open(users="U_ANA")
    assert caught.value.response.status_code == 500
    assert caught.value.response["error"] == "internal_error"
    assert ws.dm_with("U_ANA") == []


def test_a_hang_applies_the_call_but_the_client_times_out(slack: LocalSlack, ws: Workspace) -> None:
    slack.faults = Faults(hang_ratio=1.0, hang_seconds=0.6)
    client = WebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[], timeout=0.2)  # type: ignore[arg-type]
    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel="C_TEAM", text="did it go?")
    assert [m.text for m in ws.messages("C_TEAM")] == ["did it go?"]
