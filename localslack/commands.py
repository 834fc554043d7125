"""Slash commands and response URLs: what the person typed, and what the app answers them."""

from __future__ import annotations

import copy
import json
import urllib.parse
from typing import Any

from localslack.events import WorkspaceEvents
from localslack.model import Delivery, Ephemeral, Json, Message, User
from localslack.signing import FORM


class WorkspaceCommands(WorkspaceEvents):
    def _user_json(self, user: User) -> Json:
        return {"id": user.id, "username": user.name, "name": user.name, "team_id": self.team_id}

    def _post_payload(self, payload: Json) -> Delivery:
        return self._send(urllib.parse.urlencode({"payload": json.dumps(payload)}), FORM)

    # -- slash commands --------------------------------------------------------------------------------------
    def slash_command(
        self, user_id: str, channel_id: str, command: str = "/assess", text: str = ""
    ) -> Delivery:
        """A person types the command; the app's synchronous answer is shown to them as Slack would."""
        with self.host.lock:
            user, channel = self.user(user_id), self.channel(channel_id)
            response_url = self.issue_response_url(user.id, channel.id)
            form = {
                "token": "local-verification-token",
                "team_id": self.team_id,
                "team_domain": self.domain,
                "channel_id": channel.id,
                "channel_name": "directmessage" if channel.is_im else channel.name,
                "user_id": user.id,
                "user_name": user.name,
                "command": command,
                "text": text,
                "api_app_id": self.app_id,
                "is_enterprise_install": "true" if self.org_wide else "false",
                **({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}),
                "response_url": response_url,
                "trigger_id": self.issue_trigger(user.id),
            }
        delivery = self._send(urllib.parse.urlencode(form), FORM)
        with self.host.lock:
            self._show_command_answer(delivery, user.id, channel.id, response_url.rsplit("/", 1)[-1])
        return delivery

    def _show_command_answer(self, delivery: Delivery, user_id: str, channel_id: str, url_id: str) -> None:
        if not 200 <= delivery.status < 300 or not delivery.body.strip():
            return
        if delivery.json is None:
            # Slack shows a plain-text answer as a message with that text; report it the same way.
            delivery.json = {"text": delivery.body}
        answer = delivery.json
        if answer.get("text") is None and answer.get("blocks") is None:
            return
        if answer.get("response_type") == "in_channel":
            self._post_as_app(channel_id, answer)
            return
        ephemeral = self._ephemeral(user_id, channel_id, answer, "command")
        self.response_urls[url_id].last_ephemeral = ephemeral

    def _ephemeral(self, user_id: str, channel_id: str, answer: Json, source: str) -> Ephemeral:
        blocks = answer.get("blocks")
        ephemeral = Ephemeral(
            user_id,
            channel_id,
            answer.get("text"),
            copy.deepcopy(blocks),
            self.next_ts(),
            source,
            answer.get("thread_ts"),
        )
        return self.record_ephemeral(ephemeral)

    def _post_as_app(self, channel_id: str, answer: Json) -> Message:
        message = Message(
            channel=channel_id,
            ts=self.next_ts(),
            text=str(answer.get("text") or ""),
            user=self.bot_user_id,
            bot_id=self.bot_id,
            blocks=copy.deepcopy(answer.get("blocks")),
            thread_ts=self.thread_root(channel_id, answer.get("thread_ts")),
            team=self.team_id,
        )
        return self.store(message)

    # -- response_url ----------------------------------------------------------------------------------------
    def respond(self, url_id: str, answer: Any) -> tuple[int, Json]:
        """A POST to a response_url: at most 5 uses within 30 minutes, as Slack allows."""
        with self.host.lock:
            url = self.response_urls[url_id]
            if self.epoch() - url.issued > 30 * 60:
                return 404, {"ok": False, "error": "expired_url"}
            if url.uses >= 5:
                return 404, {"ok": False, "error": "used_url"}
            if not isinstance(answer, dict):
                return 400, {"ok": False, "error": "invalid_payload"}
            url.uses += 1
            original = (
                self.find(url.channel_id, url.message_ts) if url.message_ts and not url.is_ephemeral else None
            )
            if answer.get("delete_original"):
                self._delete_original(original, url.last_ephemeral)
            elif answer.get("replace_original") and (original or url.last_ephemeral):
                self._replace_original(original, url.last_ephemeral, answer)
            elif answer.get("response_type") == "in_channel":
                self._post_as_app(url.channel_id, answer)
            else:
                url.last_ephemeral = self._ephemeral(url.user_id, url.channel_id, answer, "response_url")
            return 200, {"ok": True}

    def _delete_original(self, original: Message | None, ephemeral: Ephemeral | None) -> None:
        if original is not None:
            original.deleted = True
        elif ephemeral is not None:
            ephemeral.deleted = True

    def _replace_original(self, original: Message | None, ephemeral: Ephemeral | None, answer: Json) -> None:
        target: Message | Ephemeral | None = original or ephemeral
        if target is None:
            return
        target.edits.append({"text": target.text, "blocks": copy.deepcopy(target.blocks)})
        target.text = str(answer.get("text") or "")
        target.blocks = copy.deepcopy(answer.get("blocks"))
