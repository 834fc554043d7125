"""views.* with single-use, 3-second trigger ids; modal stacks driven by view_submission answers."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import Workspace
from tests.localslack.conftest import Received, Receiver, TickClock


def modal(title: str = "New", callback_id: str = "new", **extra: object) -> dict[str, object]:
    blocks = [
        {
            "type": "input",
            "block_id": "name",
            "label": {"type": "plain_text", "text": "Name"},
            "element": {"type": "plain_text_input", "action_id": "value"},
        },
        {
            "type": "actions",
            "block_id": "more",
            "elements": [
                {"type": "button", "action_id": "add", "text": {"type": "plain_text", "text": "Add"}}
            ],
        },
    ]
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "private_metadata": "meta",
        "blocks": blocks,
        **extra,
    }


def error(call: object, **kwargs: object) -> str:
    assert callable(call)
    with pytest.raises(SlackApiError) as caught:
        call(**kwargs)
    return str(caught.value.response["error"])


def test_views_open_shape_and_trigger_rules(client: WebClient, ws: Workspace, clock: TickClock) -> None:
    trigger = ws.issue_trigger("U_ANA")
    view = client.views_open(trigger_id=trigger, view=modal())["view"]
    assert view["id"].startswith("V")
    assert (view["callback_id"], view["private_metadata"], view["state"]) == ("new", "meta", {"values": {}})
    assert view["hash"]
    assert view["root_view_id"] == view["id"]
    assert [v["id"] for v in ws.views("U_ANA")] == [view["id"]]
    assert error(client.views_open, trigger_id=trigger, view=modal()) == "exchanged_trigger_id"
    assert error(client.views_open, trigger_id="nope", view=modal()) == "invalid_trigger_id"
    late = ws.issue_trigger("U_ANA")
    clock.advance(3.5)
    assert error(client.views_open, trigger_id=late, view=modal()) == "expired_trigger_id"
    assert len(ws.views("U_ANA")) == 1


def test_invalid_view_does_not_use_the_trigger(client: WebClient, ws: Workspace) -> None:
    trigger = ws.issue_trigger("U_ANA")
    assert error(client.views_open, trigger_id=trigger, view=modal(title="x" * 25)) == "invalid_arguments"
    assert client.views_open(trigger_id=trigger, view=modal())["ok"]


def test_update_push_and_publish(client: WebClient, ws: Workspace) -> None:
    root = client.views_open(trigger_id=ws.issue_trigger("U_ANA"), view=modal(external_id="ext-1"))["view"]
    updated = client.views_update(view_id=root["id"], hash=root["hash"], view=modal(title="Renamed"))["view"]
    assert updated["id"] == root["id"]
    assert updated["hash"] != root["hash"]
    assert updated["title"]["text"] == "Renamed"
    assert error(client.views_update, view_id=root["id"], hash=root["hash"], view=modal()) == "hash_conflict"
    assert client.views_update(external_id="ext-1", view=modal(title="Again"))["view"]["id"] == root["id"]
    assert error(client.views_update, view_id="V_NONE", view=modal()) == "not_found"
    pushed = client.views_push(trigger_id=ws.issue_trigger("U_ANA"), view=modal(title="Second"))["view"]
    assert (pushed["previous_view_id"], pushed["root_view_id"]) == (root["id"], root["id"])
    client.views_push(trigger_id=ws.issue_trigger("U_ANA"), view=modal(title="Third"))
    assert (
        error(client.views_push, trigger_id=ws.issue_trigger("U_ANA"), view=modal()) == "push_limit_reached"
    )
    assert [v["title"]["text"] for v in ws.modal_stack("U_ANA")] == ["Again", "Second", "Third"]
    home = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]}
    published = client.views_publish(user_id="U_BEN", view=home)["view"]
    assert ws.home("U_BEN") == published
    assert error(client.views_publish, user_id="U_NONE", view=home) == "user_not_found"


def answering(answer: dict[str, object] | None) -> object:
    def respond(_request: Received) -> tuple[int, str]:
        return 200, json.dumps(answer) if answer is not None else ""

    return respond


def test_submit_view_applies_response_actions(client: WebClient, ws: Workspace, receiver: Receiver) -> None:
    root = client.views_open(trigger_id=ws.issue_trigger("U_ANA"), view=modal())["view"]
    values = {"name": {"value": {"type": "plain_text_input", "value": "Ops"}}}
    receiver.respond = answering({"response_action": "errors", "errors": {"name": "Too short"}})  # type: ignore[assignment]
    refused = ws.submit_view("U_ANA", root["id"], values)
    payload = receiver.requests[-1].payload()
    assert receiver.requests[-1].valid
    assert payload["type"] == "view_submission"
    assert payload["view"]["state"] == {"values": values}
    assert (payload["view"]["callback_id"], payload["view"]["private_metadata"]) == ("new", "meta")
    assert refused.json == {"response_action": "errors", "errors": {"name": "Too short"}}
    assert len(ws.modal_stack("U_ANA")) == 1
    receiver.respond = answering({"response_action": "update", "view": modal(title="Step 2")})  # type: ignore[assignment]
    ws.submit_view("U_ANA", root["id"], values)
    assert [v["title"]["text"] for v in ws.modal_stack("U_ANA")] == ["Step 2"]
    receiver.respond = answering({"response_action": "push", "view": modal(title="Step 3")})  # type: ignore[assignment]
    ws.submit_view("U_ANA", root["id"], values)
    top = ws.modal_stack("U_ANA")[-1]
    receiver.respond = answering(None)  # type: ignore[assignment]
    ws.submit_view("U_ANA", top["id"], values)
    assert [v["title"]["text"] for v in ws.modal_stack("U_ANA")] == ["Step 2"]
    receiver.respond = answering({"response_action": "clear"})  # type: ignore[assignment]
    ws.submit_view("U_ANA", root["id"], values)
    assert ws.modal_stack("U_ANA") == []
    with pytest.raises(AssertionError, match="not open"):
        ws.submit_view("U_ANA", root["id"], values)


def test_view_buttons_and_close(client: WebClient, ws: Workspace, receiver: Receiver) -> None:
    root = client.views_open(trigger_id=ws.issue_trigger("U_ANA"), view=modal(notify_on_close=True))["view"]
    ws.click_view_button("U_ANA", root["id"], "add")
    payload = receiver.requests[-1].payload()
    assert payload["container"] == {"type": "view", "view_id": root["id"]}
    assert payload["view"]["id"] == root["id"]
    assert payload["actions"][0]["action_id"] == "add"
    closed = ws.close_view("U_ANA", root["id"])
    assert closed is not None
    assert receiver.requests[-1].payload()["type"] == "view_closed"
    assert ws.modal_stack("U_ANA") == []
    home = {"type": "home", "blocks": modal()["blocks"]}
    client.views_publish(user_id="U_BEN", view=home)
    ws.click_home_button("U_BEN", "add")
    assert receiver.requests[-1].payload()["view"]["type"] == "home"
    ws.open_home("U_BEN")
    opened = receiver.requests[-1].event()["event"]
    assert (opened["type"], opened["tab"], opened["view"]["type"]) == ("app_home_opened", "home", "home")


def test_a_trigger_from_a_click_opens_a_modal(client: WebClient, ws: Workspace, receiver: Receiver) -> None:
    ws.slash_command("U_ANA", "C_TEAM", command="/coach", text="new")
    trigger = receiver.requests[-1].form()["trigger_id"]
    assert client.views_open(trigger_id=trigger, view=modal())["ok"]
