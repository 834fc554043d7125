"""manifest.yml and the registered listeners agree, in both directions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, ValidationError
from referencing import Registry, Resource

import handlers
from tests.harness import CHANNEL, FAC, BotUnderTest

MANIFEST = Path(__file__).parent.parent / "manifest.yml"
SCHEMAS = Path(__file__).parent / "slack_manifest_schema"
# Where Slack's entry-point schema points for each version; the test resolves them to the local copies.
PUBLISHED = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"
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


def slack_schema() -> Draft7Validator:
    """Slack's published manifest schema (tests/slack_manifest_schema, MIT), resolved offline."""
    entry = json.loads((SCHEMAS / "manifest.schema.json").read_text())
    versions = [
        (PUBLISHED + name, Resource.from_contents(json.loads((SCHEMAS / name).read_text())))
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    ]
    registry: Registry[Any] = Registry().with_resources(versions)
    return Draft7Validator(entry, registry=registry)


def test_the_manifest_is_valid_against_slacks_published_schema() -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in slack_schema().iter_errors(manifest())]
    assert errors == []


@pytest.mark.parametrize(
    "breakage",
    [
        lambda m: m["features"]["slash_commands"][0].pop("description"),
        lambda m: m["features"]["slash_commands"][0].update(usage_hint="x" * 1001),
        lambda m: m["oauth_config"]["scopes"].update(bot="chat:write"),
        lambda m: m["settings"].update(socket_mode_enabled="yes"),
        lambda m: m.update(unknown_section={}),
    ],
)
def test_the_schema_catches_a_broken_manifest(breakage: Any) -> None:
    broken = manifest()
    breakage(broken)
    with pytest.raises(ValidationError):
        slack_schema().validate(broken)


# Every subcommand, as `/assess help` and `/coach help` describe them (coaches, /assess export and erase: the
# data and permission commands of issue 11).
SUBCOMMANDS = {
    "/assess": (
        "status", "stop", "plan", "plans", "plan move", "plan cancel", "facilitators", "add", "remove",
        "export", "erase", "help", "timing=", "sponsor=", "series=", "min_group=", "anonymous",
    ),
    "/coach": (
        "new", "list", "status", "next", "feedback", "commit", "export", "erase", "coaches", "add", "remove",
        "help",
    ),
}  # fmt: skip


def test_the_usage_hints_list_every_subcommand() -> None:
    hints = {c["command"]: c["usage_hint"] for c in manifest()["features"]["slash_commands"]}
    assert set(hints) == set(SUBCOMMANDS)
    for command, words in SUBCOMMANDS.items():
        missing = [w for w in words if w not in hints[command]]
        assert missing == [], f"{command}'s usage hint leaves out {missing}"
