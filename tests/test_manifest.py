"""manifest.yml and the registered listeners agree, in both directions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import handlers
from tests.harness import CHANNEL, FAC, BotUnderTest

MANIFEST = Path(__file__).parent.parent / "manifest.yml"
# Events API subscription names → the event type a listener registers for.
EVENT_TYPES = {
    "message.channels": "message",
    "message.groups": "message",
    "app_home_opened": "app_home_opened",
    "app_uninstalled": "app_uninstalled",
    "tokens_revoked": "tokens_revoked",
}


def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load(MANIFEST.read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_every_manifest_command_has_a_listener_and_back() -> None:
    commands = {c["command"] for c in manifest()["features"]["slash_commands"]}
    assert commands == set(handlers.COMMANDS)
    assert all(c["should_escape"] is True for c in manifest()["features"]["slash_commands"])


def test_every_manifest_event_has_a_listener_and_back() -> None:
    events = {EVENT_TYPES[e] for e in manifest()["settings"]["event_subscriptions"]["bot_events"]}
    assert events == set(handlers.EVENTS)


def test_manifest_turns_on_what_the_app_needs() -> None:
    settings = manifest()["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "users:read", "channels:history", "im:write"} <= scopes


def test_the_app_answers_every_manifest_command_and_event(bot: BotUnderTest) -> None:
    for command in manifest()["features"]["slash_commands"]:
        delivery = bot.ws.slash_command(FAC, CHANNEL, command=command["command"], text="help")
        assert delivery.status == 200, command
    _, delivery = bot.ws.post_message(FAC, CHANNEL, "hello")
    assert delivery.status == 200
    unknown = bot.ws.slash_command(FAC, CHANNEL, command="/not-ours", text="")
    assert unknown.status == 404  # proves an unregistered command would be caught
