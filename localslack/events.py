"""Events API: what people do in Slack becomes state plus a signed event_callback to the app."""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

from localslack.model import Delivery, Json, Message
from localslack.signing import JSON, post, send
from localslack.socket_mode import envelope_for
from localslack.state import WorkspaceState


def rich_text(text: str) -> list[Json]:
    """The blocks Slack's clients attach to a typed message."""
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return [{"type": "rich_text", "block_id": uuid.uuid4().hex[:5], "elements": [section]}]


class WorkspaceEvents(WorkspaceState):
    def envelope(self, event: Json) -> Json:
        return {
            "token": "local-verification-token",
            "team_id": self.team_id,
            "context_team_id": self.team_id,
            **({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}),
            "context_enterprise_id": self.enterprise_id,
            "api_app_id": self.app_id,
            "event": event,
            "type": "event_callback",
            "event_id": "Ev" + uuid.uuid4().hex[:10].upper(),
            "event_time": int(self.epoch()),
            "authorizations": [
                {
                    "enterprise_id": self.enterprise_id,
                    "team_id": None if self.org_wide else self.team_id,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": self.org_wide,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": "4-" + uuid.uuid4().hex,
        }

    def deliver_event(self, event: Json) -> Delivery:
        """Wrap any event in an event_callback envelope and POST it, signed, to request_url."""
        with self.host.lock:
            body = json.dumps(self.envelope(event))
        return self._send(body, JSON)

    def redeliver(
        self, delivery_or_envelope: Delivery | Json, reason: str = "http_timeout", retry_num: int = 1
    ) -> Delivery:
        """Slack's retry: the same body, freshly signed, with X-Slack-Retry-Num and X-Slack-Retry-Reason."""
        if isinstance(delivery_or_envelope, Delivery):
            body, content_type = delivery_or_envelope.request_body, delivery_or_envelope.content_type or JSON
        else:
            body, content_type = json.dumps(delivery_or_envelope), JSON
        retry = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": reason}
        return self._send(body, content_type, retry)

    def replay(self, delivery: Delivery) -> Delivery:
        """Someone resends a request Slack signed, byte for byte with its signature, within the 5 minutes it
        stays valid. In Socket Mode the same payload arrives in a new envelope."""
        if self.app_token is not None and self.socket_mode_enabled:
            return self._send_over_socket(delivery.request_body, delivery.content_type or JSON, {})
        if not self.request_url or not delivery.request_headers:
            raise AssertionError("only a request delivered over HTTP can be replayed")
        headers = dict(delivery.request_headers)
        return post(
            self.request_url, delivery.request_body, delivery.content_type, headers, self.delivery_timeout
        )

    def disable_socket_mode(self) -> int:
        """Socket Mode turned off in the app settings: every link hears `link_disabled` and is dropped, and
        Slack posts to the request URL again. Returns how many links were told."""
        self.socket_mode_enabled = False
        return self.host.sockets.disconnect(self.team_id, "link_disabled")

    def enable_socket_mode(self) -> None:
        """Turned back on: deliveries go over the app's links again."""
        self.socket_mode_enabled = True

    def _send(self, body: str, content_type: str, extra: dict[str, str] | None = None) -> Delivery:
        if self.app_token is not None and self.socket_mode_enabled:
            return self._send_over_socket(body, content_type, extra or {})
        return send(self.request_url, body, content_type, self.signing_secret, self.delivery_timeout, extra)

    def _send_over_socket(self, body: str, content_type: str, extra: dict[str, str]) -> Delivery:
        """Socket Mode: the same request as an envelope; the ack's payload is the app's answer."""
        kind, payload = envelope_for(body, content_type)
        retry = (int(extra.get("X-Slack-Retry-Num", 0)), extra.get("X-Slack-Retry-Reason"))
        started = time.monotonic()
        ack, why_not = self.host.sockets.deliver(self.team_id, kind, payload, self.delivery_timeout, retry)
        elapsed = time.monotonic() - started
        if ack is None:
            return Delivery(0, f"not delivered: {why_not}", None, {}, body, content_type, elapsed)
        # An ack without a payload is an empty 200, as an HTTP app's bare ack() would be.
        text = json.dumps(ack) if ack else ""
        return Delivery(200, text, ack or None, {}, body, content_type, elapsed)

    def _subscribed(self, channel_id: str) -> bool:
        # The app only hears message events from conversations it is in.
        channel = self.channels.get(channel_id)
        return channel is not None and self.bot_user_id in channel.members

    def message_event(self, message: Message) -> Json:
        event = message.to_json()
        event.update(
            channel=message.channel,
            event_ts=message.ts,
            channel_type=self.channel(message.channel).channel_type,
        )
        if message.user and not message.bot_id:
            event["client_msg_id"] = str(uuid.uuid4())
        if message.is_reply:
            parent = self.find(message.channel, message.thread_ts or "")
            if parent is not None and parent.user:
                event["parent_user_id"] = parent.user
        return event

    def post_message(
        self, user_id: str, channel_id: str, text: str, thread_ts: str | None = None
    ) -> tuple[str, Delivery]:
        """A person (or another bot) posts; returns the new message's ts and the app's answer to the event."""
        with self.host.lock:
            user, channel = self.user(user_id), self.channel(channel_id)
            message = Message(
                channel=channel.id,
                ts=self.next_ts(),
                text=text,
                user=user.id,
                bot_id=user.bot_id,
                blocks=rich_text(text),
                thread_ts=self.thread_root(channel.id, thread_ts),
                team=self.team_id,
            )
            self.store(message)
            event = self.message_event(message)
        return message.ts, self._deliver_if_subscribed(channel.id, event)

    def _deliver_if_subscribed(self, channel_id: str, event: Json) -> Delivery:
        if not self._subscribed(channel_id):
            return Delivery(0, "not delivered: the app is not in this conversation", None, {})
        return self.deliver_event(event)

    def _existing(self, user_id: str, channel_id: str, ts: str) -> Message:
        message = self.find(channel_id, ts)
        if message is None:
            raise AssertionError(f"no message {ts} in {channel_id}")
        if message.user != user_id:
            raise AssertionError(f"{user_id} cannot change {message.user}'s message")
        return message

    def edit_message(self, user_id: str, channel_id: str, ts: str, text: str) -> Delivery:
        with self.host.lock:
            message = self._existing(user_id, channel_id, ts)
            previous = message.to_json()
            message.edits.append(previous)
            message.text, message.blocks = text, rich_text(text)
            message.edited = {"user": user_id, "ts": self.next_ts()}
            event = self._changed_event(message, previous)
        return self._deliver_if_subscribed(channel_id, event)

    def _changed_event(self, message: Message, previous: Json) -> Json:
        ts = self.next_ts()
        channel_type = self.channel(message.channel).channel_type
        return {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "channel": message.channel,
            "ts": ts,
            "event_ts": ts,
            "channel_type": channel_type,
            "message": message.to_json(),
            "previous_message": previous,
        }

    def delete_message(self, user_id: str, channel_id: str, ts: str) -> Delivery:
        with self.host.lock:
            message = self._existing(user_id, channel_id, ts)
            message.deleted = True
            now = self.next_ts()
            event = {
                "type": "message",
                "subtype": "message_deleted",
                "hidden": True,
                "channel": channel_id,
                "ts": now,
                "event_ts": now,
                "deleted_ts": ts,
                "channel_type": self.channel(channel_id).channel_type,
                "previous_message": message.to_json(),
            }
        return self._deliver_if_subscribed(channel_id, event)

    def open_home(self, user_id: str, tab: str = "home") -> Delivery:
        """The person opens the app's Home (or Messages) tab: app_home_opened."""
        with self.host.lock:
            event: Json = {
                "type": "app_home_opened",
                "user": self.user(user_id).id,
                "channel": self.dm_channel_id(user_id),
                "tab": tab,
                "event_ts": self.next_ts(),
            }
            home = self.home(user_id)
            if home is not None and tab == "home":
                event["view"] = home
        return self.deliver_event(event)

    def join_channel(self, user_id: str, channel_id: str) -> Delivery:
        """A person joins a channel: member_joined_channel, delivered if the app is in it."""
        with self.host.lock:
            channel = self.channel(channel_id)
            if user_id not in channel.members:
                channel.members.append(self.user(user_id).id)
            event = {
                "type": "member_joined_channel",
                "user": user_id,
                "channel": channel.id,
                "channel_type": "G" if channel.is_private else "C",
                "team": self.team_id,
                "event_ts": self.next_ts(),
            }
        return self._deliver_if_subscribed(channel_id, event)

    def echo_event(self, method: str, response: Any) -> Json | None:
        """The event Slack sends back for the bot's own post or edit (None unless echo_bot_messages)."""
        if not self.echo_bot_messages or not isinstance(response, dict) or not response.get("ok"):
            return None
        with self.host.lock:
            message = self.find(str(response.get("channel")), str(response.get("ts")))
            if message is None or not self._subscribed(message.channel):
                return None
            if method == "chat.update" and message.edits:
                return self._changed_event(message, message.edits[-1])
            return self.message_event(message)

    def echo_later(self, event: Json) -> None:
        threading.Thread(target=self._echo_now, args=(event,), name="localslack-echo", daemon=True).start()

    def _echo_now(self, event: Json) -> None:
        delivery = self.deliver_event(event)
        with self.host.lock:
            self.echo_deliveries.append(delivery)
