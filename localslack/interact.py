"""Interactivity: button clicks and modal submissions, signed and POSTed to the app."""

from __future__ import annotations

import copy

from localslack.api_conv import message_json
from localslack.api_views import MAX_STACK, build_view, open_modal
from localslack.api_views import _spec as view_spec
from localslack.commands import WorkspaceCommands
from localslack.model import Delivery, Ephemeral, Json, SlackError, User


def find_action(blocks: list[Json] | None, action_id: str) -> tuple[str, Json]:
    """(block_id, element) of the interactive element with this action_id, or a helpful AssertionError."""
    found: list[tuple[str, Json]] = []
    for block in blocks or []:
        elements = list(block.get("elements") or [])
        for key in ("accessory", "element"):
            if isinstance(block.get(key), dict):
                elements.append(block[key])
        found += [
            (str(block.get("block_id", "")), e) for e in elements if isinstance(e, dict) and "action_id" in e
        ]
    for block_id, element in found:
        if element["action_id"] == action_id:
            return block_id, element
    available = [e["action_id"] for _, e in found]
    raise AssertionError(f"no element with action_id {action_id!r}; available: {available}")


class WorkspaceInteractions(WorkspaceCommands):
    # -- block_actions ---------------------------------------------------------------------------------------
    def _action(self, block_id: str, element: Json, value: str | None) -> Json:
        action: Json = {
            "action_id": element["action_id"],
            "block_id": block_id,
            "type": element.get("type", "button"),
            # Distinct for every press, as Slack's are, even while a test's clock stands still.
            "action_ts": self.next_ts(),
        }
        if element.get("text") is not None:
            action["text"] = copy.deepcopy(element["text"])
        chosen = value if value is not None else element.get("value")
        options = element.get("options") or []
        picked = [o for o in options if isinstance(o, dict) and o.get("value") == chosen]
        if picked:
            action["selected_option"] = copy.deepcopy(picked[0])
        elif chosen is not None:
            action["value"] = chosen
        return action

    def _actions_payload(self, user: User, block_id: str, element: Json, value: str | None) -> Json:
        return {
            "type": "block_actions",
            "user": self._user_json(user),
            "api_app_id": self.app_id,
            "token": "local-verification-token",
            "trigger_id": self.issue_trigger(user.id),
            "team": {"id": self.team_id, "domain": self.domain},
            "enterprise": self.enterprise_json(),
            "is_enterprise_install": self.org_wide,
            "state": {"values": {}},
            "actions": [self._action(block_id, element, value)],
        }

    def click_button(
        self, user_id: str, channel_id: str, message_ts: str, action_id: str, value: str | None = None
    ) -> Delivery:
        """A person clicks an element of a message, looked up in the message's current blocks."""
        with self.host.lock:
            user, channel = self.user(user_id), self.channel(channel_id)
            message = self.find(channel.id, message_ts)
            if message is None:
                raise AssertionError(f"no message {message_ts} in {channel_id}")
            block_id, element = find_action(message.blocks, action_id)
            payload = self._actions_payload(user, block_id, element, value)
            payload.update(
                container={
                    "type": "message",
                    "message_ts": message.ts,
                    "channel_id": channel.id,
                    "is_ephemeral": False,
                },
                channel={"id": channel.id, "name": "directmessage" if channel.is_im else channel.name},
                message=message_json(self, message),
                response_url=self.issue_response_url(user.id, channel.id, message.ts),
            )
        return self._post_payload(payload)

    def click_ephemeral_button(
        self, user_id: str, ephemeral: Ephemeral, action_id: str, value: str | None = None
    ) -> Delivery:
        """A click on a message only this person sees; its response_url can replace or delete it."""
        with self.host.lock:
            user, channel = self.user(user_id), self.channel(ephemeral.channel_id)
            if ephemeral.user_id != user.id or ephemeral.deleted:
                raise AssertionError(f"{user_id} cannot see ephemeral {ephemeral.ts}")
            block_id, element = find_action(ephemeral.blocks, action_id)
            payload = self._actions_payload(user, block_id, element, value)
            url = self.issue_response_url(user.id, channel.id, ephemeral.ts, is_ephemeral=True)
            self.response_urls[url.rsplit("/", 1)[-1]].last_ephemeral = ephemeral
            payload.update(
                container={
                    "type": "message",
                    "message_ts": ephemeral.ts,
                    "channel_id": channel.id,
                    "is_ephemeral": True,
                },
                channel={"id": channel.id, "name": "directmessage" if channel.is_im else channel.name},
                response_url=url,
            )
        return self._post_payload(payload)

    def click_view_button(
        self, user_id: str, view_id: str, action_id: str, value: str | None = None
    ) -> Delivery:
        """A click inside an open modal (or Home tab) view."""
        with self.host.lock:
            user = self.user(user_id)
            view = self.view_store.get(view_id)
            if view is None:
                raise AssertionError(f"no view {view_id}")
            block_id, element = find_action(view["blocks"], action_id)
            payload = self._actions_payload(user, block_id, element, value)
            payload.update(container={"type": "view", "view_id": view_id}, view=copy.deepcopy(view))
        return self._post_payload(payload)

    def click_home_button(self, user_id: str, action_id: str, value: str | None = None) -> Delivery:
        view_id = self.homes.get(user_id)
        if view_id is None:
            raise AssertionError(f"no Home tab published for {user_id}")
        return self.click_view_button(user_id, view_id, action_id, value)

    # -- modals ----------------------------------------------------------------------------------------------
    def _on_stack(self, user_id: str, view_id: str) -> list[str]:
        stack = self.modal_stacks.get(user_id, [])
        if view_id not in stack:
            raise AssertionError(f"view {view_id} is not open for {user_id}; open: {stack}")
        return stack

    def submit_view(
        self, user_id: str, view_id: str, values: dict[str, dict[str, Json]] | None = None
    ) -> Delivery:
        """The person presses Submit with these input values; the app's response_action is applied."""
        with self.host.lock:
            user = self.user(user_id)
            self._on_stack(user_id, view_id)
            view = self.view_store[view_id]
            view["state"] = {"values": copy.deepcopy(values or {})}
            payload: Json = {
                "type": "view_submission",
                "team": {"id": self.team_id, "domain": self.domain},
                "user": self._user_json(user),
                "api_app_id": self.app_id,
                "token": "local-verification-token",
                "trigger_id": self.issue_trigger(user.id),
                "view": copy.deepcopy(view),
                "response_urls": [],
                "enterprise": self.enterprise_json(),
                "is_enterprise_install": self.org_wide,
            }
        delivery = self._post_payload(payload)
        with self.host.lock:
            if 200 <= delivery.status < 300:
                self._apply_response_action(user_id, view_id, delivery.json or {})
        return delivery

    def _apply_response_action(self, user_id: str, view_id: str, answer: Json) -> None:
        stack = self._on_stack(user_id, view_id)
        action = answer.get("response_action")
        if action == "errors":
            return
        if action == "clear":
            stack.clear()
        elif action in ("update", "push"):
            try:
                spec = view_spec({"view": answer.get("view")})
            except SlackError as exc:
                raise AssertionError(f"the app answered an invalid view: {exc.messages}") from exc
            if action == "update":
                self.view_store[view_id] = build_view(self, spec, view_id, self.view_store[view_id])
            elif len(stack) >= MAX_STACK:
                raise AssertionError("push_limit_reached: the app pushed a fourth modal")
            else:
                open_modal(self, user_id, spec, stack[-1])
        else:
            del stack[stack.index(view_id) :]

    def close_view(self, user_id: str, view_id: str) -> Delivery | None:
        """The person closes a modal; the app hears view_closed only if the view asked (notify_on_close)."""
        with self.host.lock:
            stack = self._on_stack(user_id, view_id)
            view = copy.deepcopy(self.view_store[view_id])
            cleared = bool(view.get("clear_on_close"))
            del stack[0 if cleared else stack.index(view_id) :]
            if not view.get("notify_on_close"):
                return None
            payload: Json = {
                "type": "view_closed",
                "team": {"id": self.team_id, "domain": self.domain},
                "enterprise": self.enterprise_json(),
                "is_enterprise_install": self.org_wide,
                "user": self._user_json(self.user(user_id)),
                "api_app_id": self.app_id,
                "view": view,
                "is_cleared": cleared,
            }
        return self._post_payload(payload)
