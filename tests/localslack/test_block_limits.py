"""The local Slack refuses what Slack refuses: Block Kit sizes in messages, modals and the Home tab."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import Workspace

Block = dict[str, Any]


def error(call: object, **kwargs: object) -> str:
    assert callable(call)
    with pytest.raises(SlackApiError) as caught:
        call(**kwargs)
    return str(caught.value.response["error"])


def plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}


def button(text: str, action_id: str = "go") -> Block:
    return {"type": "button", "action_id": action_id, "text": plain(text)}


def select(option_text: str) -> Block:
    option = {"text": plain(option_text), "value": "v"}
    return {"type": "static_select", "action_id": "pick", "options": [option]}


def text_input(**lengths: int) -> Block:
    element = {"type": "plain_text_input", "action_id": "value", **lengths}
    return {"type": "input", "block_id": "in", "label": plain("Text"), "element": element}


# (a block at Slack's limit, the same block one over it)
AT_AND_OVER: dict[str, tuple[Block, Block]] = {
    "section text": (
        {"type": "section", "text": mrkdwn("s" * 3000)},
        {"type": "section", "text": mrkdwn("s" * 3001)},
    ),
    "section field": (
        {"type": "section", "fields": [mrkdwn("f" * 2000)] * 10},
        {"type": "section", "fields": [mrkdwn("f" * 2001)]},
    ),
    "section fields count": (
        {"type": "section", "fields": [mrkdwn("f")] * 10},
        {"type": "section", "fields": [mrkdwn("f")] * 11},
    ),
    "context text": (
        {"type": "context", "elements": [mrkdwn("c" * 3000)]},
        {"type": "context", "elements": [mrkdwn("c" * 3001)]},
    ),
    "context elements": (
        {"type": "context", "elements": [mrkdwn("c")] * 10},
        {"type": "context", "elements": [mrkdwn("c")] * 11},
    ),
    "header": ({"type": "header", "text": plain("h" * 150)}, {"type": "header", "text": plain("h" * 151)}),
    "header markup": ({"type": "header", "text": plain("h")}, {"type": "header", "text": mrkdwn("h")}),
    "button text": (
        {"type": "actions", "elements": [button("b" * 75)]},
        {"type": "actions", "elements": [button("b" * 76)]},
    ),
    "accessory button": (
        {"type": "section", "text": mrkdwn("x"), "accessory": button("b" * 75)},
        {"type": "section", "text": mrkdwn("x"), "accessory": button("b" * 76)},
    ),
    "option text": (
        {"type": "actions", "elements": [select("o" * 75)]},
        {"type": "actions", "elements": [select("o" * 76)]},
    ),
}


@pytest.mark.parametrize("case", sorted(AT_AND_OVER))
def test_messages_take_blocks_at_the_limit_and_refuse_one_over(
    case: str, client: WebClient, ws: Workspace
) -> None:
    at, over = AT_AND_OVER[case]
    assert client.chat_postMessage(channel="C_TEAM", text="x", blocks=[at])["ok"]
    assert error(client.chat_postMessage, channel="C_TEAM", text="x", blocks=[over]) == "invalid_blocks"
    ts = ws.messages("C_TEAM")[0].ts
    assert error(client.chat_update, channel="C_TEAM", ts=ts, text="x", blocks=[over]) == "invalid_blocks"
    refused = error(client.chat_postEphemeral, channel="C_TEAM", user="U_ANA", text="x", blocks=[over])
    assert refused == "invalid_blocks"
    assert len(ws.all_messages("C_TEAM")) == 1


def test_text_over_40000_is_msg_too_long_everywhere(client: WebClient, ws: Workspace) -> None:
    assert client.chat_postMessage(channel="C_TEAM", text="x" * 40_000)["ok"]
    ts = ws.messages("C_TEAM")[0].ts
    long = "x" * 40_001
    assert error(client.chat_postMessage, channel="C_TEAM", text=long) == "msg_too_long"
    assert error(client.chat_update, channel="C_TEAM", ts=ts, text=long) == "msg_too_long"
    assert error(client.chat_postEphemeral, channel="C_TEAM", user="U_ANA", text=long) == "msg_too_long"


def modal(blocks: list[Block], title: str = "Plan", **extra: object) -> dict[str, object]:
    return {"type": "modal", "callback_id": "c", "title": plain(title), "blocks": blocks, **extra}


def home(blocks: list[Block]) -> dict[str, object]:
    return {"type": "home", "blocks": blocks}


def test_views_take_100_blocks_and_refuse_101(client: WebClient, ws: Workspace) -> None:
    hundred = [{"type": "divider"}] * 100
    over = [{"type": "divider"}] * 101
    assert client.views_publish(user_id="U_ANA", view=home(hundred))["ok"]
    assert error(client.views_publish, user_id="U_ANA", view=home(over)) == "invalid_arguments"
    opened = client.views_open(trigger_id=ws.issue_trigger("U_ANA"), view=modal(hundred))["view"]
    assert error(client.views_update, view_id=opened["id"], view=modal(over)) == "invalid_arguments"
    pushed = error(client.views_push, trigger_id=ws.issue_trigger("U_ANA"), view=modal(over))
    assert pushed == "invalid_arguments"
    refused = error(client.views_open, trigger_id=ws.issue_trigger("U_BEN"), view=modal(over))
    assert refused == "invalid_arguments"


@pytest.mark.parametrize(
    ("spec", "ok"),
    [
        (modal([], title="t" * 24), True),
        (modal([], title="t" * 25), False),
        (modal([], submit=plain("s" * 25)), False),
        (modal([], close=plain("c" * 25)), False),
        (modal([], title="t", submit=mrkdwn("Save")), False),
        ({**modal([]), "callback_id": "c" * 256}, False),
        ({**modal([]), "external_id": "e" * 255}, True),
        ({**modal([]), "external_id": "e" * 256}, False),
        (modal([text_input(max_length=3000)]), True),
        (modal([text_input(max_length=3001)]), False),
        (modal([text_input(max_length=0)]), False),
        (modal([text_input(min_length=10, max_length=5)]), False),
        (modal([{"type": "context", "elements": [mrkdwn("c")] * 11}]), False),
        (modal([{"type": "section", "text": mrkdwn("s" * 3001)}]), False),
    ],
)
def test_modal_titles_inputs_and_blocks_are_checked(
    spec: dict[str, object], ok: bool, client: WebClient, ws: Workspace
) -> None:
    trigger = ws.issue_trigger("U_ANA")
    if ok:
        assert client.views_open(trigger_id=trigger, view=spec)["ok"]
    else:
        assert error(client.views_open, trigger_id=trigger, view=spec) == "invalid_arguments"


def test_a_view_over_250_kb_is_view_too_large(client: WebClient, ws: Workspace) -> None:
    # 99 sections of 2,900 characters fit the block limits; their JSON is about 290 kB.
    big = [{"type": "section", "text": mrkdwn("x" * 2900)}] * 99
    small = [{"type": "section", "text": mrkdwn("x" * 2400)}] * 99  # about 240 kB
    assert client.views_publish(user_id="U_ANA", view=home(small))["ok"]
    assert error(client.views_publish, user_id="U_ANA", view=home(big)) == "view_too_large"
    refused = error(client.views_open, trigger_id=ws.issue_trigger("U_BEN"), view=modal(big))
    assert refused == "view_too_large"


@pytest.mark.parametrize(("label", "ok"), [("a" * 75, True), ("a" * 76, False), ("", False)])
def test_a_button_s_accessibility_label_is_1_to_75_characters(
    client: WebClient, ws: Workspace, label: str, ok: bool
) -> None:
    button = {"type": "button", "action_id": "a", "text": plain("1"), "accessibility_label": label}
    blocks = [{"type": "actions", "elements": [button]}]
    if ok:
        assert client.chat_postMessage(channel="C_TEAM", text="t", blocks=blocks)["ok"]
        assert client.views_publish(user_id="U_ANA", view=home(blocks))["ok"]
    else:
        assert error(client.chat_postMessage, channel="C_TEAM", text="t", blocks=blocks) == "invalid_blocks"
        assert error(client.views_publish, user_id="U_ANA", view=home(blocks)) == "invalid_arguments"
