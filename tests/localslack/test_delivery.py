"""Signed requests to the app: slash commands, response URLs, events, redelivery, echoes, clicks."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient

from localslack import Workspace
from tests.localslack.conftest import TEAM, Receiver, TickClock

CARD: list[dict[str, Any]] = [
    {"type": "section", "block_id": "b1", "text": {"type": "mrkdwn", "text": "*Round*"}},
    {
        "type": "actions",
        "block_id": "b2",
        "elements": [
            {
                "type": "button",
                "action_id": "pause",
                "text": {"type": "plain_text", "text": "Pause"},
                "value": "r-7",
            },
            {"type": "button", "action_id": "stop", "text": {"type": "plain_text", "text": "Stop"}},
        ],
    },
]


def post_json(url: str, body: object) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.status, json.loads(response.read())


def test_slash_command_is_signed_form_and_its_answer_is_an_ephemeral(
    ws: Workspace, receiver: Receiver
) -> None:
    receiver.respond = lambda _r: (200, json.dumps({"text": "Started!"}))
    delivery = ws.slash_command("U_ANA", "C_TEAM", command="/assess", text="<@U_BEN> go")
    (request,) = receiver.requests
    assert request.valid
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    form = request.form()
    assert form["command"] == "/assess"
    assert (form["text"], form["user_id"], form["user_name"]) == ("<@U_BEN> go", "U_ANA", "ana")
    assert (form["team_id"], form["channel_id"], form["channel_name"]) == (TEAM, "C_TEAM", "team")
    assert form["response_url"].startswith("http://127.0.0.1:")
    assert form["trigger_id"]
    assert delivery.status == 200
    assert delivery.json == {"text": "Started!"}
    (shown,) = ws.ephemerals(user_id="U_ANA")
    assert (shown.text, shown.channel_id, shown.source) == ("Started!", "C_TEAM", "command")


def test_response_url_ephemeral_in_channel_replace_and_five_uses(ws: Workspace, receiver: Receiver) -> None:
    ws.slash_command("U_ANA", "C_TEAM")
    url = receiver.requests[0].form()["response_url"]
    assert post_json(url, {"text": "working…"}) == (200, {"ok": True})
    assert post_json(url, {"text": "done", "replace_original": True})[0] == 200
    (reply,) = ws.ephemerals(user_id="U_ANA")
    assert reply.text == "done"
    assert [e["text"] for e in reply.edits] == ["working…"]
    post_json(url, {"text": "everyone sees", "response_type": "in_channel"})
    assert [(m.text, m.bot_id) for m in ws.messages("C_TEAM")] == [("everyone sees", "BBOT")]
    post_json(url, {"delete_original": True})
    assert ws.ephemerals(user_id="U_ANA") == []
    post_json(url, {"text": "fifth"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        post_json(url, {"text": "sixth"})
    assert refused.value.code == 404


def test_post_message_event_and_redelivery(ws: Workspace, receiver: Receiver, clock: TickClock) -> None:
    parent, _ = ws.post_message("U_BEN", "C_TEAM", "parent")
    ts, delivery = ws.post_message("U_ANA", "C_TEAM", "hello <@U_BEN>", thread_ts=parent)
    assert delivery.status == 200
    envelope = receiver.requests[-1].event()
    assert receiver.requests[-1].valid
    assert envelope["type"] == "event_callback"
    assert envelope["team_id"] == TEAM
    assert envelope["event_id"].startswith("Ev")
    assert envelope["authorizations"][0]["user_id"] == "UBOT"
    assert envelope["event_time"] == int(clock.now().timestamp())
    event = envelope["event"]
    assert (event["type"], event["channel"], event["user"], event["text"]) == (
        "message",
        "C_TEAM",
        "U_ANA",
        "hello <@U_BEN>",
    )
    assert (event["ts"], event["event_ts"], event["thread_ts"]) == (ts, ts, parent)
    assert (event["channel_type"], event["team"], event["parent_user_id"]) == ("channel", TEAM, "U_BEN")
    assert [m.text for m in ws.thread("C_TEAM", parent)] == ["hello <@U_BEN>"]
    again = ws.redeliver(delivery, reason="http_timeout", retry_num=2)
    assert again.status == 200
    retry = receiver.requests[-1]
    assert retry.body == receiver.requests[-2].body
    assert retry.valid
    assert (retry.headers["x-slack-retry-num"], retry.headers["x-slack-retry-reason"]) == (
        "2",
        "http_timeout",
    )


def test_no_delivery_where_the_app_is_not_a_member(ws: Workspace, receiver: Receiver) -> None:
    ts, delivery = ws.post_message("U_ANA", "C_QUIET", "psst")
    assert delivery.status == 0
    assert receiver.requests == []
    assert [m.ts for m in ws.messages("C_QUIET")] == [ts]


def test_edit_and_delete_events(ws: Workspace, receiver: Receiver) -> None:
    ts, _ = ws.post_message("U_ANA", "C_TEAM", "typo")
    ws.edit_message("U_ANA", "C_TEAM", ts, "fixed")
    changed = receiver.requests[-1].event()["event"]
    assert (changed["subtype"], changed["hidden"]) == ("message_changed", True)
    assert (changed["message"]["text"], changed["previous_message"]["text"]) == ("fixed", "typo")
    assert changed["message"]["edited"]["user"] == "U_ANA"
    ws.delete_message("U_ANA", "C_TEAM", ts)
    deleted = receiver.requests[-1].event()["event"]
    assert (deleted["subtype"], deleted["deleted_ts"]) == ("message_deleted", ts)
    assert deleted["previous_message"]["text"] == "fixed"
    assert ws.messages("C_TEAM") == []


def test_bot_posts_echo_back_with_bot_id(ws: Workspace, receiver: Receiver, client: WebClient) -> None:
    client.chat_postMessage(channel="C_TEAM", text="quiet")
    ws.echo_bot_messages = True
    sent = client.chat_postMessage(channel="C_TEAM", text="loud")
    client.chat_update(channel="C_TEAM", ts=sent["ts"], text="louder")
    deadline = time.monotonic() + 3
    while len(receiver.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    events = sorted((r.event()["event"] for r in receiver.requests), key=lambda e: e["event_ts"])
    assert [(e.get("subtype"), e.get("bot_id") or e["message"]["bot_id"]) for e in events] == [
        (None, "BBOT"),
        ("message_changed", "BBOT"),
    ]
    assert events[0]["text"] == "loud"


def test_click_button_finds_the_element_and_its_value(
    ws: Workspace, receiver: Receiver, client: WebClient
) -> None:
    ts = client.chat_postMessage(channel="C_TEAM", text="card", blocks=CARD)["ts"]
    ws.click_button("U_BEN", "C_TEAM", ts, "pause")
    request = receiver.requests[-1]
    assert request.valid
    payload = request.payload()
    assert payload["type"] == "block_actions"
    assert payload["user"] == {"id": "U_BEN", "username": "ben", "name": "ben", "team_id": TEAM}
    assert payload["container"] == {
        "type": "message",
        "message_ts": ts,
        "channel_id": "C_TEAM",
        "is_ephemeral": False,
    }
    assert payload["message"]["blocks"] == CARD
    assert payload["channel"] == {"id": "C_TEAM", "name": "team"}
    (action,) = payload["actions"]
    assert (action["action_id"], action["block_id"], action["value"], action["type"]) == (
        "pause",
        "b2",
        "r-7",
        "button",
    )
    assert payload["trigger_id"]
    assert payload["response_url"]
    ws.click_button("U_BEN", "C_TEAM", ts, "stop", value="now")
    assert receiver.requests[-1].payload()["actions"][0]["value"] == "now"
    with pytest.raises(AssertionError, match=r"available: \['pause', 'stop'\]"):
        ws.click_button("U_BEN", "C_TEAM", ts, "resume")


def test_button_response_url_replaces_the_message(
    ws: Workspace, receiver: Receiver, client: WebClient
) -> None:
    ts = client.chat_postMessage(channel="C_TEAM", text="card", blocks=CARD)["ts"]
    ws.click_button("U_BEN", "C_TEAM", ts, "pause")
    post_json(receiver.requests[-1].payload()["response_url"], {"replace_original": True, "text": "paused"})
    message = ws.message("C_TEAM", ts)
    assert message is not None
    assert message.text == "paused"
    assert message.blocks is None
    assert message.edits[-1]["text"] == "card"


def test_unreachable_app_is_a_failed_delivery(ws: Workspace) -> None:
    ws.request_url = "http://127.0.0.1:9/slack/events"
    _, delivery = ws.post_message("U_ANA", "C_TEAM", "anyone?")
    assert delivery.status == 0


def test_ephemeral_button_and_its_response_url(ws: Workspace, receiver: Receiver, client: WebClient) -> None:
    client.chat_postEphemeral(channel="C_TEAM", user="U_ANA", text="choose", blocks=CARD)
    (shown,) = ws.ephemerals(user_id="U_ANA")
    ws.click_ephemeral_button("U_ANA", shown, "stop")
    payload = receiver.requests[-1].payload()
    assert payload["container"]["is_ephemeral"] is True
    assert "message" not in payload
    post_json(payload["response_url"], {"replace_original": True, "text": "stopped"})
    (after,) = ws.ephemerals(user_id="U_ANA")
    assert after.text == "stopped"
    post_json(payload["response_url"], {"delete_original": True})
    assert ws.ephemerals(user_id="U_ANA") == []
    with pytest.raises(AssertionError):
        ws.click_ephemeral_button("U_BEN", shown, "stop")


def test_a_plain_text_command_answer_reads_as_text(ws: Workspace, receiver: Receiver) -> None:
    receiver.respond = lambda _r: (200, "Usage: /assess @someone")
    delivery = ws.slash_command("U_BEN", "C_TEAM", text="help")
    assert delivery.body == "Usage: /assess @someone"
    assert delivery.json == {"text": "Usage: /assess @someone"}
    assert [e.text for e in ws.ephemerals(user_id="U_BEN")] == ["Usage: /assess @someone"]
