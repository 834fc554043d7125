"""chat.* through the real WebClient: shapes, errors, ts ordering, threads, edit history, DMs, ephemerals."""

from __future__ import annotations

import json
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import LocalSlack, Workspace
from tests.localslack.conftest import TEAM, TickClock


def fails(fn: object, *args: object, **kwargs: object) -> str:
    assert callable(fn)
    with pytest.raises(SlackApiError) as caught:
        fn(*args, **kwargs)
    return str(caught.value.response["error"])


def test_auth_test_and_token_errors(slack: LocalSlack, client: WebClient) -> None:
    me = client.auth_test()
    assert (me["team_id"], me["user_id"], me["bot_id"], me["team"]) == (TEAM, "UBOT", "BBOT", "Acme")
    assert me["url"].startswith("https://")
    assert fails(WebClient(base_url=slack.api_url, retry_handlers=[]).auth_test) == "not_authed"
    assert (
        fails(WebClient(token="xoxb-nope", base_url=slack.api_url, retry_handlers=[]).auth_test)
        == "invalid_auth"
    )
    assert fails(client.api_call, "chat.teleport") == "unknown_method"


def test_post_message_shape_and_strictly_increasing_ts(client: WebClient, ws: Workspace) -> None:
    first = client.chat_postMessage(channel="C_TEAM", text="hello")
    second = client.chat_postMessage(channel="C_TEAM", text="again")  # same clock instant
    assert first["channel"] == "C_TEAM"
    assert first["ts"] == "1795424400.000000"
    assert second["ts"] == "1795424400.000001"
    message = first["message"]
    assert message["text"] == "hello"
    assert (message["user"], message["bot_id"], message["team"], message["type"]) == (
        "UBOT",
        "BBOT",
        TEAM,
        "message",
    )
    assert [m.text for m in ws.messages("C_TEAM")] == ["hello", "again"]


def test_posting_to_a_user_id_lands_in_the_dm(client: WebClient, ws: Workspace) -> None:
    sent = client.chat_postMessage(channel="U_ANA", text="psst")
    opened = client.conversations_open(users="U_ANA")
    assert sent["channel"] == opened["channel"]["id"] == ws.dm_channel_id("U_ANA")
    assert sent["channel"].startswith("D")
    assert client.conversations_open(users="U_ANA")["channel"]["id"] == sent["channel"]
    assert [m.text for m in ws.dm_with("U_ANA")] == ["psst"]


def test_post_message_errors_change_nothing(client: WebClient, ws: Workspace) -> None:
    assert fails(client.chat_postMessage, channel="C_NOPE", text="x") == "channel_not_found"
    assert fails(client.chat_postMessage, channel="C_QUIET", text="x") == "not_in_channel"
    assert fails(client.chat_postMessage, channel="G_SECRET", text="x") == "channel_not_found"
    assert fails(client.chat_postMessage, channel="C_TEAM") == "no_text"
    assert fails(client.chat_postMessage, channel="C_TEAM", text="x" * 40_001) == "msg_too_long"
    many = [{"type": "divider"}] * 51
    assert fails(client.chat_postMessage, channel="C_TEAM", text="x", blocks=many) == "invalid_blocks"
    long_section = [{"type": "section", "text": {"type": "mrkdwn", "text": "y" * 3001}}]
    assert fails(client.chat_postMessage, channel="C_TEAM", text="x", blocks=long_section) == "invalid_blocks"
    assert fails(client.chat_postMessage, channel="C_TEAM", text="x", thread_ts="0") == "invalid_thread_ts"
    assert ws.all_messages("C_TEAM") == []


def test_blocks_as_json_text_and_threads(client: WebClient, ws: Workspace) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*card*"}}]
    parent = client.api_call("chat.postMessage", params={"channel": "C_TEAM", "blocks": json.dumps(blocks)})
    reply = client.chat_postMessage(channel="C_TEAM", text="r1", thread_ts=parent["ts"])
    nested = client.chat_postMessage(
        channel="C_TEAM", text="r2", thread_ts=reply["ts"]
    )  # joins the same thread
    assert reply["message"]["thread_ts"] == nested["message"]["thread_ts"] == parent["ts"]
    assert ws.message("C_TEAM", parent["ts"]).blocks == blocks  # type: ignore[union-attr]
    assert [m.text for m in ws.thread("C_TEAM", parent["ts"])] == ["r1", "r2"]
    assert [m.ts for m in ws.messages("C_TEAM")] == [parent["ts"]]
    replies = client.conversations_replies(channel="C_TEAM", ts=parent["ts"])
    assert [m["ts"] for m in replies["messages"]] == [parent["ts"], reply["ts"], nested["ts"]]
    assert replies["messages"][0]["reply_count"] == 2
    assert replies["has_more"] is False
    history = client.conversations_history(channel="C_TEAM")
    assert [m["ts"] for m in history["messages"]] == [parent["ts"]]
    assert history["response_metadata"]["next_cursor"] == ""
    assert fails(client.conversations_replies, channel="C_TEAM", ts="1.000001") == "thread_not_found"


def test_unknown_thread_ts_is_accepted_but_shows_nowhere(client: WebClient, ws: Workspace) -> None:
    sent = client.chat_postMessage(channel="C_TEAM", text="lost", thread_ts="1700000000.000100")
    assert sent["ok"]
    assert ws.messages("C_TEAM") == []
    assert [m.text for m in ws.all_messages("C_TEAM")] == ["lost"]


def test_reply_broadcast_shows_in_channel(client: WebClient, ws: Workspace) -> None:
    parent = client.chat_postMessage(channel="C_TEAM", text="p")
    client.chat_postMessage(channel="C_TEAM", text="b", thread_ts=parent["ts"], reply_broadcast=True)
    assert [m.text for m in ws.messages("C_TEAM")] == ["p", "b"]


def test_update_keeps_history_and_refuses_others(client: WebClient, ws: Workspace, clock: TickClock) -> None:
    ts = client.chat_postMessage(channel="C_TEAM", text="v1", blocks=[{"type": "divider"}])["ts"]
    clock.advance(1)
    updated = client.chat_update(channel="C_TEAM", ts=ts, text="v2")
    assert (updated["channel"], updated["ts"], updated["text"]) == ("C_TEAM", ts, "v2")
    client.chat_update(channel="C_TEAM", ts=ts, text="v3", blocks=[])
    message = ws.message("C_TEAM", ts)
    assert message is not None
    assert message.text == "v3"
    assert message.blocks is None
    assert [e["text"] for e in message.edits] == ["v1", "v2"]
    assert message.edits[1]["blocks"] == [{"type": "divider"}]  # text-only update kept the blocks
    theirs, _ = ws.post_message("U_ANA", "C_TEAM", "mine")
    assert fails(client.chat_update, channel="C_TEAM", ts=theirs, text="x") == "cant_update_message"
    assert fails(client.chat_update, channel="C_TEAM", ts="1.000000", text="x") == "message_not_found"


def test_delete(client: WebClient, ws: Workspace) -> None:
    ts = client.chat_postMessage(channel="C_TEAM", text="bye")["ts"]
    assert client.chat_delete(channel="C_TEAM", ts=ts).data == {"ok": True, "channel": "C_TEAM", "ts": ts}
    assert ws.messages("C_TEAM") == []
    assert ws.message("C_TEAM", ts) is None
    assert ws.all_messages("C_TEAM")[0].deleted
    assert fails(client.chat_delete, channel="C_TEAM", ts=ts) == "message_not_found"


def test_ephemerals(client: WebClient, ws: Workspace) -> None:
    sent = client.chat_postEphemeral(channel="C_TEAM", user="U_ANA", text="only you")
    assert set(sent.data) == {"ok", "message_ts"}
    assert fails(client.chat_postEphemeral, channel="C_TEAM", user="U_OUT", text="x") == "user_not_in_channel"
    assert fails(client.chat_postEphemeral, channel="C_TEAM", user="U_NONE", text="x") == "user_not_found"
    (only,) = ws.ephemerals(user_id="U_ANA")
    assert (only.text, only.channel_id, only.ts) == ("only you", "C_TEAM", sent["message_ts"])
    assert ws.ephemerals(user_id="U_BEN") == []
    assert ws.messages("C_TEAM") == []


def test_users_info_and_list(client: WebClient) -> None:
    user = client.users_info(user="U_ANA")["user"]
    assert (user["id"], user["name"], user["real_name"], user["tz"]) == (
        "U_ANA",
        "ana",
        "Ana Alves",
        "Europe/Lisbon",
    )
    assert user["tz_offset"] == 0  # Lisbon in November
    assert user["profile"]["real_name"] == "Ana Alves"
    assert user["team_id"] == TEAM
    assert client.users_info(user="U_BEN")["user"]["tz_offset"] == -8 * 3600
    assert fails(client.users_info, user="U_NONE") == "user_not_found"
    first = client.users_list(limit=2)
    rest = client.users_list(limit=2, cursor=first["response_metadata"]["next_cursor"])
    ids = [u["id"] for u in first["members"] + rest["members"]]
    assert ids == ["UBOT", "U_ANA", "U_BEN", "U_OUT"]
    assert rest["response_metadata"]["next_cursor"] == ""


def test_conversations_info_members_join(client: WebClient, ws: Workspace) -> None:
    info = client.conversations_info(channel="C_TEAM")["channel"]
    assert (info["id"], info["name"], info["is_member"], info["is_private"]) == (
        "C_TEAM",
        "team",
        True,
        False,
    )
    page = client.conversations_members(channel="C_TEAM", limit=2)
    assert page["members"] == ["U_ANA", "U_BEN"]
    assert page["response_metadata"]["next_cursor"]
    assert fails(client.conversations_info, channel="G_SECRET") == "channel_not_found"
    # The manifest does not ask for channels:join, so Slack refuses; granted, the method answers.
    assert fails(client.conversations_join, channel="C_QUIET") == "missing_scope"
    assert ws.scopes is not None
    ws.scopes.add("channels:join")
    assert fails(client.conversations_join, channel="G_SECRET") == "method_not_supported_for_channel_type"
    assert client.conversations_join(channel="C_QUIET")["channel"]["is_member"] is True
    assert client.chat_postMessage(channel="C_QUIET", text="hi")["ok"]


def test_get_with_query_token_works(slack: LocalSlack, ws: Workspace) -> None:
    with urllib.request.urlopen(f"{slack.api_url}auth.test?token=xoxb-local") as response:
        assert json.loads(response.read())["user_id"] == "UBOT"


def test_metadata_is_kept_and_shown_on_request(client: WebClient, clock: TickClock) -> None:
    metadata = {"event_type": "coachbot_message", "event_payload": {"key": "k1"}}
    parent = client.chat_postMessage(channel="C_TEAM", text="p", metadata=metadata)
    clock.advance(5)
    client.chat_postMessage(channel="C_TEAM", text="r", thread_ts=parent["ts"], metadata=metadata)
    assert parent["message"]["metadata"] == metadata
    assert "metadata" not in client.conversations_history(channel="C_TEAM")["messages"][0]
    shown = client.conversations_history(channel="C_TEAM", include_all_metadata=True)["messages"]
    assert shown[0]["metadata"] == metadata
    later = f"{clock.now().timestamp() - 1:.6f}"
    replies = client.conversations_replies(
        channel="C_TEAM", ts=parent["ts"], oldest=later, include_all_metadata=True
    )
    assert [m["text"] for m in replies["messages"]] == ["p", "r"]
    assert fails(client.chat_postMessage, channel="C_TEAM", text="x", metadata={"event_payload": {}}) == (
        "invalid_metadata_format"
    )
