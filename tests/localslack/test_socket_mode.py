"""Socket Mode in the local Slack: apps.connections.open, the hello, envelopes acked, disconnect and retry."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin.client import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from localslack import LocalSlack, Workspace
from tests.localslack.conftest import TEAM, TOKEN, Receiver
from tests.localslack.test_views import modal

APP_TOKEN = "xapp-1-A_LOCAL-local"


@pytest.fixture
def app_ws(ws: Workspace) -> Workspace:
    ws.app_token = APP_TOKEN
    ws.delivery_timeout = 5.0
    return ws


class App:
    """A Socket Mode app on slack_sdk's own builtin client; acks with whatever `answer` returns."""

    def __init__(self, slack: LocalSlack) -> None:
        self.requests: list[SocketModeRequest] = []
        self.answer: Any = lambda _request: None
        web = WebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])
        self.client = SocketModeClient(app_token=APP_TOKEN, web_client=web, auto_reconnect_enabled=True)
        self.client.socket_mode_request_listeners.append(self._on_request)  # type: ignore[arg-type]

    def _on_request(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        self.requests.append(request)
        payload = self.answer(request)
        client.send_socket_mode_response(SocketModeResponse(request.envelope_id, payload=payload))

    def close(self, slack: LocalSlack) -> None:
        """Slack drops the link first, then the client closes. Closed the other way round, slack_sdk's builtin
        client waits for its reader to give up the socket, which it holds through a 3 s read timeout; and its
        message loop polls its queue once a second, so a None (which it skips) wakes it at once."""
        self.client.auto_reconnect_enabled = False  # the dropped link must not bring a new one
        slack.sockets.stop()
        self.client.message_queue.put(None)
        self.client.close()


@pytest.fixture
def app(slack: LocalSlack, app_ws: Workspace) -> Iterator[App]:
    app = App(slack)
    app.client.connect()
    assert slack.sockets.wait_connected(TEAM, timeout=5)
    yield app
    app.close(slack)


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def open_url(slack: LocalSlack, token: str | None) -> dict[str, Any]:
    client = WebClient(token=token, base_url=slack.api_url, retry_handlers=[])
    try:
        return dict(client.apps_connections_open(app_token=token or "").data)  # type: ignore[arg-type]
    except SlackApiError as error:
        return dict(error.response.data)


def test_connections_open_wants_the_app_level_token(slack: LocalSlack, app_ws: Workspace) -> None:
    assert open_url(slack, TOKEN)["error"] == "not_allowed_token_type"
    assert open_url(slack, "xapp-1-unknown")["error"] == "invalid_auth"
    opened = open_url(slack, APP_TOKEN)
    assert opened["ok"] is True
    assert opened["url"].startswith("ws://127.0.0.1:")
    with pytest.raises(SlackApiError) as refused:
        WebClient(token=APP_TOKEN, base_url=slack.api_url).chat_postMessage(channel="C_TEAM", text="hi")
    assert refused.value.response["error"] == "not_allowed_token_type"


def test_link_says_hello_and_a_ticket_opens_one_link(slack: LocalSlack, app_ws: Workspace) -> None:
    url = open_url(slack, APP_TOKEN)["url"]
    with connect(url) as link:
        hello = json.loads(link.recv(timeout=5))
        assert hello["type"] == "hello"
        assert hello["num_connections"] == 1
        assert hello["connection_info"] == {"app_id": app_ws.app_id}
        link.ping()  # the client's keep-alive is answered
        with connect(url) as reused, pytest.raises(ConnectionClosed):
            reused.recv(timeout=5)


def test_slash_command_ack_payload_is_the_answer(app: App, app_ws: Workspace) -> None:
    app.answer = lambda _request: {"text": "Started!"}
    delivery = app_ws.slash_command("U_ANA", "C_TEAM", command="/assess", text="<@U_BEN> go")
    (request,) = app.requests
    assert request.type == "slash_commands"
    assert request.accepts_response_payload is True
    assert (request.payload["command"], request.payload["text"]) == ("/assess", "<@U_BEN> go")
    assert request.payload["response_url"].startswith("http://127.0.0.1:")
    assert (delivery.status, delivery.json) == (200, {"text": "Started!"})
    (shown,) = app_ws.ephemerals(user_id="U_ANA")
    assert (shown.text, shown.source) == ("Started!", "command")


def test_events_are_enveloped_and_a_bare_ack_is_an_empty_200(app: App, app_ws: Workspace) -> None:
    ts, delivery = app_ws.post_message("U_ANA", "C_TEAM", "hello team")
    assert (delivery.status, delivery.body) == (200, "")
    event = app.requests[-1]
    assert (event.type, event.accepts_response_payload) == ("events_api", False)
    assert event.payload["type"] == "event_callback"
    assert (event.payload["event"]["text"], event.payload["event"]["ts"]) == ("hello team", ts)
    app_ws.deliver_event({"type": "app_mention", "user": "U_ANA", "channel": "C_TEAM", "ts": ts})
    assert app.requests[-1].payload["event"]["type"] == "app_mention"


def test_view_submission_answer_rides_on_the_ack(app: App, app_ws: Workspace, client: WebClient) -> None:
    root = client.views_open(trigger_id=app_ws.issue_trigger("U_ANA"), view=modal())["view"]
    app.answer = lambda _request: {"response_action": "errors", "errors": {"name": "Too short"}}
    refused = app_ws.submit_view("U_ANA", root["id"], {"name": {"value": {"type": "plain_text_input"}}})
    request = app.requests[-1]
    assert (request.type, request.payload["type"]) == ("interactive", "view_submission")
    assert refused.json == {"response_action": "errors", "errors": {"name": "Too short"}}
    app.answer = lambda _request: {"response_action": "clear"}
    app_ws.submit_view("U_ANA", root["id"])
    assert app_ws.modal_stack("U_ANA") == []


def test_no_client_connected_says_so(app_ws: Workspace) -> None:
    app_ws.delivery_timeout = 0.3
    delivery = app_ws.slash_command("U_ANA", "C_TEAM", command="/assess")
    assert delivery.status == 0
    assert "Socket Mode: no client connected" in delivery.body


def test_no_request_url_and_no_app_token_says_so(ws: Workspace) -> None:
    delivery = ws.slash_command("U_ANA", "C_TEAM", command="/assess")
    assert delivery.status == 0
    assert "no request_url configured" in delivery.body


# slow: slack_sdk's client closes the old link only once its 3 s read timeout lets go of it
@pytest.mark.slow
def test_disconnect_refresh_requested_reconnects_and_loses_nothing(
    slack: LocalSlack, app: App, app_ws: Workspace
) -> None:
    assert slack.sockets.disconnect(TEAM, "refresh_requested") == 1
    # The client asks for a new URL, opens a new link, then closes the old one (it stops reading the old
    # one at once: an envelope sent there before the new link is up would miss its 3 s ack deadline).
    assert slack.sockets.wait_connected(TEAM, timeout=5, at_least=2)
    assert len(slack.calls_to("apps.connections.open")) == 2
    assert eventually(lambda: slack.sockets.connections(TEAM) == 1)
    app.answer = lambda _request: {"text": "still here"}
    delivery = app_ws.slash_command("U_ANA", "C_TEAM", command="/assess")
    assert (delivery.status, delivery.json) == (200, {"text": "still here"})


def test_a_link_dropped_before_ack_gets_the_envelope_again(slack: LocalSlack, app_ws: Workspace) -> None:
    got: list[dict[str, Any]] = []

    def drop_then_ack(first: ClientConnection) -> None:
        got.append(json.loads(first.recv(timeout=5)))
        first.close()  # gone without acking
        with connect(open_url(slack, APP_TOKEN)["url"]) as second:
            second.recv(timeout=5)  # hello
            envelope = json.loads(second.recv(timeout=5))
            got.append(envelope)
            second.send(json.dumps({"envelope_id": envelope["envelope_id"], "payload": {"text": "ok"}}))

    with connect(open_url(slack, APP_TOKEN)["url"]) as first:
        first.recv(timeout=5)  # hello
        worker = threading.Thread(target=drop_then_ack, args=(first,))
        worker.start()
        delivery = app_ws.slash_command("U_ANA", "C_TEAM", command="/assess")
        worker.join(timeout=10)
    assert (delivery.status, delivery.json) == (200, {"text": "ok"})
    assert [e["retry_attempt"] for e in got] == [0, 1]
    assert got[0]["envelope_id"] == got[1]["envelope_id"]


def test_link_disabled_is_said_on_the_link_which_slack_then_drops(
    slack: LocalSlack, app_ws: Workspace
) -> None:
    with connect(open_url(slack, APP_TOKEN)["url"]) as link:
        link.recv(timeout=5)  # hello
        assert app_ws.disable_socket_mode() == 1
        said = json.loads(link.recv(timeout=5))
        assert (said["type"], said["reason"]) == ("disconnect", "link_disabled")
        assert set(said["debug_info"]) == {"host"}
        with pytest.raises(ConnectionClosed):
            link.recv(timeout=5)


def test_with_socket_mode_off_slack_posts_to_the_request_url_again(
    slack: LocalSlack, app: App, app_ws: Workspace, receiver: Receiver
) -> None:
    app_ws.disable_socket_mode()
    # slack_sdk's client answers every disconnect by asking for a new URL and linking again.
    assert eventually(lambda: len(slack.calls_to("apps.connections.open")) == 2)
    receiver.respond = lambda _request: (200, '{"text": "over HTTP"}')
    delivery = app_ws.slash_command("U_ANA", "C_TEAM", command="/assess")
    assert (delivery.status, delivery.json) == (200, {"text": "over HTTP"})
    assert [r.form()["command"] for r in receiver.requests] == ["/assess"]
    assert app.requests == []  # nothing went over the socket
    app_ws.enable_socket_mode()
    assert eventually(lambda: slack.sockets.connections(TEAM) == 1)
    app.answer = lambda _request: {"text": "over the socket"}
    delivery = app_ws.slash_command("U_ANA", "C_TEAM", command="/assess")
    assert (delivery.json, len(receiver.requests)) == ({"text": "over the socket"}, 1)


def slow_first(seconds: float, answer: Any = None) -> Callable[[SocketModeRequest], Any]:
    """An app whose first envelope takes `seconds` to ack; later ones are acked at once."""
    seen: list[str] = []

    def respond(request: SocketModeRequest) -> Any:
        seen.append(request.envelope_id)
        if len(seen) == 1:
            time.sleep(seconds)
        return answer

    return respond


# slow: waits out Slack's real 3 s ack deadline
@pytest.mark.slow
def test_a_command_not_acked_within_3_seconds_fails_and_its_late_answer_is_lost(
    slack: LocalSlack, app: App, app_ws: Workspace
) -> None:
    app.answer = slow_first(3.5, {"text": "too late"})
    started = time.monotonic()
    delivery = app_ws.slash_command("U_ANA", "C_TEAM", command="/assess")
    assert 3.0 <= time.monotonic() - started < 3.5
    assert delivery.status == 0
    assert "no ack within 3s" in delivery.body
    time.sleep(0.7)  # the late ack arrives; nobody sees it
    assert app_ws.ephemerals(user_id="U_ANA") == []
    assert len(app.requests) == 1  # a command is not retried: the person sees an error
    assert [e["type"] for e in slack.sockets.missed_acks] == ["slash_commands"]


# slow: waits out Slack's real 3 s ack deadline
@pytest.mark.slow
def test_an_event_not_acked_within_3_seconds_is_retried_at_once(
    slack: LocalSlack, app: App, app_ws: Workspace
) -> None:
    app.answer = slow_first(3.5)
    _, delivery = app_ws.post_message("U_ANA", "C_TEAM", "hello team")
    assert delivery.status == 200
    first, retry = app.requests
    assert (first.retry_attempt, retry.retry_attempt, retry.retry_reason) == (0, 1, "timeout")
    assert first.envelope_id == retry.envelope_id
    assert retry.payload["event"]["text"] == "hello team"
    assert [e["retry_attempt"] for e in slack.sockets.missed_acks] == [0]


def never_acks(request: SocketModeRequest) -> None:
    raise RuntimeError("this app never acks")  # the listener fails before its ack is sent


def test_an_event_never_acked_is_tried_three_more_times_then_given_up(
    slack: LocalSlack, app: App, app_ws: Workspace
) -> None:
    slack.sockets.ack_seconds, slack.sockets.retry_delays = 0.2, (0.0, 0.1, 0.1)  # Slack's: 3 s; 0, 1, 5 min
    app.answer = never_acks
    _, delivery = app_ws.post_message("U_ANA", "C_TEAM", "anyone?")
    assert delivery.status == 0
    assert [e["retry_attempt"] for e in slack.sockets.missed_acks] == [0, 1, 2, 3]


def test_a_delivery_timeout_shorter_than_slacks_deadline_is_not_a_missed_ack(
    slack: LocalSlack, app: App, app_ws: Workspace
) -> None:
    app_ws.delivery_timeout = 0.5
    app.answer = never_acks
    delivery = app_ws.slash_command("U_ANA", "C_TEAM", command="/assess")
    assert (delivery.status, delivery.body) == (0, "not delivered: Socket Mode: no ack within 0.5s")
    assert slack.sockets.missed_acks == []
